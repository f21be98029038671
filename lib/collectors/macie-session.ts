import { GetMacieSessionCommand } from '@aws-sdk/client-macie2';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { classifyAwsError, collectorResult, coverageError } from './errors.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const MACIE_SESSION = 'macie.session';
export const MACIE_SESSION_TYPE = 'AWS::Macie::Session';

/** The Macie session of a region has no ARN; this id is stable per account and region. */
export function macieSessionId(scope: { accountId: string; region: string }): string {
  return `arn:aws:macie2:${scope.region}:${scope.accountId}:session`;
}

/**
 * Macie answers every call, GetMacieSession included, with AccessDeniedException "Macie is not
 * enabled" in a region where it is off. That answer is a fact about the region, not a gap in what
 * was read, so it is kept as the record's data (`{ error: { code, message } }`); any other error,
 * an AccessDenied for a missing permission included, is a coverage error.
 */
export function isMacieNotEnabled(error: unknown): boolean {
  const { code, message } = classifyAwsError(error);
  return code === 'AccessDeniedException' && /macie is not enabled/i.test(message);
}

/** Whether Amazon Macie is enabled in the region: GetMacieSession. */
export const macieSession: Collector = {
  id: MACIE_SESSION,
  service: 'macie2',
  description: 'Amazon Macie status of the region (GetMacieSession).',
  actions: ['macie2:GetMacieSession'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('macie2', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const record = (data: object) =>
      makeEvidence({
        accountId: ctx.accountId,
        region: ctx.region,
        source: { collector: MACIE_SESSION, service: 'macie2', operation: 'GetMacieSession' },
        resource: { type: MACIE_SESSION_TYPE, id: macieSessionId(ctx) },
        collectedAt: ctx.now(),
        data,
      });
    try {
      records.push(record(await client.send(new GetMacieSessionCommand({}))));
    } catch (error) {
      if (isMacieNotEnabled(error)) {
        const { code, message } = classifyAwsError(error);
        records.push(record({ error: { code, message } }));
      } else {
        errors.push(coverageError('GetMacieSession', error));
      }
    }
    return collectorResult(MACIE_SESSION, ctx, records, errors);
  },
};
