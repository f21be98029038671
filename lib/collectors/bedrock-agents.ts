import { type AgentSummary, GetAgentCommand, type GetAgentCommandOutput, paginateListAgents } from '@aws-sdk/client-bedrock-agent';
import { bedrockArnPrefix, listDescribeCollector, nonEmpty, pagesOf } from './bedrock-list-describe.js';

/**
 * Bedrock agents: ListAgents, then GetAgent for each (its working draft, which carries the
 * guardrail, KMS key, idle session TTL and service role the agent is prepared with).
 */
export const bedrockAgents = listDescribeCollector<AgentSummary, GetAgentCommandOutput>({
  id: 'bedrock.agents',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock agents: guardrail, KMS key, idle session TTL and service role.',
  actions: ['bedrock:ListAgents', 'bedrock:GetAgent'],
  listOperation: 'ListAgents',
  describeOperation: 'GetAgent',
  resourceType: 'AWS::Bedrock::Agent',
  list: (ctx) =>
    pagesOf(paginateListAgents({ client: ctx.clients.client('bedrock-agent', ctx.region), pageSize: 100 }, {}), (p) => p.agentSummaries),
  // The summary has no ARN; coverage names an agent whose read failed by the ARN AWS gives agents.
  name: (item, ctx) => {
    const id = nonEmpty(item.agentId);
    return id === undefined ? undefined : { key: id, resourceId: `${bedrockArnPrefix(ctx)}:agent/${id}` };
  },
  describe: (ctx, key) => ctx.clients.client('bedrock-agent', ctx.region).send(new GetAgentCommand({ agentId: key })),
  recordId: (output) => nonEmpty(output.agent?.agentArn),
});
