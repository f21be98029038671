import { AGENTCORE_GATEWAYS } from '../collectors/agentcore-gateways.js';
import { resourceControl, textField } from './supporting-helpers.js';

/** A Bedrock AgentCore gateway encrypts its configuration with a customer managed KMS key. */
export const control = resourceControl(
  {
    id: 'agentcore_gateway_encrypted_with_cmk',
    version: 1,
    title: 'Bedrock AgentCore gateways are encrypted with a customer managed KMS key',
    rationale:
      'A gateway holds tool definitions and credential provider settings for the systems its agents reach. A customer managed key puts them under a key policy the organisation controls, logs in CloudTrail and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key whose policy lets the gateway use it, and recreate the gateway with kmsKeyArn set to it (the key cannot be added to an existing gateway).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.4.4'],
    aiLayers: ['input'],
    securityHubControls: ['BedrockAgentCore.4'],
    configRules: ['bedrockagentcore-gateway-encryption-enabled'],
  },
  { collector: AGENTCORE_GATEWAYS, resourceType: 'AWS::BedrockAgentCore::Gateway', noun: 'Bedrock AgentCore gateways', nameField: 'name' },
  (record, name) => {
    // GetGateway leaves kmsKeyArn out when the gateway uses an AWS owned key: its absence is the answer.
    const key = textField(record, 'kmsKeyArn');
    return key !== undefined
      ? { status: 'PASS', reason: `Bedrock AgentCore gateway ${name} is encrypted with KMS key ${key}.` }
      : { status: 'FAIL', reason: `Bedrock AgentCore gateway ${name} is encrypted with an AWS owned key, not a customer managed KMS key.` };
  },
);
