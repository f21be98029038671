import { GetPolicyEngineCommand, paginateListPolicyEngines } from '@aws-sdk/client-bedrock-agentcore-control';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

export const AGENTCORE_POLICY_ENGINES = 'bedrock-agentcore.policy-engines';

/** Bedrock AgentCore Policy engines: ListPolicyEngines, then GetPolicyEngine for each (status, KMS key). */
export const agentCorePolicyEngines = /* @__PURE__ */ listDescribeCollector({
  id: AGENTCORE_POLICY_ENGINES,
  service: 'bedrock-agentcore-control',
  description: 'Amazon Bedrock AgentCore Policy engines (Cedar authorization for gateways), their status and encryption key.',
  actions: ['bedrock-agentcore:ListPolicyEngines', 'bedrock-agentcore:GetPolicyEngine'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agentcore-control', {
      listOperation: 'ListPolicyEngines',
      pages: (client) => paginateListPolicyEngines({ client, pageSize: 50 }, {}),
      itemsKey: 'policyEngines',
      listed: (item) => listedAs(item.policyEngineId, item.policyEngineArn),
      listedBy: 'its id or ARN',
      describeOperation: 'GetPolicyEngine',
      describe: (client, { key }) => client.send(new GetPolicyEngineCommand({ policyEngineId: key })),
      recordId: (output) => text(output.policyEngineArn),
      recordedBy: 'ARN',
      resourceType: 'AWS::BedrockAgentCore::PolicyEngine',
    }),
  ],
});
