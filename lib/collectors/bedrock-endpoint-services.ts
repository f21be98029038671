// Apart from ec2-vpc-endpoints.ts, which loads the EC2 client (about 2 s in Node): a control needs only the names.

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
