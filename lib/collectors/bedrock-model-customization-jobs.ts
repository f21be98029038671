import { GetModelCustomizationJobCommand, paginateListModelCustomizationJobs } from '@aws-sdk/client-bedrock';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

/** Bedrock model customization jobs: ListModelCustomizationJobs, then GetModelCustomizationJob for each. */
export const bedrockModelCustomizationJobs = /* @__PURE__ */ listDescribeCollector({
  id: 'bedrock.model-customization-jobs',
  service: 'bedrock',
  description: 'Amazon Bedrock model customization jobs, their VPC configuration and the KMS key of the model they produce.',
  actions: ['bedrock:ListModelCustomizationJobs', 'bedrock:GetModelCustomizationJob'],
  kinds: [
    /* @__PURE__ */ kind('bedrock', {
      listOperation: 'ListModelCustomizationJobs',
      pages: (client) => paginateListModelCustomizationJobs({ client, pageSize: 100 }, {}),
      itemsKey: 'modelCustomizationJobSummaries',
      listed: (item) => listedAs(item.jobArn, item.jobArn),
      listedBy: 'its identifier',
      describeOperation: 'GetModelCustomizationJob',
      describe: (client, { key }) => client.send(new GetModelCustomizationJobCommand({ jobIdentifier: key })),
      recordId: (output) => text(output.jobArn),
      recordedBy: 'identifier',
      resourceType: 'AWS::Bedrock::ModelCustomizationJob',
    }),
  ],
});
