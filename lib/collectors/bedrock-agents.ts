import { GetAgentCommand, paginateListAgents } from '@aws-sdk/client-bedrock-agent';
import { arnPrefix, kind, listDescribeCollector, listedAs, text } from './list-describe.js';

/**
 * Bedrock agents: ListAgents, then GetAgent for each (its working draft, which carries the
 * guardrail, KMS key, idle session TTL and service role the agent is prepared with).
 */
export const bedrockAgents = /* @__PURE__ */ listDescribeCollector({
  id: 'bedrock.agents',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock agents: guardrail, KMS key, idle session TTL and service role.',
  actions: ['bedrock:ListAgents', 'bedrock:GetAgent'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agent', {
      listOperation: 'ListAgents',
      pages: (client) => paginateListAgents({ client, pageSize: 100 }, {}),
      itemsKey: 'agentSummaries',
      // The summary has no ARN; coverage names an agent whose read failed by the ARN AWS gives agents.
      listed: (item, ctx) => {
        const id = text(item.agentId);
        return id === undefined ? undefined : listedAs(id, `${arnPrefix('bedrock', ctx)}:agent/${id}`);
      },
      listedBy: 'its identifier',
      describeOperation: 'GetAgent',
      describe: (client, { key }) => client.send(new GetAgentCommand({ agentId: key })),
      recordId: (output) => text(output.agent?.agentArn),
      recordedBy: 'identifier',
      resourceType: 'AWS::Bedrock::Agent',
    }),
  ],
});
