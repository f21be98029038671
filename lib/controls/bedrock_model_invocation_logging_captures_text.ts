import { invocationLoggingControl } from './bedrock.js';

/** Invocation logging is effective for text models: prompts and completions are delivered, not only metadata. */
export const control = invocationLoggingControl(
  {
    id: 'bedrock_model_invocation_logging_captures_text',
    version: 1,
    title: 'Amazon Bedrock model invocation logging captures text prompts and responses',
    rationale:
      'With text data delivery off, the logs show that a model was called but not what was asked or answered, which is what an investigation of prompt injection or data leakage needs.',
    severity: 'MEDIUM',
    remediation:
      'Call PutModelInvocationLoggingConfiguration with textDataDeliveryEnabled set to true (and protect the destination with a KMS key and tight access, since it will hold prompts).',
    cafAi: ['threat-detection', 'security-assurance'],
    aiRmf: ['MEASURE 2.4', 'MEASURE 3.1'],
    iso42001: ['A.6.2.8'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (config, where) => {
    if (config === undefined) {
      return {
        status: 'NOT_APPLICABLE',
        reason: `Amazon Bedrock model invocation logging is not enabled in ${where}, so there is no text delivery to check.`,
      };
    }
    if (config.textDataDeliveryEnabled === true) {
      return { status: 'PASS', reason: `Amazon Bedrock model invocation logging in ${where} delivers text prompts and responses.` };
    }
    return { status: 'FAIL', reason: `Amazon Bedrock model invocation logging in ${where} has text data delivery turned off.` };
  },
);
