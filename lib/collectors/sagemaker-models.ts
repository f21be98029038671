import { DescribeModelCommand, paginateListModels } from '@aws-sdk/client-sagemaker';
import { listDescribeCollector } from './sagemaker-list-describe.js';

/** SageMaker models: ListModels, then DescribeModel for each. */
export const sagemakerModels = listDescribeCollector({
  id: 'sagemaker.models',
  description: 'SageMaker models: containers and their images, network isolation and VPC configuration.',
  actions: ['sagemaker:ListModels', 'sagemaker:DescribeModel'],
  kinds: [
    {
      listOperation: 'ListModels',
      pages: (client) => paginateListModels({ client, pageSize: 100 }, {}),
      itemsKey: 'Models',
      nameKey: 'ModelName',
      arnKey: 'ModelArn',
      describeOperation: 'DescribeModel',
      describe: (client, name) => client.send(new DescribeModelCommand({ ModelName: name })),
      describedArnKey: 'ModelArn',
      resourceType: 'AWS::SageMaker::Model',
    },
  ],
});
