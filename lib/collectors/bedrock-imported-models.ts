import { GetImportedModelCommand, paginateListImportedModels } from '@aws-sdk/client-bedrock';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

/** Bedrock imported models (Custom Model Import of open-weight models): ListImportedModels, then GetImportedModel for each. */
export const bedrockImportedModels = /* @__PURE__ */ listDescribeCollector({
  id: 'bedrock.imported-models',
  service: 'bedrock',
  description: 'Amazon Bedrock imported models and the KMS key that encrypts each.',
  actions: ['bedrock:ListImportedModels', 'bedrock:GetImportedModel'],
  kinds: [
    /* @__PURE__ */ kind('bedrock', {
      listOperation: 'ListImportedModels',
      pages: (client) => paginateListImportedModels({ client, pageSize: 100 }, {}),
      itemsKey: 'modelSummaries',
      listed: (item) => listedAs(item.modelArn, item.modelArn),
      listedBy: 'its identifier',
      describeOperation: 'GetImportedModel',
      describe: (client, { key }) => client.send(new GetImportedModelCommand({ modelIdentifier: key })),
      recordId: (output) => text(output.modelArn),
      recordedBy: 'identifier',
      resourceType: 'AWS::Bedrock::ImportedModel',
    }),
  ],
});
