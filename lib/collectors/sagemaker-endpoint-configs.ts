import { DescribeEndpointConfigCommand, paginateListEndpointConfigs } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';

/** SageMaker endpoint configurations: ListEndpointConfigs, then DescribeEndpointConfig for each. */
export const sagemakerEndpointConfigs = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.endpoint-configs',
  service: 'sagemaker',
  description: 'SageMaker endpoint configurations: KMS key, data capture and production variants.',
  actions: ['sagemaker:ListEndpointConfigs', 'sagemaker:DescribeEndpointConfig'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListEndpointConfigs',
      pages: (client) => paginateListEndpointConfigs({ client, pageSize: 100 }, {}),
      itemsKey: 'EndpointConfigs',
      listed: (item) => listedByName(item.EndpointConfigName, item.EndpointConfigArn),
      listedBy: 'EndpointConfigName or EndpointConfigArn',
      describeOperation: 'DescribeEndpointConfig',
      describe: (client, { key }) => client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: key })),
      recordId: (output) => text(output.EndpointConfigArn),
      recordedBy: 'EndpointConfigArn',
      resourceType: 'AWS::SageMaker::EndpointConfig',
    }),
  ],
});
