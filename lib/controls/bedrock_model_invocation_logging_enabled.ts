import { invocationLoggingControl } from './bedrock.js';

/** Amazon Bedrock records model invocations in the region. */
export const control = invocationLoggingControl(
  {
    id: 'bedrock_model_invocation_logging_enabled',
    version: 1,
    title: 'Amazon Bedrock model invocation logging is enabled in every assessed region',
    rationale:
      'Invocation logs are the only record of which prompts reached which model and what came back. Without them misuse, prompt injection and data leakage cannot be investigated or monitored.',
    severity: 'HIGH',
    remediation:
      'In the Bedrock console (Settings) or with PutModelInvocationLoggingConfiguration, turn on model invocation logging to an S3 bucket or a CloudWatch Logs group in each region where Bedrock is used.',
    cafAi: ['threat-detection', 'security-assurance'],
    aiRmf: ['MEASURE 2.4', 'MANAGE 4.1', 'GOVERN 4.3'],
    iso42001: ['A.6.2.8', 'A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (config, where) => {
    return config === undefined
      ? { status: 'FAIL', reason: `Amazon Bedrock model invocation logging is not enabled in ${where}.` }
      : { status: 'PASS', reason: `Amazon Bedrock model invocation logging is enabled in ${where}.` };
  },
);
