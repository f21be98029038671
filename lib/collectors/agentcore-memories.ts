import {
  GetMemoryCommand,
  type GetMemoryCommandOutput,
  type MemorySummary,
  paginateListMemories,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { agentCoreCollector, agentCorePages, text } from './agentcore-list-get.js';

export const AGENTCORE_MEMORIES = 'bedrock-agentcore.memories';

/**
 * Bedrock AgentCore memories: ListMemories, then GetMemory for each. GetMemory is asked for the
 * `without_decryption` view: the encryption settings are all a control needs, and this collector
 * should not need kms:Decrypt on the memory's key.
 */
export const agentCoreMemories = agentCoreCollector<MemorySummary, GetMemoryCommandOutput>({
  id: AGENTCORE_MEMORIES,
  description: 'Amazon Bedrock AgentCore memories and their encryption key.',
  actions: ['bedrock-agentcore:ListMemories', 'bedrock-agentcore:GetMemory'],
  listOperation: 'ListMemories',
  getOperation: 'GetMemory',
  resourceType: 'AWS::BedrockAgentCore::Memory',
  list: (client) => agentCorePages(paginateListMemories({ client, pageSize: 50 }, {}), (page) => page.memories),
  listed: (item) => {
    const key = text(item.id);
    const resourceId = text(item.arn);
    return key === undefined || resourceId === undefined ? undefined : { key, resourceId };
  },
  get: (client, memoryId) => client.send(new GetMemoryCommand({ memoryId, view: 'without_decryption' })),
  arnOf: (output) => text(output.memory?.arn),
});
