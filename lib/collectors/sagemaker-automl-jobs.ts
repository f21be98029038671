import { DescribeAutoMLJobV2Command, paginateListAutoMLJobs } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';
import { jobWindowStart } from './sagemaker-jobs-window.js';

/**
 * SageMaker Autopilot (AutoML) jobs created in the job window: ListAutoMLJobs, then
 * DescribeAutoMLJobV2 for each. ListAutoMLJobs lists jobs made with CreateAutoMLJob and
 * CreateAutoMLJobV2 alike, and DescribeAutoMLJobV2 answers for both, with one shape
 * (SecurityConfig at the top level), so one read serves both generations.
 */
export const sagemakerAutoMlJobs = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.automl-jobs',
  service: 'sagemaker',
  description:
    'SageMaker Autopilot (AutoML) jobs created in the last 90 days: volume and output KMS keys, inter-container encryption, VPC.',
  actions: ['sagemaker:ListAutoMLJobs', 'sagemaker:DescribeAutoMLJobV2'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListAutoMLJobs',
      pages: (client, ctx) => paginateListAutoMLJobs({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'AutoMLJobSummaries',
      listed: (item) => listedByName(item.AutoMLJobName, item.AutoMLJobArn),
      listedBy: 'AutoMLJobName or AutoMLJobArn',
      describeOperation: 'DescribeAutoMLJobV2',
      describe: (client, { key }) => client.send(new DescribeAutoMLJobV2Command({ AutoMLJobName: key })),
      recordId: (output) => text(output.AutoMLJobArn),
      recordedBy: 'AutoMLJobArn',
      // CloudFormation has no type for AutoML jobs; this name follows its pattern.
      resourceType: 'AWS::SageMaker::AutoMLJob',
    }),
  ],
});
