import type { CoverageError, Scope } from '../evidence/coverage.js';
import type { SealedEvidence } from '../evidence/record.js';
import { makeFinding, regionScopeResource, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata, EvaluationInput, Finding } from './types.js';

/**
 * A collector and what a control knows of its operations. Every error the collector met in a scope
 * concerns the control unless it is of an operation named in `unrelated`: an error of an operation
 * the control names in neither list (the scope's role could not be assumed, the collect function
 * failed, an operation added to the collector since) may have left unread what the control rests
 * on, so it cannot be judged from what was read.
 */
export interface Source {
  collector: string;
  /** The operations whose records the control reads, and those they depend on (the listing whose items are then read). */
  operations: readonly string[];
  /**
   * The collector's other operations, which it calls on their own: their errors leave the records
   * of `operations` whole, so they do not concern this control (a delivery channel read that was
   * denied says nothing about the recorder read beside it).
   */
  unrelated?: readonly string[];
}

export function describeErrors(errors: readonly CoverageError[]): string {
  return errors.map((e) => `${e.operation} failed with ${e.code}: ${e.message.replace(/\.$/, '')}`).join('; ');
}

const where = (scope: Scope) => `account ${scope.accountId} in ${scope.region}`;

/** The records a source kept for a scope, of the operations it names. */
function recordsOf(input: EvaluationInput, source: Source, scope: Scope): SealedEvidence[] {
  return input.evidenceOf(source.collector, scope).filter((e) => source.operations.includes(e.record.source.operation));
}

/** The errors of a source's collector in a scope that concern the control: all but those of its unrelated operations. */
function errorsOf(input: EvaluationInput, source: Source, scope: Scope): CoverageError[] {
  const unrelated = source.unrelated ?? [];
  return (input.coverageOf(source.collector, scope)?.errors ?? []).filter((e) => !unrelated.includes(e.operation));
}

/** Refuses, when the catalog loads, sources a control could be misjudged by. */
function checkSources(controlId: string, sources: readonly Source[]): void {
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.collector)) {
      throw new Error(`Control ${controlId} names collector ${source.collector} twice: give it one source with every operation.`);
    }
    seen.add(source.collector);
    const both = (source.unrelated ?? []).filter((op) => source.operations.includes(op));
    if (both.length > 0) {
      throw new Error(
        `Control ${controlId} names ${both.join(', ')} of ${source.collector} both as an operation it rests on and as one whose errors do not concern it.`,
      );
    }
  }
}

/** What a scope-level check sees: the records of each operation, and the errors it was asked to weigh itself. */
export interface ScopeView {
  scope: Scope;
  records(collector: string, operation: string): readonly SealedEvidence[];
  /** Errors the control tolerates (see `tolerate`): the check decides what they mean. */
  tolerated: readonly CoverageError[];
}

export interface ScopeCheckVerdict extends Verdict {
  /** The records the verdict rests on; by default every record of the sources. */
  cite?: readonly SealedEvidence[];
}

export interface ScopeControlOptions {
  sources: readonly Source[];
  /** What is judged, for reasons, e.g. `AWS Config recorders`. */
  noun: string;
  check(view: ScopeView): ScopeCheckVerdict;
  /**
   * Errors of the operations it rests on that the check weighs itself instead of the scope being
   * INSUFFICIENT_EVIDENCE outright, e.g. one trail of several whose status could not be read when
   * another trail already proves the point. Never asked of an error of another operation.
   */
  tolerate?(error: CoverageError): boolean;
  scopeResource?(scope: Scope): Finding['resource'];
}

/**
 * One finding per account and region, from the records of some operations of some collectors. Fail
 * closed: a collector that did not run, or an error that concerns the control (see {@link Source})
 * and that it does not tolerate, gives INSUFFICIENT_EVIDENCE with the errors.
 */
export function scopeControl(meta: ControlMetadata, options: ScopeControlOptions): Control {
  checkSources(meta.id, options.sources);
  const scopeResource = options.scopeResource ?? regionScopeResource;
  const evaluate = (input: EvaluationInput): Finding[] =>
    input.scopes.map((scope) => {
      const notRun = [...new Set(options.sources.map((s) => s.collector))].filter((c) => input.coverageOf(c, scope) === undefined);
      if (notRun.length > 0) {
        return makeFinding(meta, scope, {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `${options.noun} in ${where(scope)} were not collected: the ${notRun.join(', ')} collector${notRun.length > 1 ? 's' : ''} did not run.`,
          resource: scopeResource(scope),
          evidence: [],
        });
      }
      const tolerated: CoverageError[] = [];
      const blocking: CoverageError[] = [];
      for (const source of options.sources) {
        for (const error of errorsOf(input, source, scope)) {
          const own = source.operations.includes(error.operation);
          (own && options.tolerate?.(error) === true ? tolerated : blocking).push(error);
        }
      }
      if (blocking.length > 0) {
        return makeFinding(meta, scope, {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `${options.noun} in ${where(scope)} could not be read, so this control cannot be judged there: ${describeErrors(blocking)}.`,
          resource: scopeResource(scope),
          evidence: [],
        });
      }
      const all = options.sources.flatMap((s) => recordsOf(input, s, scope));
      const view: ScopeView = {
        scope,
        records: (collector, operation) => input.evidenceOf(collector, scope).filter((e) => e.record.source.operation === operation),
        tolerated,
      };
      const { cite, ...verdict } = options.check(view);
      return makeFinding(meta, scope, {
        ...verdict,
        resource: scopeResource(scope),
        evidence: [...new Set((cite ?? all).map((e) => e.sha256))].sort(),
      });
    });
  return { ...meta, evaluate };
}

export interface ResourceControlOptions {
  collector: string;
  /** The operation whose records are the resources judged (one finding each). */
  primary: string;
  /** Every operation the control rests on: the listing, the primary read and any related reads. */
  operations: readonly string[];
  /** Reads whose records the check may use but whose failure does not stop it (it judges without them). */
  optional?: readonly string[];
  /** The collector's other operations, read on their own, whose errors do not concern it (see {@link Source}). */
  unrelated?: readonly string[];
  /** What the scope holds, for reasons, e.g. `CloudTrail trails`. */
  noun: string;
  /** Which primary records this control judges (default all); the others are someone else's to judge. */
  include?(evidence: SealedEvidence, scope: Scope): boolean;
  /**
   * Judges one resource from its primary record and the records of the other operations about the
   * same resource (by resource id). A field the API should have returned but did not is INSUFFICIENT_EVIDENCE.
   */
  check(primary: SealedEvidence, related: ReadonlyMap<string, SealedEvidence>): Verdict;
}

/**
 * One finding per resource, like perResource, but over several operations of one collector: a
 * resource with an error that concerns the control (see {@link Source}; an optional read's does not)
 * is INSUFFICIENT_EVIDENCE, such an error about no one resource (a listing, the scope's role) makes
 * the scope INSUFFICIENT_EVIDENCE, a scope read completely without such resources is NOT_APPLICABLE.
 */
export function resourceControl(meta: ControlMetadata, options: ResourceControlOptions): Control {
  const source: Source = {
    collector: options.collector,
    operations: options.operations,
    unrelated: [...(options.unrelated ?? []), ...(options.optional ?? [])],
  };
  checkSources(meta.id, [source]);
  const evaluate = (input: EvaluationInput): Finding[] => {
    const findings: Finding[] = [];
    for (const scope of input.scopes) {
      if (input.coverageOf(options.collector, scope) === undefined) {
        findings.push(
          makeFinding(meta, scope, {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `${options.noun} in ${where(scope)} were not collected: the ${options.collector} collector did not run.`,
            resource: regionScopeResource(scope),
            evidence: [],
          }),
        );
        continue;
      }
      const records = recordsOf(input, { ...source, operations: [...options.operations, ...(options.optional ?? [])] }, scope);
      const errors = errorsOf(input, source, scope);
      const byResource = new Map<string, Map<string, SealedEvidence>>();
      for (const evidence of records) {
        const reads = byResource.get(evidence.record.resource.id) ?? new Map<string, SealedEvidence>();
        reads.set(evidence.record.source.operation, evidence);
        byResource.set(evidence.record.resource.id, reads);
      }
      const excluded = new Set<string>();
      const judged = new Set<string>();
      for (const evidence of records) {
        if (evidence.record.source.operation !== options.primary || evidence.record.resource.type !== meta.resourceType) continue;
        const id = evidence.record.resource.id;
        if (options.include !== undefined && !options.include(evidence, scope)) {
          excluded.add(id);
          continue;
        }
        judged.add(id);
        const failures = errors.filter((e) => e.resourceId === id);
        if (failures.length > 0) {
          findings.push(
            makeFinding(meta, scope, {
              status: 'INSUFFICIENT_EVIDENCE',
              reason: `${id} in ${where(scope)} could not be read completely: ${describeErrors(failures)}.`,
              resource: evidence.record.resource,
              evidence: [evidence.sha256],
            }),
          );
          continue;
        }
        const related = byResource.get(id) ?? new Map<string, SealedEvidence>();
        const verdict = options.check(evidence, related);
        findings.push(
          makeFinding(meta, scope, {
            ...verdict,
            resource: evidence.record.resource,
            evidence: [...new Set([...related.values()].map((e) => e.sha256))].sort(),
          }),
        );
      }
      // A resource known only from an error (its primary read failed) is a gap of its own.
      const unread = new Map<string, CoverageError[]>();
      for (const error of errors) {
        if (error.resourceId === undefined || judged.has(error.resourceId) || excluded.has(error.resourceId)) continue;
        unread.set(error.resourceId, [...(unread.get(error.resourceId) ?? []), error]);
      }
      for (const [id, failures] of [...unread].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        findings.push(
          makeFinding(meta, scope, {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `${id} in ${where(scope)} could not be read: ${describeErrors(failures)}.`,
            resource: { type: meta.resourceType, id },
            evidence: [],
          }),
        );
      }
      const listing = errors.filter((e) => e.resourceId === undefined);
      if (listing.length > 0) {
        findings.push(
          makeFinding(meta, scope, {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `${options.noun} in ${where(scope)} could not all be read, so this control cannot be judged there: ${describeErrors(listing)}.`,
            resource: regionScopeResource(scope),
            evidence: [],
          }),
        );
      } else if (judged.size === 0 && unread.size === 0) {
        findings.push(
          makeFinding(meta, scope, {
            status: 'NOT_APPLICABLE',
            reason: `No ${options.noun} to judge in ${where(scope)}.`,
            resource: regionScopeResource(scope),
            evidence: [],
          }),
        );
      }
    }
    return findings;
  };
  return { ...meta, evaluate };
}

/** A plain-object field of a record's data (or of a nested object), or undefined. */
export function objectField(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const field = (value as Record<string, unknown>)[name];
  return field !== null && typeof field === 'object' && !Array.isArray(field) ? (field as Record<string, unknown>) : undefined;
}

/** An array field, or undefined when absent or not an array. */
export function arrayField(value: unknown, name: string): unknown[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const field = (value as Record<string, unknown>)[name];
  return Array.isArray(field) ? field : undefined;
}

/**
 * Names a few items for a reason, with the count of the rest. The items are sorted (by code unit,
 * whatever the locale), so a reason depends on what was read, never on the order it was read in:
 * two runs of the same estate seal the same words.
 */
export function listSome(items: readonly string[], max = 5): string {
  const shown = [...items]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, max)
    .join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
