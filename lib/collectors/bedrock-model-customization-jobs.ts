import {
  GetModelCustomizationJobCommand,
  type GetModelCustomizationJobCommandOutput,
  type ModelCustomizationJobSummary,
  paginateListModelCustomizationJobs,
} from '@aws-sdk/client-bedrock';
import { listDescribeCollector, nonEmpty, pagesOf } from './bedrock-list-describe.js';

/** Bedrock model customization jobs: ListModelCustomizationJobs, then GetModelCustomizationJob for each. */
export const bedrockModelCustomizationJobs = listDescribeCollector<ModelCustomizationJobSummary, GetModelCustomizationJobCommandOutput>({
  id: 'bedrock.model-customization-jobs',
  service: 'bedrock',
  description: 'Amazon Bedrock model customization jobs, their VPC configuration and the KMS key of the model they produce.',
  actions: ['bedrock:ListModelCustomizationJobs', 'bedrock:GetModelCustomizationJob'],
  listOperation: 'ListModelCustomizationJobs',
  describeOperation: 'GetModelCustomizationJob',
  resourceType: 'AWS::Bedrock::ModelCustomizationJob',
  list: (ctx) =>
    pagesOf(
      paginateListModelCustomizationJobs({ client: ctx.clients.client('bedrock', ctx.region), pageSize: 100 }, {}),
      (p) => p.modelCustomizationJobSummaries,
    ),
  name: (item) => {
    const arn = nonEmpty(item.jobArn);
    return arn === undefined ? undefined : { key: arn, resourceId: arn };
  },
  describe: (ctx, key) => ctx.clients.client('bedrock', ctx.region).send(new GetModelCustomizationJobCommand({ jobIdentifier: key })),
  recordId: (output) => nonEmpty(output.jobArn),
});
