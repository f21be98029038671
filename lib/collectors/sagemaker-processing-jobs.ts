import { DescribeProcessingJobCommand, paginateListProcessingJobs } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';
import { jobWindowStart } from './sagemaker-jobs-window.js';

/** SageMaker processing jobs created in the job window: ListProcessingJobs, then DescribeProcessingJob for each. */
export const sagemakerProcessingJobs = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.processing-jobs',
  service: 'sagemaker',
  description: 'SageMaker processing jobs created in the last 90 days: network configuration and KMS keys.',
  actions: ['sagemaker:ListProcessingJobs', 'sagemaker:DescribeProcessingJob'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListProcessingJobs',
      pages: (client, ctx) => paginateListProcessingJobs({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'ProcessingJobSummaries',
      listed: (item) => listedByName(item.ProcessingJobName, item.ProcessingJobArn),
      listedBy: 'ProcessingJobName or ProcessingJobArn',
      describeOperation: 'DescribeProcessingJob',
      describe: (client, { key }) => client.send(new DescribeProcessingJobCommand({ ProcessingJobName: key })),
      recordId: (output) => text(output.ProcessingJobArn),
      recordedBy: 'ProcessingJobArn',
      // CloudFormation has no type for processing jobs; this name follows its pattern.
      resourceType: 'AWS::SageMaker::ProcessingJob',
    }),
  ],
});
