import { DescribeTransformJobCommand, paginateListTransformJobs } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';
import { jobWindowStart } from './sagemaker-jobs-window.js';

/** SageMaker batch transform jobs created in the job window: ListTransformJobs, then DescribeTransformJob for each. */
export const sagemakerTransformJobs = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.transform-jobs',
  service: 'sagemaker',
  description: 'SageMaker batch transform jobs created in the last 90 days: volume, output and data capture KMS keys.',
  actions: ['sagemaker:ListTransformJobs', 'sagemaker:DescribeTransformJob'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListTransformJobs',
      pages: (client, ctx) => paginateListTransformJobs({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'TransformJobSummaries',
      listed: (item) => listedByName(item.TransformJobName, item.TransformJobArn),
      listedBy: 'TransformJobName or TransformJobArn',
      describeOperation: 'DescribeTransformJob',
      describe: (client, { key }) => client.send(new DescribeTransformJobCommand({ TransformJobName: key })),
      recordId: (output) => text(output.TransformJobArn),
      recordedBy: 'TransformJobArn',
      // CloudFormation has no type for transform jobs; this name follows its pattern.
      resourceType: 'AWS::SageMaker::TransformJob',
    }),
  ],
});
