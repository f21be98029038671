import { DescribeTrainingJobCommand, paginateListTrainingJobs } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';
import { jobWindowStart } from './sagemaker-jobs-window.js';

/** SageMaker training jobs created in the job window: ListTrainingJobs, then DescribeTrainingJob for each. */
export const sagemakerTrainingJobs = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.training-jobs',
  service: 'sagemaker',
  description: 'SageMaker training jobs created in the last 90 days: inter-container encryption, network isolation, VPC and KMS keys.',
  actions: ['sagemaker:ListTrainingJobs', 'sagemaker:DescribeTrainingJob'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListTrainingJobs',
      pages: (client, ctx) => paginateListTrainingJobs({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'TrainingJobSummaries',
      listed: (item) => listedByName(item.TrainingJobName, item.TrainingJobArn),
      listedBy: 'TrainingJobName or TrainingJobArn',
      describeOperation: 'DescribeTrainingJob',
      describe: (client, { key }) => client.send(new DescribeTrainingJobCommand({ TrainingJobName: key })),
      recordId: (output) => text(output.TrainingJobArn),
      recordedBy: 'TrainingJobArn',
      // CloudFormation has no type for training jobs; this name follows its pattern.
      resourceType: 'AWS::SageMaker::TrainingJob',
    }),
  ],
});
