import { IAM_HOME_REGION } from '../collectors/iam-global.js';
import type { Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { makeFinding, perResource, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata, EvaluationInput, Finding } from './types.js';

/** Reads a nested field of an API answer (`a.b.c`), or undefined where any step is missing. */
export function field(record: EvidenceRecord, path: string): unknown {
  let value: unknown = record.data;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** A string field that is present and not blank. */
export function textField(record: EvidenceRecord, path: string): string | undefined {
  const value = field(record, path);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The last part of an ARN's resource (`.../name`), for reasons. */
export function nameOf(arn: string): string {
  const tail = arn.split('#').pop() ?? arn;
  return tail.split('/').pop() ?? tail;
}

/** A control over the records of one collector: one finding per resource, with the resource's name for reasons. */
export function resourceControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  source: { collector: string; resourceType: string; noun: string; nameField?: string },
  check: (record: EvidenceRecord, name: string) => Verdict,
): Control {
  return perResource(
    { ...meta, collectors: [source.collector], resourceType: source.resourceType },
    {
      collector: source.collector,
      noun: source.noun,
      check: (record) =>
        check(record, (source.nameField === undefined ? undefined : textField(record, source.nameField)) ?? nameOf(record.resource.id)),
    },
  );
}

/** The resource of a finding about a whole account's IAM (IAM is global): the account's root ARN. */
export function iamAccountResource(scope: Scope): Finding['resource'] {
  return { type: 'AWS::::Account', id: `arn:aws:iam::${scope.accountId}:root` };
}

/**
 * One control over several per-resource parts that judge the same thing in different sources (e.g.
 * managed and inline policies), all with `scopeResource` for their findings about a whole scope.
 * Resource findings are kept; the parts' scope findings are merged, so each scope has at most one:
 * INSUFFICIENT_EVIDENCE if any part could not read it (reasons joined), NOT_APPLICABLE only if every
 * part read it completely and found nothing.
 */
export function unionOfParts(
  meta: ControlMetadata,
  parts: readonly Control[],
  options: { noun: string; scopeResource(scope: Scope): Finding['resource'] },
): Control {
  const evaluate = (input: EvaluationInput): Finding[] => {
    const findings = parts.flatMap((part) => part.evaluate(input));
    const out: Finding[] = [];
    for (const scope of input.scopes) {
      const resource = options.scopeResource(scope);
      const mine = findings.filter((f) => f.accountId === scope.accountId && f.region === scope.region);
      const scopeLevel = mine.filter((f) => f.resource.id === resource.id);
      const resources = mine.filter((f) => f.resource.id !== resource.id);
      out.push(...resources);
      const insufficient = scopeLevel.filter((f) => f.status === 'INSUFFICIENT_EVIDENCE');
      if (insufficient.length > 0) {
        out.push(
          makeFinding(meta, scope, {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: insufficient.map((f) => f.reason).join(' '),
            resource,
            evidence: [],
          }),
        );
      } else if (resources.length === 0 && scopeLevel.length === parts.length) {
        out.push(
          makeFinding(meta, scope, {
            status: 'NOT_APPLICABLE',
            reason: `No ${options.noun} in account ${scope.accountId}.`,
            resource,
            evidence: [],
          }),
        );
      }
    }
    return out;
  };
  return { ...meta, evaluate };
}

/** Where a global service is read, and how to say it was not read for an account. */
export interface GlobalService {
  /** The one region its collectors read it in. */
  homeRegion: string;
  /** The reason of the INSUFFICIENT_EVIDENCE finding of an account the run does not assess there. */
  notRead(accountId: string, homeRegion: string): string;
}

export const IAM_SERVICE: GlobalService = {
  homeRegion: IAM_HOME_REGION,
  notRead: (accountId, region) =>
    `IAM of account ${accountId} was not read: IAM is global and ai-evidence reads it in ${region}, which this run does not assess for the account.`,
};

/**
 * Makes a control over a global service's evidence (IAM by default) judge each account once, in the
 * region its collectors read it in. The account's other regions get no finding; an account the run
 * does not assess in that region gets one INSUFFICIENT_EVIDENCE finding (in its first region),
 * since the service was never read for it.
 */
export function oncePerAccount(control: Control, service: GlobalService = IAM_SERVICE): Control {
  const evaluate = (input: EvaluationInput): Finding[] => {
    const home = input.scopes.filter((s) => s.region === service.homeRegion);
    const findings = control.evaluate({ ...input, scopes: home });
    const covered = new Set(home.map((s) => s.accountId));
    const missing = new Map<string, Scope>();
    for (const scope of input.scopes) {
      if (covered.has(scope.accountId)) continue;
      const seen = missing.get(scope.accountId);
      if (seen === undefined || scope.region < seen.region) missing.set(scope.accountId, scope);
    }
    for (const scope of [...missing.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1))) {
      findings.push(
        makeFinding(control, scope, {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: service.notRead(scope.accountId, service.homeRegion),
          resource: iamAccountResource(scope),
          evidence: [],
        }),
      );
    }
    return findings;
  };
  return { ...control, evaluate };
}
