import { DescribeModelCommand, paginateListModels } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';

/** SageMaker models: ListModels, then DescribeModel for each. */
export const sagemakerModels = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.models',
  service: 'sagemaker',
  description: 'SageMaker models: containers and their images, network isolation and VPC configuration.',
  actions: ['sagemaker:ListModels', 'sagemaker:DescribeModel'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListModels',
      pages: (client) => paginateListModels({ client, pageSize: 100 }, {}),
      itemsKey: 'Models',
      listed: (item) => listedByName(item.ModelName, item.ModelArn),
      listedBy: 'ModelName or ModelArn',
      describeOperation: 'DescribeModel',
      describe: (client, { key }) => client.send(new DescribeModelCommand({ ModelName: key })),
      recordId: (output) => text(output.ModelArn),
      recordedBy: 'ModelArn',
      resourceType: 'AWS::SageMaker::Model',
    }),
  ],
});
