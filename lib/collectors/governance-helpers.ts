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

/**
 * Passes the pages of an SDK paginator through, and stops with an InvalidResponseError when a page
 * hands back a NextToken that an earlier page already gave (the paginator would loop forever).
 * The page that repeats the token is still yielded: its items were read.
 */
export async function* guardedPages<P extends { NextToken?: string | undefined }>(
  operation: string,
  pages: AsyncIterable<P>,
): AsyncGenerator<P> {
  const seen = new Set<string>();
  for await (const page of pages) {
    yield page;
    const token = page.NextToken;
    if (token === undefined || token === '') continue;
    if (seen.has(token)) throw new InvalidResponseError(`${operation} returned a NextToken it had already returned.`);
    seen.add(token);
  }
}

/** The array field `name` of an API answer; an InvalidResponseError when the answer lacks it. */
export function requiredList(operation: string, output: object, name: string): unknown[] {
  const value = (output as Record<string, unknown>)[name];
  if (!Array.isArray(value)) throw new InvalidResponseError(`${operation} returned no ${name} list.`);
  return value;
}
