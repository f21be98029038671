import { paginateDescribeVpcEndpoints } from '@aws-sdk/client-ec2';
import { AGENTCORE_ENDPOINT_SERVICES, BEDROCK_ENDPOINT_SERVICES, bedrockEndpointServiceName } from './bedrock-endpoint-services.js';
import { arnPrefix, summaryCollector, text } from './list-describe.js';

export { AGENTCORE_ENDPOINT_SERVICES, BEDROCK_ENDPOINT_SERVICES, bedrockEndpointServiceName };

/**
 * The VPC endpoints of the region for the Bedrock and Bedrock AgentCore services (DescribeVpcEndpoints filtered by
 * service name, every page), one record per endpoint as the listing returns it: its type, state,
 * VPC, subnets and policy are all the controls read.
 */
export const ec2VpcEndpoints = /* @__PURE__ */ summaryCollector({
  id: 'ec2.vpc-endpoints',
  service: 'ec2',
  description:
    'VPC endpoints for Amazon Bedrock (bedrock, bedrock-runtime, bedrock-agent, bedrock-agent-runtime) and Bedrock AgentCore (bedrock-agentcore, bedrock-agentcore.gateway) in the region.',
  actions: ['ec2:DescribeVpcEndpoints'],
  listOperation: 'DescribeVpcEndpoints',
  pages: (client, ctx) =>
    paginateDescribeVpcEndpoints(
      { client, pageSize: 1000 },
      {
        Filters: [
          {
            Name: 'service-name',
            Values: [...BEDROCK_ENDPOINT_SERVICES, ...AGENTCORE_ENDPOINT_SERVICES].map((s) => bedrockEndpointServiceName(ctx.region, s)),
          },
        ],
      },
    ),
  itemsKey: 'VpcEndpoints',
  recordId: (endpoint, ctx) => {
    const id = text(endpoint.VpcEndpointId);
    return id === undefined ? undefined : `${arnPrefix('ec2', ctx)}:vpc-endpoint/${id}`;
  },
  itemCalled: 'an endpoint',
  listedBy: 'a VpcEndpointId',
  resourceType: 'AWS::EC2::VPCEndpoint',
});
