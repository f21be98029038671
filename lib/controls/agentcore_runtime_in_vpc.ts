import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import { resourceControl, textField } from './supporting-helpers.js';

/** A Bedrock AgentCore runtime runs in the account's VPC, not on the public network. */
export const control = resourceControl(
  {
    id: 'agentcore_runtime_in_vpc',
    version: 1,
    title: 'Bedrock AgentCore runtimes run in VPC network mode',
    rationale:
      'An agent runtime in PUBLIC network mode reaches and is reached through the internet; in VPC mode its traffic stays in subnets and security groups the organisation controls, so the tools and data an agent can touch are bounded by the network as well as by IAM.',
    severity: 'HIGH',
    remediation:
      'Update the agent runtime (UpdateAgentRuntime) with networkConfiguration.networkMode set to VPC and networkModeConfig naming private subnets and security groups; add VPC endpoints for the AWS services the agent calls.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.5', 'A.6.2.5'],
    aiLayers: ['model', 'output'],
    securityHubControls: ['BedrockAgentCore.1'],
    configRules: ['bedrockagentcore-runtime-private-network-required'],
  },
  {
    collector: AGENTCORE_RUNTIMES,
    resourceType: 'AWS::BedrockAgentCore::Runtime',
    noun: 'Bedrock AgentCore runtimes',
    nameField: 'agentRuntimeName',
  },
  (record, name) => {
    const mode = textField(record, 'networkConfiguration.networkMode');
    if (mode === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `GetAgentRuntime for Bedrock AgentCore runtime ${name} returned no networkConfiguration.networkMode.`,
      };
    }
    if (mode === 'VPC') return { status: 'PASS', reason: `Bedrock AgentCore runtime ${name} runs in VPC network mode.` };
    if (mode === 'PUBLIC') return { status: 'FAIL', reason: `Bedrock AgentCore runtime ${name} runs in PUBLIC network mode.` };
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `Bedrock AgentCore runtime ${name} has network mode ${mode}, which this control does not know.`,
    };
  },
);
