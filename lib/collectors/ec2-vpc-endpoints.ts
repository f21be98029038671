import { paginateDescribeVpcEndpoints } from '@aws-sdk/client-ec2';
import { arnPrefix, summaryCollector, text } from './list-describe.js';

/** The Bedrock services a VPC reaches privately through an interface endpoint, as PrivateLink names them. */
export const BEDROCK_ENDPOINT_SERVICES = ['bedrock', 'bedrock-runtime', 'bedrock-agent', 'bedrock-agent-runtime'] as const;

/**
 * The Bedrock AgentCore services a VPC reaches privately: the data plane (runtimes, memory, built-in
 * tools, identity) and the gateways.
 */
export const AGENTCORE_ENDPOINT_SERVICES = ['bedrock-agentcore', 'bedrock-agentcore.gateway'] as const;

/** The PrivateLink service name of a Bedrock service in a region, e.g. `com.amazonaws.eu-west-1.bedrock-runtime`. */
export function bedrockEndpointServiceName(
  region: string,
  service: (typeof BEDROCK_ENDPOINT_SERVICES)[number] | (typeof AGENTCORE_ENDPOINT_SERVICES)[number],
): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * The VPC endpoints of the region for the Bedrock and Bedrock AgentCore services (DescribeVpcEndpoints filtered by
 * service name, every page), one record per endpoint as the listing returns it: its type, state,
 * VPC, subnets and policy are all the controls read.
 */
export const ec2VpcEndpoints = summaryCollector({
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
