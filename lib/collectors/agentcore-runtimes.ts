import {
  type AgentRuntime,
  GetAgentRuntimeCommand,
  type GetAgentRuntimeCommandOutput,
  paginateListAgentRuntimes,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { agentCoreCollector, agentCorePages, text } from './agentcore-list-get.js';

export const AGENTCORE_RUNTIMES = 'bedrock-agentcore.runtimes';

/** Bedrock AgentCore runtimes: ListAgentRuntimes, then GetAgentRuntime (latest version) for each. */
export const agentCoreRuntimes = agentCoreCollector<AgentRuntime, GetAgentRuntimeCommandOutput>({
  id: AGENTCORE_RUNTIMES,
  description: 'Amazon Bedrock AgentCore runtimes and their network configuration.',
  actions: ['bedrock-agentcore:ListAgentRuntimes', 'bedrock-agentcore:GetAgentRuntime'],
  listOperation: 'ListAgentRuntimes',
  getOperation: 'GetAgentRuntime',
  resourceType: 'AWS::BedrockAgentCore::Runtime',
  list: (client) => agentCorePages(paginateListAgentRuntimes({ client, pageSize: 50 }, {}), (page) => page.agentRuntimes),
  listed: (item) => {
    const key = text(item.agentRuntimeId);
    const resourceId = text(item.agentRuntimeArn);
    return key === undefined || resourceId === undefined ? undefined : { key, resourceId };
  },
  get: (client, agentRuntimeId) => client.send(new GetAgentRuntimeCommand({ agentRuntimeId })),
  arnOf: (output) => text(output.agentRuntimeArn),
});
