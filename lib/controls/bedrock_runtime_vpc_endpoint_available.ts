import { bedrockEndpointServiceName } from '../collectors/bedrock-endpoint-services.js';
import { perScope } from './per-resource.js';
import { endpointLabel, isAvailableInterfaceEndpoint, VPC_ENDPOINT_TYPE, VPC_ENDPOINTS } from './vpc-endpoints.js';

/** The region has an available interface VPC endpoint for the Bedrock runtime. */
export const control = perScope(
  {
    id: 'bedrock_runtime_vpc_endpoint_available',
    version: 1,
    title: 'An interface VPC endpoint for the Amazon Bedrock runtime is available in each region',
    rationale:
      'Without an interface endpoint (AWS PrivateLink) for bedrock-runtime, prompts and completions sent from workloads in a VPC leave it over the internet gateway or a NAT gateway to reach the public Bedrock endpoint. An endpoint keeps that traffic on the AWS network, lets an endpoint policy limit which models and principals are reachable, and lets the VPC deny internet egress altogether. The check is per region: that every VPC which calls Bedrock uses the endpoint cannot be seen from the APIs and is left to review.',
    severity: 'MEDIUM',
    remediation:
      'Create an interface VPC endpoint for com.amazonaws.<region>.bedrock-runtime (and bedrock-agent-runtime where agents or knowledge bases are called) in each VPC whose workloads invoke models, in private subnets of several Availability Zones, with private DNS enabled, a security group allowing HTTPS from the workloads and an endpoint policy limited to the models in use.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: ['service-vpc-endpoint-enabled'],
    collectors: [VPC_ENDPOINTS],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [VPC_ENDPOINTS],
    noun: 'VPC endpoints for Bedrock',
    check: (records, scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const service = bedrockEndpointServiceName(scope.region, 'bedrock-runtime');
      const runtime = (records.get(VPC_ENDPOINTS) ?? []).filter(
        (e) => e.record.resource.type === VPC_ENDPOINT_TYPE && e.record.data.ServiceName === service,
      );
      const available = runtime.filter(isAvailableInterfaceEndpoint);
      if (available.length > 0) {
        return {
          status: 'PASS',
          reason: `${where} has ${available.length} available interface endpoint${available.length === 1 ? '' : 's'} for ${service} (${available.map(endpointLabel).sort().join(', ')}).`,
          cite: available,
        };
      }
      if (runtime.length > 0) {
        const states = runtime.map(
          (e) => `${endpointLabel(e)} is ${String(e.record.data.VpcEndpointType)} in state ${String(e.record.data.State)}`,
        );
        return {
          status: 'FAIL',
          reason: `${where} has no available interface endpoint for ${service}: ${states.sort().join('; ')}.`,
          cite: runtime,
        };
      }
      return {
        status: 'FAIL',
        reason: `${where} has no VPC endpoint for ${service}: calls to the Bedrock runtime leave the VPC over the internet or a NAT gateway.`,
        cite: [],
      };
    },
  },
);
