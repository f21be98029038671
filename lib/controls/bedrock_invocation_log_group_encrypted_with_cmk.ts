import { malformed } from './bedrock.js';
import { LOG_GROUP_TYPE, logDestinationControl } from './bedrock-log-destinations.js';

/** The CloudWatch Logs group that receives Bedrock invocation logs is encrypted with a customer managed KMS key. */
export const control = logDestinationControl(
  {
    id: 'bedrock_invocation_log_group_encrypted_with_cmk',
    version: 1,
    title: 'The CloudWatch Logs group receiving Amazon Bedrock invocation logs is encrypted with a customer managed KMS key',
    rationale:
      'Invocation logs hold every prompt and completion, often with personal or confidential data. A log group without a KMS key is encrypted only with a key CloudWatch Logs owns, so access rests on IAM alone; a customer managed key adds a key policy the organisation controls, audits in CloudTrail and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key whose policy allows the CloudWatch Logs service principal of the region (logs.<region>.amazonaws.com) to use it, then associate it with the log group (AssociateKmsKey, or aws logs associate-kms-key --log-group-name <group> --kms-key-id <key ARN>).',
    cafAi: ['data-protection', 'threat-detection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.6.2.8', 'A.7.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: ['cloudwatch-log-group-encrypted'],
    resourceType: LOG_GROUP_TYPE,
  },
  'CloudWatch Logs groups receiving Bedrock invocation logs',
  (record) => {
    const name = typeof record.data.logGroupName === 'string' ? record.data.logGroupName : record.resource.id;
    const what = `The invocation log group ${name}`;
    const key = record.data.kmsKeyId;
    if (typeof key === 'string' && key.trim() !== '') {
      return { status: 'PASS', reason: `${what} is encrypted with the customer managed KMS key ${key}.` };
    }
    if (key !== undefined && key !== null && typeof key !== 'string') return malformed(what, 'kmsKeyId');
    return {
      status: 'FAIL',
      reason: `${what} has no kmsKeyId: it is encrypted only with a key CloudWatch Logs owns, not a customer managed KMS key.`,
    };
  },
);
