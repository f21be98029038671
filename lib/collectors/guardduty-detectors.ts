import { GetDetectorCommand, type GuardDutyClient, paginateListDetectors } from '@aws-sdk/client-guardduty';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const GUARDDUTY_DETECTORS = 'guardduty.detectors';
export const DETECTOR_TYPE = 'AWS::GuardDuty::Detector';

/** GetDetector answers carry no ARN; this is the detector's ARN as AWS forms it. */
export function detectorArn(scope: { accountId: string; region: string }, detectorId: string): string {
  return `arn:aws:guardduty:${scope.region}:${scope.accountId}:detector/${detectorId}`;
}

/**
 * Every detector id of the region (a region holds at most one, but the API pages). A repeated
 * NextToken or an empty id is an InvalidResponseError; ids read before an error are kept in `into`.
 */
export async function listDetectorIds(client: GuardDutyClient, into: string[]): Promise<void> {
  for await (const page of guardedPages('ListDetectors', paginateListDetectors({ client, pageSize: 50 }, {}))) {
    for (const id of page.DetectorIds ?? []) {
      if (typeof id !== 'string' || id === '') throw new InvalidResponseError('ListDetectors returned an empty detector id.');
      into.push(id);
    }
  }
}

/** GuardDuty detectors: ListDetectors, then GetDetector for each (status and protection features). */
export const guardDutyDetectors: Collector = {
  id: GUARDDUTY_DETECTORS,
  service: 'guardduty',
  description: 'Amazon GuardDuty detectors of the region, their status and protection features.',
  actions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('guardduty', ctx.region);
    const errors: CoverageError[] = [];
    const ids: string[] = [];
    try {
      await listDetectorIds(client, ids);
    } catch (error) {
      errors.push(coverageError('ListDetectors', error));
    }
    const read = await mapWithConcurrency(ids, 2, async (detectorId) => {
      const arn = detectorArn(ctx, detectorId);
      try {
        const output = await client.send(new GetDetectorCommand({ DetectorId: detectorId }));
        if (typeof output.Status !== 'string') throw new InvalidResponseError(`GetDetector for ${arn} returned no Status.`);
        return makeEvidence({
          accountId: ctx.accountId,
          region: ctx.region,
          source: { collector: GUARDDUTY_DETECTORS, service: 'guardduty', operation: 'GetDetector' },
          resource: { type: DETECTOR_TYPE, id: arn },
          collectedAt: ctx.now(),
          data: output,
        });
      } catch (error) {
        errors.push(coverageError('GetDetector', error, arn));
        return undefined;
      }
    });
    return collectorResult(
      GUARDDUTY_DETECTORS,
      ctx,
      read.filter((r): r is EvidenceRecord => r !== undefined),
      errors,
    );
  },
};
