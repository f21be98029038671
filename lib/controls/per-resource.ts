import { inCanonicalOrder } from '../evidence/canonical.js';
import type { Scope } from '../evidence/coverage.js';
import type { EvidenceRecord, SealedEvidence } from '../evidence/record.js';
import type { Control, ControlMetadata, EvaluationInput, Finding, FindingStatus } from './types.js';

export interface Verdict {
  status: FindingStatus;
  reason: string;
}

export interface PerResourceOptions {
  /** The collector whose records the control judges. */
  collector: string;
  /** What the scope holds, for NOT_APPLICABLE and INSUFFICIENT_EVIDENCE reasons, e.g. `SageMaker notebook instances`. */
  noun: string;
  /** Judges one record; a field the API should have returned but did not is INSUFFICIENT_EVIDENCE. */
  check(record: EvidenceRecord): Verdict;
  /** The resource a scope-level finding is about; defaults to the account and region. */
  scopeResource?(scope: Scope): Finding['resource'];
  /**
   * The collector reads one setting per account and region (it always exists), so a scope read
   * without a record is missing evidence, not an empty scope.
   */
  onePerScope?: boolean;
}

/** The resource of a finding about a whole account and region. */
export function regionScopeResource(scope: Scope): Finding['resource'] {
  return { type: 'AWS::::Account', id: `arn:aws:::${scope.accountId}:region/${scope.region}` };
}

export function makeFinding(
  meta: ControlMetadata,
  scope: Scope,
  fields: Omit<Finding, 'schemaVersion' | 'controlId' | 'severity' | 'accountId' | 'region'>,
): Finding {
  return inCanonicalOrder<Finding>({
    schemaVersion: 1,
    controlId: meta.id,
    severity: meta.severity,
    accountId: scope.accountId,
    region: scope.region,
    ...fields,
  });
}

function describeErrors(errors: readonly { operation: string; code: string; message: string }[]): string {
  return errors.map((e) => `${e.operation} failed with ${e.code}: ${e.message.replace(/\.$/, '')}`).join('; ');
}

/**
 * The usual shape of a control: one finding per resource a collector read, INSUFFICIENT_EVIDENCE
 * for every resource or scope that could not be read, NOT_APPLICABLE where the scope was read and
 * holds none.
 */
export function perResource(meta: ControlMetadata, options: PerResourceOptions): Control {
  const scopeResource = options.scopeResource ?? regionScopeResource;
  const evaluate = (input: EvaluationInput): Finding[] => {
    const findings: Finding[] = [];
    for (const scope of input.scopes) {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const coverage = input.coverageOf(options.collector, scope);
      const records = input.evidenceOf(options.collector, scope).filter((e) => e.record.resource.type === meta.resourceType);
      for (const evidence of records) {
        const verdict = options.check(evidence.record);
        findings.push(makeFinding(meta, scope, { ...verdict, resource: evidence.record.resource, evidence: [evidence.sha256] }));
      }
      if (coverage === undefined) {
        findings.push(
          makeFinding(meta, scope, {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `${options.noun} in ${where} were not collected: the ${options.collector} collector did not run.`,
            resource: scopeResource(scope),
            evidence: [],
          }),
        );
        continue;
      }
      for (const error of coverage.errors) {
        if (error.resourceId === undefined) continue;
        findings.push(
          makeFinding(meta, scope, {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `${error.resourceId} in ${where} could not be read: ${describeErrors([error])}.`,
            resource: { type: meta.resourceType, id: error.resourceId },
            evidence: [],
          }),
        );
      }
      const listingErrors = coverage.errors.filter((e) => e.resourceId === undefined);
      if (listingErrors.length > 0) {
        findings.push(
          makeFinding(meta, scope, {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `${options.noun} in ${where} could not all be read, so this control cannot be judged there: ${describeErrors(listingErrors)}.`,
            resource: scopeResource(scope),
            evidence: [],
          }),
        );
      } else if (records.length === 0 && coverage.errors.length === 0) {
        findings.push(
          makeFinding(
            meta,
            scope,
            options.onePerScope
              ? {
                  status: 'INSUFFICIENT_EVIDENCE',
                  reason: `The ${options.collector} collector read ${where} but kept no record of its ${options.noun}.`,
                  resource: scopeResource(scope),
                  evidence: [],
                }
              : { status: 'NOT_APPLICABLE', reason: `No ${options.noun} in ${where}.`, resource: scopeResource(scope), evidence: [] },
          ),
        );
      }
    }
    return findings;
  };
  return { ...meta, evaluate };
}

/** Reads a string field of an API answer, or undefined if it is absent or not a string. */
export function stringField(record: EvidenceRecord, name: string): string | undefined {
  const value = record.data[name];
  return typeof value === 'string' ? value : undefined;
}

export interface ScopeVerdict extends Verdict {
  /** The records the verdict rests on; by default every record the collectors kept for the scope. */
  cite?: readonly SealedEvidence[];
}

export interface PerScopeOptions {
  /** Every collector whose records the control reads; each must have read the scope completely. */
  collectors: readonly string[];
  /** What the scope is judged on, for reasons, e.g. `Bedrock guardrails`. */
  noun: string;
  /**
   * Judges the scope from the records of each collector (keyed by collector id), called only when
   * every collector read the scope without error. An empty list is a complete read of nothing.
   */
  check(records: ReadonlyMap<string, readonly SealedEvidence[]>, scope: Scope): ScopeVerdict;
  /** The resource the finding is about; defaults to the account and region. */
  scopeResource?(scope: Scope): Finding['resource'];
}

/**
 * A control with one finding per account and region, for what only the whole scope can show
 * ("at least one guardrail", "a trail records Bedrock data events"). A collector that did not run
 * or did not read the scope completely makes it INSUFFICIENT_EVIDENCE: the absence of a record is
 * only evidence when the listing was complete.
 */
export function perScope(meta: ControlMetadata, options: PerScopeOptions): Control {
  const scopeResource = options.scopeResource ?? regionScopeResource;
  const evaluate = (input: EvaluationInput): Finding[] =>
    input.scopes.map((scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const notRun = options.collectors.filter((c) => input.coverageOf(c, scope) === undefined);
      if (notRun.length > 0) {
        return makeFinding(meta, scope, {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `${options.noun} in ${where} were not collected: the ${notRun.join(', ')} collector${notRun.length > 1 ? 's' : ''} did not run.`,
          resource: scopeResource(scope),
          evidence: [],
        });
      }
      const errors = options.collectors.flatMap((c) => input.coverageOf(c, scope)?.errors ?? []);
      if (errors.length > 0) {
        return makeFinding(meta, scope, {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `${options.noun} in ${where} could not all be read, so this control cannot be judged there: ${describeErrors(errors)}.`,
          resource: scopeResource(scope),
          evidence: [],
        });
      }
      const records = new Map(options.collectors.map((c) => [c, input.evidenceOf(c, scope)] as const));
      const { cite, ...verdict } = options.check(records, scope);
      const cited = cite ?? [...records.values()].flat();
      return makeFinding(meta, scope, {
        ...verdict,
        resource: scopeResource(scope),
        evidence: [...new Set(cited.map((e) => e.sha256))].sort(),
      });
    });
  return { ...meta, evaluate };
}
