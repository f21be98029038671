import {
  type CustomModelSummary,
  GetCustomModelCommand,
  type GetCustomModelCommandOutput,
  paginateListCustomModels,
} from '@aws-sdk/client-bedrock';
import { listDescribeCollector, nonEmpty, pagesOf } from './bedrock-list-describe.js';

/** Bedrock custom models (fine-tuned or continued pre-trained): ListCustomModels, then GetCustomModel for each. */
export const bedrockCustomModels = listDescribeCollector<CustomModelSummary, GetCustomModelCommandOutput>({
  id: 'bedrock.custom-models',
  service: 'bedrock',
  description: 'Amazon Bedrock custom models and the KMS key that encrypts each.',
  actions: ['bedrock:ListCustomModels', 'bedrock:GetCustomModel'],
  listOperation: 'ListCustomModels',
  describeOperation: 'GetCustomModel',
  resourceType: 'AWS::Bedrock::CustomModel',
  list: (ctx) =>
    pagesOf(paginateListCustomModels({ client: ctx.clients.client('bedrock', ctx.region), pageSize: 100 }, {}), (p) => p.modelSummaries),
  name: (item) => {
    const arn = nonEmpty(item.modelArn);
    return arn === undefined ? undefined : { key: arn, resourceId: arn };
  },
  describe: (ctx, key) => ctx.clients.client('bedrock', ctx.region).send(new GetCustomModelCommand({ modelIdentifier: key })),
  recordId: (output) => nonEmpty(output.modelArn),
});
