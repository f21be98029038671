import { paginateListGateways } from '@aws-sdk/client-bedrock-agentcore-control';
import { GetWebACLForResourceCommand } from '@aws-sdk/client-wafv2';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { gatewayArn } from './agentcore-gateways.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { DESCRIBE_CONCURRENCY, listAll, listedAs, listing, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const AGENTCORE_GATEWAY_WEB_ACLS = 'wafv2.agentcore-gateway-web-acls';
/** The record of one gateway's GetWebACLForResource answer: the web ACL in front of it, or none. */
export const GATEWAY_WEB_ACL_TYPE = 'AWS::WAFv2::WebACLAssociation';

const gateways = listing('bedrock-agentcore-control', {
  listOperation: 'ListGateways',
  pages: (client) => paginateListGateways({ client, pageSize: 50 }, {}),
  itemsKey: 'items',
  listed: (item, ctx) => {
    const id = text(item.gatewayId);
    return id === undefined ? undefined : listedAs(id, gatewayArn(ctx, id));
  },
  listedBy: 'its id or ARN',
});

/**
 * The AWS WAF web ACL associated with each Bedrock AgentCore gateway of the region: ListGateways,
 * then wafv2 GetWebACLForResource with the gateway's ARN. The answer is kept verbatim as one record
 * per gateway (resource id: the gateway ARN), including "no web ACL" (an answer without WebACL),
 * which is evidence, not a gap.
 */
export const wafv2AgentCoreGatewayWebAcls: Collector = {
  id: AGENTCORE_GATEWAY_WEB_ACLS,
  service: 'wafv2',
  description: 'The AWS WAF web ACL (with its rules) associated with each Amazon Bedrock AgentCore gateway.',
  actions: ['bedrock-agentcore:ListGateways', 'wafv2:GetWebACLForResource', 'bedrock-agentcore:GatewayGetWebACLForResource'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const errors: CoverageError[] = [];
    const listed = await listAll(ctx.clients.client('bedrock-agentcore-control', ctx.region), ctx, gateways, errors);
    const waf = ctx.clients.client('wafv2', ctx.region);
    const read = await mapWithConcurrency(listed, DESCRIBE_CONCURRENCY, async (gateway) => {
      try {
        const { $metadata: _, ...answer } = await waf.send(new GetWebACLForResourceCommand({ ResourceArn: gateway.resourceId }));
        return governanceRecord(ctx, {
          collector: AGENTCORE_GATEWAY_WEB_ACLS,
          service: 'wafv2',
          operation: 'GetWebACLForResource',
          resource: { type: GATEWAY_WEB_ACL_TYPE, id: gateway.resourceId },
          data: answer,
        });
      } catch (error) {
        errors.push(coverageError('GetWebACLForResource', error, gateway.resourceId));
        return undefined;
      }
    });
    const records = read.filter((r): r is EvidenceRecord => r !== undefined);
    return collectorResult(AGENTCORE_GATEWAY_WEB_ACLS, ctx, records, errors);
  },
};
