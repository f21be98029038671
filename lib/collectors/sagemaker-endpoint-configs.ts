import { DescribeEndpointConfigCommand, paginateListEndpointConfigs } from '@aws-sdk/client-sagemaker';
import { listDescribeCollector } from './sagemaker-list-describe.js';

/** SageMaker endpoint configurations: ListEndpointConfigs, then DescribeEndpointConfig for each. */
export const sagemakerEndpointConfigs = listDescribeCollector({
  id: 'sagemaker.endpoint-configs',
  description: 'SageMaker endpoint configurations: KMS key, data capture and production variants.',
  actions: ['sagemaker:ListEndpointConfigs', 'sagemaker:DescribeEndpointConfig'],
  kinds: [
    {
      listOperation: 'ListEndpointConfigs',
      pages: (client) => paginateListEndpointConfigs({ client, pageSize: 100 }, {}),
      itemsKey: 'EndpointConfigs',
      nameKey: 'EndpointConfigName',
      arnKey: 'EndpointConfigArn',
      describeOperation: 'DescribeEndpointConfig',
      describe: (client, name) => client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })),
      describedArnKey: 'EndpointConfigArn',
      resourceType: 'AWS::SageMaker::EndpointConfig',
    },
  ],
});
