import type { SealedEvidence } from '../evidence/record.js';

/** The collector whose records are the region's VPC endpoints for Bedrock and AgentCore, and their type. */
export const VPC_ENDPOINTS = 'ec2.vpc-endpoints';
export const VPC_ENDPOINT_TYPE = 'AWS::EC2::VPCEndpoint';

/** An interface endpoint (PrivateLink) in state available: one that carries calls. */
export function isAvailableInterfaceEndpoint(e: SealedEvidence): boolean {
  return e.record.data.VpcEndpointType === 'Interface' && String(e.record.data.State).toLowerCase() === 'available';
}

/** How a reason names an endpoint: its id and its VPC. */
export function endpointLabel(e: SealedEvidence): string {
  return `${String(e.record.data.VpcEndpointId ?? e.record.resource.id)} in ${String(e.record.data.VpcId ?? 'an unnamed VPC')}`;
}
