import { AGENTCORE_POLICY_ENGINES } from '../collectors/agentcore-policy-engines.js';
import { resourceControl, textField } from './supporting-helpers.js';

/** A Bedrock AgentCore Policy engine encrypts its policies with a customer managed KMS key. */
export const control = resourceControl(
  {
    id: 'agentcore_policy_engine_encrypted_with_cmk',
    version: 1,
    title: 'Bedrock AgentCore Policy engines are encrypted with a customer managed KMS key',
    rationale:
      'A Policy engine holds the authorization rules of the gateways it serves: which callers may use which tools. A customer managed key puts them under a key policy the organisation controls, records every use in CloudTrail and can be revoked.',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key whose policy lets AgentCore use it, and recreate the Policy engine with encryptionKeyArn set to it, then point the gateways at the new engine.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.4.4'],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  {
    collector: AGENTCORE_POLICY_ENGINES,
    resourceType: 'AWS::BedrockAgentCore::PolicyEngine',
    noun: 'Bedrock AgentCore Policy engines',
    nameField: 'name',
  },
  (record, name) => {
    // GetPolicyEngine leaves encryptionKeyArn out when the engine uses an AWS owned key: its absence is the answer.
    const key = textField(record, 'encryptionKeyArn');
    return key !== undefined
      ? { status: 'PASS', reason: `Bedrock AgentCore Policy engine ${name} is encrypted with KMS key ${key}.` }
      : {
          status: 'FAIL',
          reason: `Bedrock AgentCore Policy engine ${name} is encrypted with an AWS owned key, not a customer managed KMS key.`,
        };
  },
);
