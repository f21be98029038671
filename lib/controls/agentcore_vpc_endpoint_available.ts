import { AGENTCORE_GATEWAYS } from '../collectors/agentcore-gateways.js';
import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import { type AGENTCORE_ENDPOINT_SERVICES, bedrockEndpointServiceName } from '../collectors/bedrock-endpoint-services.js';
import type { SealedEvidence } from '../evidence/record.js';
import { perScope } from './per-resource.js';
import { endpointLabel, isAvailableInterfaceEndpoint, VPC_ENDPOINT_TYPE, VPC_ENDPOINTS } from './vpc-endpoints.js';

/**
 * A region with Bedrock AgentCore runtimes has an available interface VPC endpoint for the AgentCore
 * data plane, and one with gateways has one for the gateways. Judged per region, as for Bedrock:
 * which VPCs call AgentCore no API shows.
 */
export const control = perScope(
  {
    id: 'agentcore_vpc_endpoint_available',
    version: 1,
    title: 'Interface VPC endpoints for Bedrock AgentCore are available where AgentCore is used',
    rationale:
      'Without interface endpoints (AWS PrivateLink) for bedrock-agentcore and bedrock-agentcore.gateway, the prompts, tool calls and memory an application in a VPC sends to its agents leave the VPC through an internet or NAT gateway. An endpoint keeps that traffic on the AWS network, lets an endpoint policy limit which principals reach which agents, and lets the VPC deny internet egress. The check is per region: that every VPC which calls AgentCore uses the endpoint cannot be seen from the APIs and is left to review.',
    severity: 'MEDIUM',
    remediation:
      'Create interface VPC endpoints for com.amazonaws.<region>.bedrock-agentcore (runtimes, memory, built-in tools, identity) and, where gateways are used, com.amazonaws.<region>.bedrock-agentcore.gateway in each VPC whose workloads call AgentCore, with private DNS enabled and an endpoint policy limited to the agents in use.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: ['service-vpc-endpoint-enabled'],
    collectors: [VPC_ENDPOINTS, AGENTCORE_RUNTIMES, AGENTCORE_GATEWAYS],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [VPC_ENDPOINTS, AGENTCORE_RUNTIMES, AGENTCORE_GATEWAYS],
    noun: 'VPC endpoints and resources of Bedrock AgentCore',
    check: (records, scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const of = (collector: string, type: string) => (records.get(collector) ?? []).filter((e) => e.record.resource.type === type);
      const runtimes = of(AGENTCORE_RUNTIMES, 'AWS::BedrockAgentCore::Runtime');
      const gateways = of(AGENTCORE_GATEWAYS, 'AWS::BedrockAgentCore::Gateway');
      const needed: { service: (typeof AGENTCORE_ENDPOINT_SERVICES)[number]; users: readonly SealedEvidence[]; what: string }[] = [
        { service: 'bedrock-agentcore' as const, users: runtimes, what: 'runtimes' },
        { service: 'bedrock-agentcore.gateway' as const, users: gateways, what: 'gateways' },
      ].filter((n) => n.users.length > 0);
      if (needed.length === 0) {
        return { status: 'NOT_APPLICABLE', reason: `No Bedrock AgentCore runtime or gateway in ${where}.`, cite: [] };
      }
      const endpoints = of(VPC_ENDPOINTS, VPC_ENDPOINT_TYPE);
      const cite: SealedEvidence[] = [];
      const found: string[] = [];
      const missing: string[] = [];
      for (const n of needed) {
        const name = bedrockEndpointServiceName(scope.region, n.service);
        const available = endpoints.filter((e) => e.record.data.ServiceName === name && isAvailableInterfaceEndpoint(e));
        cite.push(...n.users, ...available);
        if (available.length > 0) found.push(`${name} (${available.map(endpointLabel).sort().join(', ')})`);
        else missing.push(`${name}, which its ${n.users.length} ${n.what} are called through`);
      }
      if (missing.length > 0) {
        return {
          status: 'FAIL',
          reason: `${where} has no available interface endpoint for ${missing.join('; nor for ')}: calls from a VPC leave it over the internet or a NAT gateway.`,
          cite,
        };
      }
      return { status: 'PASS', reason: `${where} has available interface endpoints for ${found.join(' and ')}.`, cite };
    },
  },
);
