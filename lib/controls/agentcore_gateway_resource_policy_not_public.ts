import { GATEWAY_TYPE } from '../collectors/agentcore-resource-policies.js';
import { resourcePolicyControl } from './agentcore-resource-policy.js';

/** No resource-based policy lets any principal use or manage a Bedrock AgentCore gateway. */
export const control = resourcePolicyControl(
  {
    id: 'agentcore_gateway_resource_policy_not_public',
    version: 1,
    title: 'Bedrock AgentCore gateway resource policies do not allow any principal',
    rationale:
      "A gateway fronts the tools agents call (Lambda functions, APIs, MCP servers) with the gateway role's credentials. A resource-based policy statement with Principal \"*\" and no condition on the caller's account, organization, VPC or endpoint lets any AWS principal reach those tools through it, whatever the account's IAM policies say.",
    severity: 'CRITICAL',
    remediation:
      'Rewrite the gateway\'s policy (PutResourcePolicy) so that every Allow names the accounts or roles that may call it, or ties Principal "*" to aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpc or aws:SourceVpce with StringEquals; or remove the policy (DeleteResourcePolicy) if IAM in the account suffices.',
    cafAi: ['identity-and-access-management', 'application-security'],
    aiRmf: ['MANAGE 2.4', 'MEASURE 2.7', 'GOVERN 6.1'],
    iso42001: ['A.4.4', 'A.6.2.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  { resourceType: GATEWAY_TYPE, noun: 'Bedrock AgentCore gateways', label: 'Bedrock AgentCore gateway' },
);
