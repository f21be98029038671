import { DescribeInferenceExperimentCommand, paginateListInferenceExperiments } from '@aws-sdk/client-sagemaker';
import { arnPrefix, kind, listDescribeCollector, listedByName, text } from './list-describe.js';
import { jobWindowStart } from './sagemaker-jobs-window.js';

/**
 * SageMaker inference experiments (shadow tests) created in the job window: ListInferenceExperiments,
 * then DescribeInferenceExperiment for each. An experiment runs for at most 30 days and they
 * accumulate like jobs, so the same window applies. The summaries carry no ARN: coverage names a
 * listed experiment by the ARN SageMaker gives it (`inference-experiment/<name>`).
 */
export const sagemakerInferenceExperiments = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.inference-experiments',
  service: 'sagemaker',
  description:
    'SageMaker inference experiments (shadow tests) created in the last 90 days: the KMS keys of their instance and data storage.',
  actions: ['sagemaker:ListInferenceExperiments', 'sagemaker:DescribeInferenceExperiment'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListInferenceExperiments',
      pages: (client, ctx) => paginateListInferenceExperiments({ client, pageSize: 100 }, { CreationTimeAfter: jobWindowStart(ctx.now()) }),
      itemsKey: 'InferenceExperiments',
      listed: (item, ctx) => {
        const name = text(item.Name);
        return name === undefined ? undefined : listedByName(name, `${arnPrefix('sagemaker', ctx)}:inference-experiment/${name}`);
      },
      listedBy: 'Name',
      describeOperation: 'DescribeInferenceExperiment',
      describe: (client, { key }) => client.send(new DescribeInferenceExperimentCommand({ Name: key })),
      recordId: (output) => text(output.Arn),
      recordedBy: 'Arn',
      resourceType: 'AWS::SageMaker::InferenceExperiment',
    }),
  ],
});
