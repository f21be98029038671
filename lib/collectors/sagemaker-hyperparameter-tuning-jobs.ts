import { DescribeHyperParameterTuningJobCommand, paginateListHyperParameterTuningJobs } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';
import { jobWindowStart } from './sagemaker-jobs-window.js';

/**
 * SageMaker hyperparameter tuning jobs created in the job window: ListHyperParameterTuningJobs,
 * then DescribeHyperParameterTuningJob for each. The training jobs a tuning job starts are listed
 * by ListTrainingJobs as well; the tuning job's own record holds the definition every future one
 * of them is started from.
 */
export const sagemakerHyperParameterTuningJobs = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.hyperparameter-tuning-jobs',
  service: 'sagemaker',
  description:
    'SageMaker hyperparameter tuning jobs created in the last 90 days: the training job definitions they start jobs from (KMS keys, network isolation, inter-container encryption, VPC).',
  actions: ['sagemaker:ListHyperParameterTuningJobs', 'sagemaker:DescribeHyperParameterTuningJob'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListHyperParameterTuningJobs',
      pages: (client, ctx) =>
        paginateListHyperParameterTuningJobs({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'HyperParameterTuningJobSummaries',
      listed: (item) => listedByName(item.HyperParameterTuningJobName, item.HyperParameterTuningJobArn),
      listedBy: 'HyperParameterTuningJobName or HyperParameterTuningJobArn',
      describeOperation: 'DescribeHyperParameterTuningJob',
      describe: (client, { key }) => client.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: key })),
      recordId: (output) => text(output.HyperParameterTuningJobArn),
      recordedBy: 'HyperParameterTuningJobArn',
      // CloudFormation has no type for tuning jobs; this name follows its pattern.
      resourceType: 'AWS::SageMaker::HyperParameterTuningJob',
    }),
  ],
});
