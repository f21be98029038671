import { GetAgentRuntimeCommand, paginateListAgentRuntimes } from '@aws-sdk/client-bedrock-agentcore-control';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

export const AGENTCORE_RUNTIMES = 'bedrock-agentcore.runtimes';

/** Bedrock AgentCore runtimes: ListAgentRuntimes, then GetAgentRuntime (latest version) for each. */
export const agentCoreRuntimes = /* @__PURE__ */ listDescribeCollector({
  id: AGENTCORE_RUNTIMES,
  service: 'bedrock-agentcore-control',
  description: 'Amazon Bedrock AgentCore runtimes and their network configuration.',
  actions: ['bedrock-agentcore:ListAgentRuntimes', 'bedrock-agentcore:GetAgentRuntime'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agentcore-control', {
      listOperation: 'ListAgentRuntimes',
      pages: (client) => paginateListAgentRuntimes({ client, pageSize: 50 }, {}),
      itemsKey: 'agentRuntimes',
      listed: (item) => listedAs(item.agentRuntimeId, item.agentRuntimeArn),
      listedBy: 'its id or ARN',
      describeOperation: 'GetAgentRuntime',
      describe: (client, { key }) => client.send(new GetAgentRuntimeCommand({ agentRuntimeId: key })),
      recordId: (output) => text(output.agentRuntimeArn),
      recordedBy: 'ARN',
      resourceType: 'AWS::BedrockAgentCore::Runtime',
    }),
  ],
});
