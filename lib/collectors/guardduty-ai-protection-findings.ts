import { type Finding, GetFindingsCommand, paginateListFindings } from '@aws-sdk/client-guardduty';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { detectorArn, listDetectorIds } from './guardduty-detectors.js';
import { GUARDDUTY_FINDING_TYPE } from './guardduty-findings.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const GUARDDUTY_AI_PROTECTION_FINDINGS = 'guardduty.ai-protection-findings';
/** The finding types of GuardDuty AI Protection (Bedrock and SageMaker AI invocations). */
export const AI_PROTECTION_TYPES = [
  'Impact:IAMUser/AnomalousModelInvocation',
  'Impact:IAMUser/CostHarvesting',
  'Impact:IAMUser/PromptInjection.Direct',
] as const;
/** GetFindings takes at most 50 ids a call. */
const GET_FINDINGS_BATCH = 50;

/**
 * The unarchived findings of GuardDuty AI Protection's types, of every severity: ListFindings of each
 * detector with a type criterion (so the read stays as small as the AI findings are few), then
 * GetFindings in batches of 50, one record per finding as returned. `guardduty.findings` reads
 * HIGH and CRITICAL findings of every type; AI Protection's are often MEDIUM or LOW, which it does
 * not see.
 */
export const guardDutyAiProtectionFindings: Collector = {
  id: GUARDDUTY_AI_PROTECTION_FINDINGS,
  service: 'guardduty',
  description:
    'Amazon GuardDuty AI Protection findings (anomalous model invocation, cost harvesting, prompt injection) of any severity, not archived.',
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
          FindingCriteria: { Criterion: { type: { Equals: [...AI_PROTECTION_TYPES] }, 'service.archived': { Equals: ['false'] } } },
        };
        for await (const page of guardedPages('ListFindings', paginateListFindings({ client, pageSize: 50 }, input))) {
          findingIds.push(...(page.FindingIds ?? []));
        }
      } catch (error) {
        errors.push(coverageError('ListFindings', error, arn));
        continue;
      }
      for (let start = 0; start < findingIds.length; start += GET_FINDINGS_BATCH) {
        try {
          const output = await client.send(
            new GetFindingsCommand({ DetectorId: detectorId, FindingIds: findingIds.slice(start, start + GET_FINDINGS_BATCH) }),
          );
          for (const finding of output.Findings ?? []) records.push(toRecord(ctx, finding));
        } catch (error) {
          errors.push(coverageError('GetFindings', error, arn));
        }
      }
    }
    return collectorResult(GUARDDUTY_AI_PROTECTION_FINDINGS, ctx, records, errors);
  },
};

function toRecord(ctx: CollectorContext, finding: Finding): EvidenceRecord {
  if (typeof finding.Arn !== 'string' || finding.Arn === '')
    throw new InvalidResponseError('GetFindings returned a finding without an Arn.');
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: GUARDDUTY_AI_PROTECTION_FINDINGS, service: 'guardduty', operation: 'GetFindings' },
    resource: { type: GUARDDUTY_FINDING_TYPE, id: finding.Arn },
    collectedAt: ctx.now(),
    data: finding,
  });
}
