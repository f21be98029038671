import { RUNTIME_TYPE } from '../collectors/agentcore-resource-policies.js';
import { resourcePolicyControl } from './agentcore-resource-policy.js';

/** No resource-based policy lets any principal invoke or manage a Bedrock AgentCore runtime. */
export const control = resourcePolicyControl(
  {
    id: 'agentcore_runtime_resource_policy_not_public',
    version: 1,
    title: 'Bedrock AgentCore runtime resource policies do not allow any principal',
    rationale:
      'A resource-based policy on a runtime grants InvokeAgentRuntime (and other actions) to principals outside the IAM policies of the account. A statement with Principal "*" and no condition on the caller\'s account, organization, VPC or endpoint lets any AWS principal, in any account, invoke the agent: its tools, data and model spend are open to everyone who finds the ARN.',
    severity: 'CRITICAL',
    remediation:
      'Rewrite the runtime\'s policy (PutResourcePolicy) so that every Allow names the accounts or roles that may call it, or ties Principal "*" to aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpc or aws:SourceVpce with StringEquals; or remove the policy (DeleteResourcePolicy) if IAM in the account suffices.',
    cafAi: ['identity-and-access-management', 'infrastructure-protection'],
    aiRmf: ['MANAGE 2.4', 'MEASURE 2.7', 'GOVERN 6.1'],
    iso42001: ['A.4.4', 'A.6.2.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  { resourceType: RUNTIME_TYPE, noun: 'Bedrock AgentCore runtimes', label: 'Bedrock AgentCore runtime' },
);
