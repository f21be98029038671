import { AGENTCORE_BROWSERS } from '../collectors/agentcore-browsers.js';
import { resourceControl, textField } from './supporting-helpers.js';

/** A Bedrock AgentCore custom browser runs in the account's VPC rather than on the public network. */
export const control = resourceControl(
  {
    id: 'agentcore_browser_not_public',
    version: 1,
    title: 'Bedrock AgentCore custom browsers do not use PUBLIC network mode',
    rationale:
      "An agent-driven browser on the public network can be steered by injected content to any site, and what it fetches goes straight into the model. In VPC mode its egress passes through the organisation's subnets, security groups and network firewalls.",
    severity: 'HIGH',
    remediation:
      'Create the custom browser again (CreateBrowser) with networkConfiguration.networkMode VPC and a vpcConfig naming private subnets and security groups, and point the agents at it.',
    cafAi: ['infrastructure-protection', 'application-security'],
    aiRmf: ['MEASURE 2.7'],
    iso42001: ['A.4.4'],
    aiLayers: ['input'],
    securityHubControls: ['BedrockAgentCore.5'],
    configRules: ['bedrockagentcore-browsercustom-network-mode-not-public'],
  },
  {
    collector: AGENTCORE_BROWSERS,
    resourceType: 'AWS::BedrockAgentCore::BrowserCustom',
    noun: 'Bedrock AgentCore custom browsers',
    nameField: 'name',
  },
  (record, name) => {
    const mode = textField(record, 'networkConfiguration.networkMode');
    if (mode === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `GetBrowser for Bedrock AgentCore browser ${name} returned no networkConfiguration.networkMode.`,
      };
    }
    if (mode === 'PUBLIC') return { status: 'FAIL', reason: `Bedrock AgentCore browser ${name} runs in PUBLIC network mode.` };
    if (mode === 'VPC') return { status: 'PASS', reason: `Bedrock AgentCore browser ${name} runs in VPC network mode.` };
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `Bedrock AgentCore browser ${name} has network mode ${mode}, which this control does not know.`,
    };
  },
);
