import { BatchGetAccountStatusCommand, type FilterCriteria, paginateListFindings } from '@aws-sdk/client-inspector2';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord, regionSettingId } from './governance-helpers.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const INSPECTOR_ACCOUNT_STATUS = 'inspector2.account-status';
export const INSPECTOR_ACCOUNT_STATUS_TYPE = 'AWS::Inspector2::AccountStatus';
export const INSPECTOR_IMAGE_FINDINGS = 'inspector2.ecr-image-findings';
export const INSPECTOR_FINDING_TYPE = 'AWS::Inspector2::Finding';
/** At most this many image findings are read per account and region (ten pages of 100). */
export const IMAGE_FINDINGS_LIMIT = 1000;
/** The coverage error code of a read that stopped at the limit with findings left unread. */
export const IMAGE_FINDING_LIMIT_REACHED = 'FindingLimitReached';

/** The id of the record of an account's Inspector status in a region. */
export function inspectorStatusId(scope: { accountId: string; region: string }): string {
  return regionSettingId('inspector2', 'account-status', scope);
}

/**
 * Amazon Inspector's activation in the region for the scope's own account: BatchGetAccountStatus
 * with that account id, kept verbatim as one record (the account's state and, per resource type,
 * EC2, ECR, Lambda standard and Lambda code scanning, whether each is ENABLED). An account where
 * Inspector was never activated is answered with every state DISABLED: evidence, not a gap.
 */
export const inspectorAccountStatus: Collector = {
  id: INSPECTOR_ACCOUNT_STATUS,
  service: 'inspector2',
  description: 'Amazon Inspector activation of the account in the region, per resource type (ECR, Lambda standard and code scanning).',
  actions: ['inspector2:BatchGetAccountStatus'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('inspector2', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      const { $metadata: _, ...answer } = await client.send(new BatchGetAccountStatusCommand({ accountIds: [ctx.accountId] }));
      if (!Array.isArray(answer.accounts)) throw new InvalidResponseError('BatchGetAccountStatus returned no accounts list.');
      records.push(
        governanceRecord(ctx, {
          collector: INSPECTOR_ACCOUNT_STATUS,
          service: 'inspector2',
          operation: 'BatchGetAccountStatus',
          resource: { type: INSPECTOR_ACCOUNT_STATUS_TYPE, id: inspectorStatusId(ctx) },
          data: answer,
        }),
      );
    } catch (error) {
      errors.push(coverageError('BatchGetAccountStatus', error));
    }
    return collectorResult(INSPECTOR_ACCOUNT_STATUS, ctx, records, errors);
  },
};

/** Active CRITICAL and HIGH Inspector findings on ECR container images (values of one field are ORed, fields ANDed). */
export const IMAGE_FINDINGS_FILTER: FilterCriteria = {
  findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
  resourceType: [{ comparison: 'EQUALS', value: 'AWS_ECR_CONTAINER_IMAGE' }],
  severity: ['CRITICAL', 'HIGH'].map((value) => ({ comparison: 'EQUALS' as const, value })),
};

/**
 * Active CRITICAL and HIGH Amazon Inspector findings on ECR container images of the region:
 * ListFindings with {@link IMAGE_FINDINGS_FILTER}, one record per finding as returned. The controls
 * join them to AgentCore runtimes by the image's repository and tag. Reading stops after
 * {@link IMAGE_FINDINGS_LIMIT} findings, and the coverage then says that more were left unread.
 */
export const inspectorImageFindings: Collector = {
  id: INSPECTOR_IMAGE_FINDINGS,
  service: 'inspector2',
  description: 'Active CRITICAL and HIGH Amazon Inspector findings on ECR container images.',
  actions: ['inspector2:ListFindings'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('inspector2', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      for await (const page of guardedPages(
        'ListFindings',
        paginateListFindings({ client, pageSize: 100 }, { filterCriteria: IMAGE_FINDINGS_FILTER }),
      )) {
        for (const finding of page.findings ?? []) {
          if (!finding.findingArn) throw new InvalidResponseError('ListFindings returned a finding without a findingArn.');
          records.push(
            governanceRecord(ctx, {
              collector: INSPECTOR_IMAGE_FINDINGS,
              service: 'inspector2',
              operation: 'ListFindings',
              resource: { type: INSPECTOR_FINDING_TYPE, id: finding.findingArn },
              data: finding,
            }),
          );
        }
        if (records.length >= IMAGE_FINDINGS_LIMIT && page.nextToken) {
          errors.push({
            operation: 'ListFindings',
            kind: 'ERROR',
            code: IMAGE_FINDING_LIMIT_REACHED,
            message: `Stopped after ${records.length} findings; more remain unread.`,
          });
          break;
        }
      }
    } catch (error) {
      errors.push(coverageError('ListFindings', error));
    }
    return collectorResult(INSPECTOR_IMAGE_FINDINGS, ctx, records, errors);
  },
};
