import { agentControl, cmkVerdict, textField } from './bedrock.js';

/** An agent's resources (instructions, session data) are encrypted with a customer managed KMS key. */
export const control = agentControl(
  {
    id: 'bedrock_agent_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock agents are encrypted with a customer managed KMS key',
    rationale:
      'An agent stores its instructions, action group definitions and conversation sessions, which hold what users told it. A customer managed key puts them under a key policy the organisation controls, audits in CloudTrail and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key whose policy allows Bedrock and the agent service role to use it, set it as the agent customerEncryptionKeyArn (UpdateAgent), prepare the agent and update its aliases.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: [],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (agent, name) => cmkVerdict(`Amazon Bedrock agent ${name}`, textField(agent, 'customerEncryptionKeyArn'), agent.customerEncryptionKeyArn),
);
