import {
  AGENT_COLLECTOR,
  AGENT_TYPE,
  FLOW_COLLECTOR,
  FLOW_TYPE,
  KNOWLEDGE_BASE_COLLECTOR,
  KNOWLEDGE_BASE_TYPE,
  PROMPT_COLLECTOR,
  PROMPT_TYPE,
} from './bedrock.js';
import { perScope } from './per-resource.js';
import { endpointAvailableCheck, VPC_ENDPOINTS } from './vpc-endpoints.js';

const USERS = [
  { collector: AGENT_COLLECTOR, type: AGENT_TYPE, what: 'agents' },
  { collector: KNOWLEDGE_BASE_COLLECTOR, type: KNOWLEDGE_BASE_TYPE, what: 'knowledge bases' },
  { collector: FLOW_COLLECTOR, type: FLOW_TYPE, what: 'flows' },
  { collector: PROMPT_COLLECTOR, type: PROMPT_TYPE, what: 'prompts' },
];

/**
 * A region with Bedrock agents, knowledge bases, flows or prompts has an available interface VPC
 * endpoint for the Agents build-time API (bedrock-agent) that manages them.
 */
export const control = perScope(
  {
    id: 'bedrock_agent_vpc_endpoint_available',
    version: 1,
    title:
      'An interface VPC endpoint for Bedrock Agents (build-time API) is available where agents, knowledge bases, flows or prompts exist',
    rationale:
      'bedrock-agent is the API that creates and changes agents and their action groups, knowledge bases and their data sources (including ingestion jobs), flows and managed prompts. Deployment pipelines in a VPC that call it without an interface endpoint send agent instructions, prompt templates and data source settings through an internet or NAT gateway; an endpoint keeps them on the AWS network and its policy can limit who may change an agent. Judged in regions that hold such resources; which VPCs call the API no API shows.',
    severity: 'LOW',
    remediation:
      'Create an interface VPC endpoint for com.amazonaws.<region>.bedrock-agent in each VPC whose pipelines manage agents, knowledge bases, flows or prompts, with private DNS enabled, a security group allowing HTTPS from them and an endpoint policy limited to the actions they need.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MANAGE 2.4'],
    iso42001: ['A.4.5'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: ['service-vpc-endpoint-enabled'],
    collectors: [VPC_ENDPOINTS, ...USERS.map((u) => u.collector)],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [VPC_ENDPOINTS, ...USERS.map((u) => u.collector)],
    noun: 'VPC endpoints and Bedrock agents, knowledge bases, flows and prompts',
    check: endpointAvailableCheck('bedrock-agent', USERS),
  },
);
