import { AGENT_COLLECTOR, AGENT_TYPE, FLOW_COLLECTOR, FLOW_TYPE, KNOWLEDGE_BASE_COLLECTOR, KNOWLEDGE_BASE_TYPE } from './bedrock.js';
import { perScope } from './per-resource.js';
import { endpointAvailableCheck, VPC_ENDPOINTS } from './vpc-endpoints.js';

const USERS = [
  { collector: AGENT_COLLECTOR, type: AGENT_TYPE, what: 'agents' },
  { collector: KNOWLEDGE_BASE_COLLECTOR, type: KNOWLEDGE_BASE_TYPE, what: 'knowledge bases' },
  { collector: FLOW_COLLECTOR, type: FLOW_TYPE, what: 'flows' },
];

/**
 * A region with Bedrock agents, knowledge bases or flows has an available interface VPC endpoint for
 * the runtime that invokes them (bedrock-agent-runtime: InvokeAgent, Retrieve, RetrieveAndGenerate, InvokeFlow).
 */
export const control = perScope(
  {
    id: 'bedrock_agent_runtime_vpc_endpoint_available',
    version: 1,
    title: 'An interface VPC endpoint for the Bedrock Agents runtime is available where agents, knowledge bases or flows exist',
    rationale:
      'Applications call agents, query knowledge bases and run flows through bedrock-agent-runtime. Without an interface endpoint (AWS PrivateLink), the user questions, retrieved passages and agent answers those calls carry leave the VPC through an internet or NAT gateway. An endpoint keeps them on the AWS network, lets an endpoint policy limit which agents and knowledge bases are reachable, and lets the VPC deny internet egress. Judged in regions that hold agents, knowledge bases or flows; which VPCs call them no API shows.',
    severity: 'MEDIUM',
    remediation:
      'Create an interface VPC endpoint for com.amazonaws.<region>.bedrock-agent-runtime in each VPC whose applications invoke agents, knowledge bases or flows, in private subnets of several Availability Zones, with private DNS enabled and an endpoint policy limited to the agents and knowledge bases in use.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: ['service-vpc-endpoint-enabled'],
    collectors: [VPC_ENDPOINTS, ...USERS.map((u) => u.collector)],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [VPC_ENDPOINTS, ...USERS.map((u) => u.collector)],
    noun: 'VPC endpoints and Bedrock agents, knowledge bases and flows',
    check: endpointAvailableCheck('bedrock-agent-runtime', USERS),
  },
);
