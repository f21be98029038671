import { cmkVerdict, guardrailControl, textField } from './bedrock.js';

/** The guardrail's configuration is encrypted with a customer managed KMS key. */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock guardrails are encrypted with a customer managed KMS key',
    rationale:
      'A guardrail holds the denied topics, word lists and sensitive-data patterns of an application, which describe what it protects. A customer managed key puts access to them under a key policy the organisation controls, audits in CloudTrail and can revoke.',
    severity: 'LOW',
    remediation:
      'Create a customer managed KMS key whose policy allows Bedrock to use it, and set it as the guardrail KMS key (kmsKeyId in UpdateGuardrail or the console), then publish a new guardrail version.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7'],
    iso42001: [],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (guardrail, name) => cmkVerdict(`Amazon Bedrock guardrail ${name}`, textField(guardrail, 'kmsKeyArn'), guardrail.kmsKeyArn),
);
