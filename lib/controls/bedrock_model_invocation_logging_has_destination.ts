import { destinationsOf, invocationLoggingControl } from './bedrock.js';

/** Enabled invocation logging actually delivers somewhere: an S3 bucket or a CloudWatch Logs group. */
export const control = invocationLoggingControl(
  {
    id: 'bedrock_model_invocation_logging_has_destination',
    version: 1,
    title: 'Amazon Bedrock model invocation logs are delivered to S3 or CloudWatch Logs',
    rationale:
      'A logging configuration without a usable destination records nothing. Logs must land where they are retained, protected and can feed detection.',
    severity: 'MEDIUM',
    remediation:
      'Call PutModelInvocationLoggingConfiguration with an s3Config bucketName or a cloudWatchConfig logGroupName and roleArn that Bedrock may write to.',
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.4', 'MANAGE 4.3'],
    iso42001: ['A.6.2.8'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (config, where) => {
    if (config === undefined) {
      return {
        status: 'NOT_APPLICABLE',
        reason: `Amazon Bedrock model invocation logging is not enabled in ${where}, so there is no destination to check.`,
      };
    }
    const destinations = destinationsOf(config);
    return destinations.length > 0
      ? { status: 'PASS', reason: `Amazon Bedrock model invocation logs in ${where} go to ${destinations.join(' and ')}.` }
      : {
          status: 'FAIL',
          reason: `Amazon Bedrock model invocation logging in ${where} names neither an S3 bucket nor a CloudWatch Logs group.`,
        };
  },
);
