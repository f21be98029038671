import { DescribeProcessingJobCommand, paginateListProcessingJobs } from '@aws-sdk/client-sagemaker';
import { jobWindowStart } from './sagemaker-jobs-window.js';
import { listDescribeCollector } from './sagemaker-list-describe.js';

/** SageMaker processing jobs created in the job window: ListProcessingJobs, then DescribeProcessingJob for each. */
export const sagemakerProcessingJobs = listDescribeCollector({
  id: 'sagemaker.processing-jobs',
  description: 'SageMaker processing jobs created in the last 90 days: network configuration and KMS keys.',
  actions: ['sagemaker:ListProcessingJobs', 'sagemaker:DescribeProcessingJob'],
  kinds: [
    {
      listOperation: 'ListProcessingJobs',
      pages: (client, ctx) => paginateListProcessingJobs({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'ProcessingJobSummaries',
      nameKey: 'ProcessingJobName',
      arnKey: 'ProcessingJobArn',
      describeOperation: 'DescribeProcessingJob',
      describe: (client, name) => client.send(new DescribeProcessingJobCommand({ ProcessingJobName: name })),
      describedArnKey: 'ProcessingJobArn',
      // CloudFormation has no type for processing jobs; this name follows its pattern.
      resourceType: 'AWS::SageMaker::ProcessingJob',
    },
  ],
});
