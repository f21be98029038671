import { cmkVerdict, promptControl, textField } from './bedrock.js';

/** A Prompt Management prompt is encrypted with a customer managed KMS key. */
export const control = promptControl(
  {
    id: 'bedrock_prompt_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock Prompt Management prompts are encrypted with a customer managed KMS key',
    rationale:
      'Managed prompts carry system instructions, business rules and sometimes examples drawn from real data. A customer managed key puts them under a key policy the organisation controls, audits in CloudTrail and can revoke.',
    severity: 'LOW',
    remediation:
      'Set the prompt customerEncryptionKeyArn to a customer managed KMS key (UpdatePrompt, or the console prompt settings) and create a new prompt version for applications to use.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7'],
    iso42001: [],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  (prompt, name) =>
    cmkVerdict(`Amazon Bedrock prompt ${name}`, textField(prompt, 'customerEncryptionKeyArn'), prompt.customerEncryptionKeyArn),
);
