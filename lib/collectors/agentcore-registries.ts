import { GetRegistryCommand, paginateListRegistries } from '@aws-sdk/client-bedrock-agentcore-control';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

export const AGENTCORE_REGISTRIES = 'bedrock-agentcore.registries';
export const REGISTRY_TYPE = 'AWS::BedrockAgentCore::Registry';

/** AgentCore Agent Registry registries: ListRegistries, then GetRegistry (approval of records, authorizer, status). */
export const agentCoreRegistries = /* @__PURE__ */ listDescribeCollector({
  id: AGENTCORE_REGISTRIES,
  service: 'bedrock-agentcore-control',
  description: 'Amazon Bedrock AgentCore Agent Registry registries: whether their records need approval, and their authorizer.',
  actions: ['bedrock-agentcore:ListRegistries', 'bedrock-agentcore:GetRegistry'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agentcore-control', {
      listOperation: 'ListRegistries',
      pages: (client) => paginateListRegistries({ client, pageSize: 100 }, {}),
      itemsKey: 'registries',
      listed: (item) => listedAs(item.registryId, item.registryArn),
      itemCalled: 'a registry',
      listedBy: 'its id or ARN',
      describeOperation: 'GetRegistry',
      describe: (client, { key }) => client.send(new GetRegistryCommand({ registryId: key })),
      recordId: (output) => text(output.registryArn),
      recordedBy: 'ARN',
      resourceType: REGISTRY_TYPE,
    }),
  ],
});
