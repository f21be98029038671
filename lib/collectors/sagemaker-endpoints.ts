import { DescribeEndpointCommand, paginateListEndpoints } from '@aws-sdk/client-sagemaker';
import { listDescribeCollector } from './sagemaker-list-describe.js';

/** SageMaker real-time endpoints: ListEndpoints, then DescribeEndpoint for each. */
export const sagemakerEndpoints = listDescribeCollector({
  id: 'sagemaker.endpoints',
  description: 'SageMaker endpoints: status, endpoint configuration, running variants and data capture.',
  actions: ['sagemaker:ListEndpoints', 'sagemaker:DescribeEndpoint'],
  kinds: [
    {
      listOperation: 'ListEndpoints',
      pages: (client) => paginateListEndpoints({ client, pageSize: 100 }, {}),
      itemsKey: 'Endpoints',
      nameKey: 'EndpointName',
      arnKey: 'EndpointArn',
      describeOperation: 'DescribeEndpoint',
      describe: (client, name) => client.send(new DescribeEndpointCommand({ EndpointName: name })),
      describedArnKey: 'EndpointArn',
      resourceType: 'AWS::SageMaker::Endpoint',
    },
  ],
});
