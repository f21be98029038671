import { GetResourcePolicyCommand, paginateListAgentRuntimes, paginateListGateways } from '@aws-sdk/client-bedrock-agentcore-control';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { gatewayArn } from './agentcore-gateways.js';
import { mapWithConcurrency } from './concurrency.js';
import { classifyAwsError, collectorResult, coverageError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { DESCRIBE_CONCURRENCY, type Listed, listAll, listedAs, listing, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const AGENTCORE_RESOURCE_POLICIES = 'bedrock-agentcore.resource-policies';
export const RUNTIME_TYPE = 'AWS::BedrockAgentCore::Runtime';
export const GATEWAY_TYPE = 'AWS::BedrockAgentCore::Gateway';

const runtimes = listing('bedrock-agentcore-control', {
  listOperation: 'ListAgentRuntimes',
  pages: (client) => paginateListAgentRuntimes({ client, pageSize: 50 }, {}),
  itemsKey: 'agentRuntimes',
  listed: (item) => listedAs(item.agentRuntimeArn, item.agentRuntimeArn),
  listedBy: 'its ARN',
});

const gateways = listing('bedrock-agentcore-control', {
  listOperation: 'ListGateways',
  pages: (client) => paginateListGateways({ client, pageSize: 50 }, {}),
  itemsKey: 'items',
  listed: (item, ctx) => {
    const id = text(item.gatewayId);
    return id === undefined ? undefined : listedAs(gatewayArn(ctx, id), gatewayArn(ctx, id));
  },
  listedBy: 'its id',
});

/**
 * The resource-based policy of each Bedrock AgentCore runtime and gateway of the region (the only
 * AgentCore resources that take one): ListAgentRuntimes and ListGateways, then GetResourcePolicy
 * with each ARN. Records are of the runtime's or gateway's own type and ARN, operation
 * GetResourcePolicy, so controls judge the resource itself. A resource without a policy is answered
 * with ResourceNotFoundException: that answer is kept (data: the error code and message) as
 * evidence that no policy grants access beyond IAM, not as a gap.
 */
export const agentCoreResourcePolicies: Collector = {
  id: AGENTCORE_RESOURCE_POLICIES,
  service: 'bedrock-agentcore-control',
  description: 'The resource-based policies of Amazon Bedrock AgentCore runtimes and gateways.',
  actions: ['bedrock-agentcore:ListAgentRuntimes', 'bedrock-agentcore:ListGateways', 'bedrock-agentcore:GetResourcePolicy'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('bedrock-agentcore-control', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    for (const [spec, type] of [
      [runtimes, RUNTIME_TYPE],
      [gateways, GATEWAY_TYPE],
    ] as const) {
      const listed: Listed[] = await listAll(client, ctx, spec, errors);
      const read = await mapWithConcurrency(listed, DESCRIBE_CONCURRENCY, async (resource) => {
        const record = (data: object) =>
          governanceRecord(ctx, {
            collector: AGENTCORE_RESOURCE_POLICIES,
            service: 'bedrock-agentcore-control',
            operation: 'GetResourcePolicy',
            resource: { type, id: resource.resourceId },
            data,
          });
        try {
          const { $metadata: _, ...answer } = await client.send(new GetResourcePolicyCommand({ resourceArn: resource.key }));
          return record(answer);
        } catch (error) {
          const { code, message } = classifyAwsError(error);
          if (code === 'ResourceNotFoundException') return record({ ErrorCode: code, ErrorMessage: message });
          errors.push(coverageError('GetResourcePolicy', error, resource.resourceId));
          return undefined;
        }
      });
      records.push(...read.filter((r): r is EvidenceRecord => r !== undefined));
    }
    return collectorResult(AGENTCORE_RESOURCE_POLICIES, ctx, records, errors);
  },
};
