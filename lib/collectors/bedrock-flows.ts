import { GetFlowCommand, paginateListFlows } from '@aws-sdk/client-bedrock-agent';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

/** Bedrock Flows: ListFlows, then GetFlow for each (its working draft, with its node definitions). */
export const bedrockFlows = /* @__PURE__ */ listDescribeCollector({
  id: 'bedrock.flows',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock Flows: node definitions (with the guardrails of their model calls) and KMS key.',
  actions: ['bedrock:ListFlows', 'bedrock:GetFlow'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agent', {
      listOperation: 'ListFlows',
      pages: (client) => paginateListFlows({ client, pageSize: 100 }, {}),
      itemsKey: 'flowSummaries',
      listed: (item) => listedAs(item.id, item.arn),
      listedBy: 'its identifier',
      describeOperation: 'GetFlow',
      describe: (client, { key }) => client.send(new GetFlowCommand({ flowIdentifier: key })),
      recordId: (output) => text(output.arn),
      recordedBy: 'identifier',
      resourceType: 'AWS::Bedrock::Flow',
    }),
  ],
});
