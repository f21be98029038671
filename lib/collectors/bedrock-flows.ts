import { type FlowSummary, GetFlowCommand, type GetFlowCommandOutput, paginateListFlows } from '@aws-sdk/client-bedrock-agent';
import { listDescribeCollector, nonEmpty, pagesOf } from './bedrock-list-describe.js';

/** Bedrock Flows: ListFlows, then GetFlow for each (its working draft, with its node definitions). */
export const bedrockFlows = listDescribeCollector<FlowSummary, GetFlowCommandOutput>({
  id: 'bedrock.flows',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock Flows: node definitions (with the guardrails of their model calls) and KMS key.',
  actions: ['bedrock:ListFlows', 'bedrock:GetFlow'],
  listOperation: 'ListFlows',
  describeOperation: 'GetFlow',
  resourceType: 'AWS::Bedrock::Flow',
  list: (ctx) =>
    pagesOf(paginateListFlows({ client: ctx.clients.client('bedrock-agent', ctx.region), pageSize: 100 }, {}), (p) => p.flowSummaries),
  name: (item) => {
    const id = nonEmpty(item.id);
    const arn = nonEmpty(item.arn);
    return id === undefined || arn === undefined ? undefined : { key: id, resourceId: arn };
  },
  describe: (ctx, key) => ctx.clients.client('bedrock-agent', ctx.region).send(new GetFlowCommand({ flowIdentifier: key })),
  recordId: (output) => nonEmpty(output.arn),
});
