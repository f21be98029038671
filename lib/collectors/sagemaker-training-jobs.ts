import { DescribeTrainingJobCommand, paginateListTrainingJobs } from '@aws-sdk/client-sagemaker';
import { jobWindowStart } from './sagemaker-jobs-window.js';
import { listDescribeCollector } from './sagemaker-list-describe.js';

/** SageMaker training jobs created in the job window: ListTrainingJobs, then DescribeTrainingJob for each. */
export const sagemakerTrainingJobs = listDescribeCollector({
  id: 'sagemaker.training-jobs',
  description: 'SageMaker training jobs created in the last 90 days: inter-container encryption, network isolation, VPC and KMS keys.',
  actions: ['sagemaker:ListTrainingJobs', 'sagemaker:DescribeTrainingJob'],
  kinds: [
    {
      listOperation: 'ListTrainingJobs',
      pages: (client, ctx) => paginateListTrainingJobs({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'TrainingJobSummaries',
      nameKey: 'TrainingJobName',
      arnKey: 'TrainingJobArn',
      describeOperation: 'DescribeTrainingJob',
      describe: (client, name) => client.send(new DescribeTrainingJobCommand({ TrainingJobName: name })),
      describedArnKey: 'TrainingJobArn',
      // CloudFormation has no type for training jobs; this name follows its pattern.
      resourceType: 'AWS::SageMaker::TrainingJob',
    },
  ],
});
