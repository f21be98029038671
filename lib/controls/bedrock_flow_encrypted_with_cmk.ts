import { cmkVerdict, flowControl, textField } from './bedrock.js';

/** A Bedrock flow is encrypted with a customer managed KMS key. */
export const control = flowControl(
  {
    id: 'bedrock_flow_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock flows are encrypted with a customer managed KMS key',
    rationale:
      'A flow holds the prompts, conditions and resource links of a generative AI workflow. A customer managed key puts them under a key policy the organisation controls, audits in CloudTrail and can revoke.',
    severity: 'LOW',
    remediation:
      'Set the flow customerEncryptionKeyArn to a customer managed KMS key whose policy allows the flow execution role (UpdateFlow), then create a new flow version and point the flow alias at it.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7'],
    iso42001: [],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  (flow, name) => cmkVerdict(`Amazon Bedrock flow ${name}`, textField(flow, 'customerEncryptionKeyArn'), flow.customerEncryptionKeyArn),
);
