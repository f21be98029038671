import { DescribeCompilationJobCommand, paginateListCompilationJobs } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';
import { jobWindowStart } from './sagemaker-jobs-window.js';

/** SageMaker Neo compilation jobs created in the job window: ListCompilationJobs, then DescribeCompilationJob for each. */
export const sagemakerCompilationJobs = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.compilation-jobs',
  service: 'sagemaker',
  description: 'SageMaker Neo compilation jobs created in the last 90 days: output KMS key and VPC configuration.',
  actions: ['sagemaker:ListCompilationJobs', 'sagemaker:DescribeCompilationJob'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListCompilationJobs',
      pages: (client, ctx) => paginateListCompilationJobs({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'CompilationJobSummaries',
      listed: (item) => listedByName(item.CompilationJobName, item.CompilationJobArn),
      listedBy: 'CompilationJobName or CompilationJobArn',
      describeOperation: 'DescribeCompilationJob',
      describe: (client, { key }) => client.send(new DescribeCompilationJobCommand({ CompilationJobName: key })),
      recordId: (output) => text(output.CompilationJobArn),
      recordedBy: 'CompilationJobArn',
      // CloudFormation has no type for compilation jobs; this name follows its pattern.
      resourceType: 'AWS::SageMaker::CompilationJob',
    }),
  ],
});
