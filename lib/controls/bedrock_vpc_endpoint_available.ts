import { perScope } from './per-resource.js';
import { endpointAvailableCheck, VPC_ENDPOINTS } from './vpc-endpoints.js';

/** The region has an available interface VPC endpoint for the Bedrock control plane. */
export const control = perScope(
  {
    id: 'bedrock_vpc_endpoint_available',
    version: 1,
    title: 'An interface VPC endpoint for the Amazon Bedrock control plane is available in each region',
    rationale:
      'The bedrock endpoint serves the control plane: guardrails, custom and imported models, model customization, evaluation and batch inference jobs, invocation logging settings. Pipelines in a VPC that create or change these reach the public endpoint through an internet or NAT gateway unless an interface endpoint (AWS PrivateLink) keeps the calls on the AWS network, where an endpoint policy can also limit who may change guardrails or logging. Judged per region: which VPCs call Bedrock no API shows.',
    severity: 'LOW',
    remediation:
      'Create an interface VPC endpoint for com.amazonaws.<region>.bedrock in each VPC whose pipelines or tools manage Bedrock resources, in private subnets of several Availability Zones, with private DNS enabled, a security group allowing HTTPS from those workloads and an endpoint policy limited to the actions they need.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MANAGE 2.4'],
    iso42001: ['A.4.5'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: ['service-vpc-endpoint-enabled'],
    collectors: [VPC_ENDPOINTS],
    resourceType: 'AWS::::Account',
  },
  { collectors: [VPC_ENDPOINTS], noun: 'VPC endpoints for Bedrock', check: endpointAvailableCheck('bedrock') },
);
