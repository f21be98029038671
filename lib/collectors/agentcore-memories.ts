import { GetMemoryCommand, paginateListMemories } from '@aws-sdk/client-bedrock-agentcore-control';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

export const AGENTCORE_MEMORIES = 'bedrock-agentcore.memories';

/**
 * Bedrock AgentCore memories: ListMemories, then GetMemory for each. GetMemory is asked for the
 * `without_decryption` view: the encryption settings are all a control needs, and this collector
 * should not need kms:Decrypt on the memory's key.
 */
export const agentCoreMemories = /* @__PURE__ */ listDescribeCollector({
  id: AGENTCORE_MEMORIES,
  service: 'bedrock-agentcore-control',
  description: 'Amazon Bedrock AgentCore memories and their encryption key.',
  actions: ['bedrock-agentcore:ListMemories', 'bedrock-agentcore:GetMemory'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agentcore-control', {
      listOperation: 'ListMemories',
      pages: (client) => paginateListMemories({ client, pageSize: 50 }, {}),
      itemsKey: 'memories',
      listed: (item) => listedAs(item.id, item.arn),
      listedBy: 'its id or ARN',
      describeOperation: 'GetMemory',
      describe: (client, { key }) => client.send(new GetMemoryCommand({ memoryId: key, view: 'without_decryption' })),
      recordId: (output) => text(output.memory?.arn),
      recordedBy: 'ARN',
      resourceType: 'AWS::BedrockAgentCore::Memory',
    }),
  ],
});
