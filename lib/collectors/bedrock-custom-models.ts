import { GetCustomModelCommand, paginateListCustomModels } from '@aws-sdk/client-bedrock';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

/** Bedrock custom models (fine-tuned or continued pre-trained): ListCustomModels, then GetCustomModel for each. */
export const bedrockCustomModels = /* @__PURE__ */ listDescribeCollector({
  id: 'bedrock.custom-models',
  service: 'bedrock',
  description: 'Amazon Bedrock custom models and the KMS key that encrypts each.',
  actions: ['bedrock:ListCustomModels', 'bedrock:GetCustomModel'],
  kinds: [
    /* @__PURE__ */ kind('bedrock', {
      listOperation: 'ListCustomModels',
      pages: (client) => paginateListCustomModels({ client, pageSize: 100 }, {}),
      itemsKey: 'modelSummaries',
      listed: (item) => listedAs(item.modelArn, item.modelArn),
      listedBy: 'its identifier',
      describeOperation: 'GetCustomModel',
      describe: (client, { key }) => client.send(new GetCustomModelCommand({ modelIdentifier: key })),
      recordId: (output) => text(output.modelArn),
      recordedBy: 'identifier',
      resourceType: 'AWS::Bedrock::CustomModel',
    }),
  ],
});
