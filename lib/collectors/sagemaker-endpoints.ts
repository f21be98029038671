import { DescribeEndpointCommand, paginateListEndpoints } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';

/** SageMaker real-time endpoints: ListEndpoints, then DescribeEndpoint for each. */
export const sagemakerEndpoints = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.endpoints',
  service: 'sagemaker',
  description: 'SageMaker endpoints: status, endpoint configuration, running variants and data capture.',
  actions: ['sagemaker:ListEndpoints', 'sagemaker:DescribeEndpoint'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListEndpoints',
      pages: (client) => paginateListEndpoints({ client, pageSize: 100 }, {}),
      itemsKey: 'Endpoints',
      listed: (item) => listedByName(item.EndpointName, item.EndpointArn),
      listedBy: 'EndpointName or EndpointArn',
      describeOperation: 'DescribeEndpoint',
      describe: (client, { key }) => client.send(new DescribeEndpointCommand({ EndpointName: key })),
      recordId: (output) => text(output.EndpointArn),
      recordedBy: 'EndpointArn',
      resourceType: 'AWS::SageMaker::Endpoint',
    }),
  ],
});
