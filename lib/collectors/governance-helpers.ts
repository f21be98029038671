import type { Scope } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { InvalidResponseError } from './errors.js';
import type { CollectorContext } from './types.js';

/**
 * The id of a setting that has no ARN of its own and exists once per account and region (the
 * Config recorders of a region, its delivery channels): stable, so findings keep their identity.
 */
export function regionSettingId(service: string, what: string, scope: Scope): string {
  return `arn:aws:${service}:${scope.region}:${scope.accountId}:${what}`;
}

export interface RecordSpec {
  collector: string;
  service: string;
  operation: string;
  resource: EvidenceRecord['resource'];
  data: object;
}

/** An evidence record of the context's account and region, collected now. */
export function governanceRecord(ctx: CollectorContext, spec: RecordSpec): EvidenceRecord {
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: spec.collector, service: spec.service, operation: spec.operation },
    resource: spec.resource,
    collectedAt: ctx.now(),
    data: spec.data,
  });
}

/** The array field `name` of an API answer; an InvalidResponseError when the answer lacks it. */
export function requiredList(operation: string, output: object, name: string): unknown[] {
  const value = (output as Record<string, unknown>)[name];
  if (!Array.isArray(value)) throw new InvalidResponseError(`${operation} returned no ${name} list.`);
  return value;
}
