import {
  GetImportedModelCommand,
  type GetImportedModelCommandOutput,
  type ImportedModelSummary,
  paginateListImportedModels,
} from '@aws-sdk/client-bedrock';
import { listDescribeCollector, nonEmpty, pagesOf } from './bedrock-list-describe.js';

/** Bedrock imported models (Custom Model Import of open-weight models): ListImportedModels, then GetImportedModel for each. */
export const bedrockImportedModels = listDescribeCollector<ImportedModelSummary, GetImportedModelCommandOutput>({
  id: 'bedrock.imported-models',
  service: 'bedrock',
  description: 'Amazon Bedrock imported models and the KMS key that encrypts each.',
  actions: ['bedrock:ListImportedModels', 'bedrock:GetImportedModel'],
  listOperation: 'ListImportedModels',
  describeOperation: 'GetImportedModel',
  resourceType: 'AWS::Bedrock::ImportedModel',
  list: (ctx) =>
    pagesOf(paginateListImportedModels({ client: ctx.clients.client('bedrock', ctx.region), pageSize: 100 }, {}), (p) => p.modelSummaries),
  name: (item) => {
    const arn = nonEmpty(item.modelArn);
    return arn === undefined ? undefined : { key: arn, resourceId: arn };
  },
  describe: (ctx, key) => ctx.clients.client('bedrock', ctx.region).send(new GetImportedModelCommand({ modelIdentifier: key })),
  recordId: (output) => nonEmpty(output.modelArn),
});
