import { type Finding, GetFindingsCommand, paginateListFindings } from '@aws-sdk/client-guardduty';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { detectorArn, listDetectorIds } from './guardduty-detectors.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const GUARDDUTY_FINDINGS = 'guardduty.findings';
export const GUARDDUTY_FINDING_TYPE = 'AWS::GuardDuty::Finding';
/** GuardDuty's HIGH band starts at 7.0 (CRITICAL at 9.0). */
export const HIGH_SEVERITY = 7;
/** GetFindings takes at most 50 ids a call. */
const GET_FINDINGS_BATCH = 50;

/**
 * The findings of every detector that are HIGH or CRITICAL and not archived: ListFindings with that
 * criterion (so the read stays small whatever the account's history), then GetFindings in batches
 * of 50. One record per finding (an element of GetFindings' `Findings`, kept as returned), so that a
 * control can cite exactly the findings it judges. Which of them concern AI workloads is the
 * controls' judgement, not the collector's.
 */
export const guardDutyFindings: Collector = {
  id: GUARDDUTY_FINDINGS,
  service: 'guardduty',
  description: 'Amazon GuardDuty findings of HIGH or CRITICAL severity that are not archived.',
  actions: ['guardduty:ListDetectors', 'guardduty:ListFindings', 'guardduty:GetFindings'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('guardduty', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const ids: string[] = [];
    try {
      await listDetectorIds(client, ids);
    } catch (error) {
      errors.push(coverageError('ListDetectors', error));
    }
    for (const detectorId of ids) {
      const arn = detectorArn(ctx, detectorId);
      const findingIds: string[] = [];
      try {
        const input = {
          DetectorId: detectorId,
          FindingCriteria: {
            Criterion: { severity: { GreaterThanOrEqual: HIGH_SEVERITY }, 'service.archived': { Equals: ['false'] } },
          },
        };
        for await (const page of guardedPages('ListFindings', paginateListFindings({ client, pageSize: 50 }, input))) {
          findingIds.push(...(page.FindingIds ?? []));
        }
      } catch (error) {
        errors.push(coverageError('ListFindings', error, arn));
        continue;
      }
      for (let start = 0; start < findingIds.length; start += GET_FINDINGS_BATCH) {
        const batch = findingIds.slice(start, start + GET_FINDINGS_BATCH);
        try {
          const output = await client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch }));
          for (const finding of output.Findings ?? []) records.push(toRecord(ctx, finding));
        } catch (error) {
          errors.push(coverageError('GetFindings', error, arn));
        }
      }
    }
    return collectorResult(GUARDDUTY_FINDINGS, ctx, records, errors);
  },
};

function toRecord(ctx: CollectorContext, finding: Finding): EvidenceRecord {
  if (typeof finding.Arn !== 'string' || finding.Arn === '')
    throw new InvalidResponseError('GetFindings returned a finding without an Arn.');
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: GUARDDUTY_FINDINGS, service: 'guardduty', operation: 'GetFindings' },
    resource: { type: GUARDDUTY_FINDING_TYPE, id: finding.Arn },
    collectedAt: ctx.now(),
    data: finding,
  });
}
