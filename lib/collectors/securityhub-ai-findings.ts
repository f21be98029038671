import { type AwsSecurityFindingFilters, paginateGetFindings } from '@aws-sdk/client-securityhub';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const AI_FINDINGS_COLLECTOR = 'securityhub.ai-findings';
export const FINDING_TYPE = 'AWS::SecurityHub::Finding';
/** At most this many findings are read per account and region (ten pages of 100). */
export const FINDINGS_LIMIT = 1000;
/** The coverage error code of a read that stopped at the limit with findings left unread. */
export const FINDING_LIMIT_REACHED = 'FindingLimitReached';
/** ASFF resource types of SageMaker, Bedrock and Bedrock AgentCore resources start with these. */
export const AI_RESOURCE_TYPE_PREFIXES = ['AwsSageMaker', 'AwsBedrock'] as const;

/**
 * GeneratorId prefix of the findings ai-evidence itself publishes (lib/publish). They are left out:
 * read back, our own FAIL findings would make this control fail the next run because of us.
 */
export const OWN_GENERATOR_PREFIX = 'ai-evidence/';

/**
 * The filter: findings of other tools (not ai-evidence's own), active, on SageMaker and Bedrock
 * (and AgentCore) resources, on SageMaker and Bedrock (and AgentCore) resources, severity
 * CRITICAL or HIGH, whose workflow is NEW or NOTIFIED (nobody has suppressed or resolved them).
 * Values of one field are ORed, fields are ANDed.
 */
export const AI_FINDINGS_FILTERS: AwsSecurityFindingFilters = {
  ResourceType: AI_RESOURCE_TYPE_PREFIXES.map((Value) => ({ Value, Comparison: 'PREFIX' })),
  RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
  WorkflowStatus: ['NEW', 'NOTIFIED'].map((Value) => ({ Value, Comparison: 'EQUALS' })),
  SeverityLabel: ['CRITICAL', 'HIGH'].map((Value) => ({ Value, Comparison: 'EQUALS' })),
  GeneratorId: [{ Value: OWN_GENERATOR_PREFIX, Comparison: 'PREFIX_NOT_EQUALS' }],
};

/**
 * Unresolved CRITICAL and HIGH Security Hub findings on AI resources: GetFindings with
 * {@link AI_FINDINGS_FILTERS}, one record per finding (the ASFF finding as returned). Reading stops
 * after {@link FINDINGS_LIMIT} findings: that many unresolved critical findings already decide the
 * control, and the coverage says that more were left unread.
 */
export const securityhubAiFindings: Collector = {
  id: AI_FINDINGS_COLLECTOR,
  service: 'securityhub',
  description: 'Active CRITICAL and HIGH Security Hub findings on SageMaker and Bedrock resources, not yet resolved or suppressed.',
  actions: ['securityhub:GetFindings'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('securityhub', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      for await (const page of guardedPages(
        'GetFindings',
        paginateGetFindings({ client, pageSize: 100 }, { Filters: AI_FINDINGS_FILTERS }),
      )) {
        for (const finding of page.Findings ?? []) {
          if (!finding.Id) throw new InvalidResponseError('GetFindings returned a finding without an Id.');
          records.push(
            governanceRecord(ctx, {
              collector: AI_FINDINGS_COLLECTOR,
              service: 'securityhub',
              operation: 'GetFindings',
              resource: { type: FINDING_TYPE, id: finding.Id },
              data: finding,
            }),
          );
        }
        if (records.length >= FINDINGS_LIMIT && page.NextToken) {
          errors.push({
            operation: 'GetFindings',
            kind: 'ERROR',
            code: FINDING_LIMIT_REACHED,
            message: `Stopped after ${records.length} findings; more remain unread.`,
          });
          break;
        }
      }
    } catch (error) {
      errors.push(coverageError('GetFindings', error));
    }
    return collectorResult(AI_FINDINGS_COLLECTOR, ctx, records, errors);
  },
};
