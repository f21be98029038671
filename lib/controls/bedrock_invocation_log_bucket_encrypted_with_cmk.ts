import { asFields, listField, malformed } from './bedrock.js';
import { LOG_BUCKET_TYPE, logDestinationControl } from './bedrock-log-destinations.js';

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** Whether a KMS key id names the AWS managed key of S3 (`aws/s3`), by alias or alias ARN. */
function isAwsManagedS3Key(key: string): boolean {
  return key === 'alias/aws/s3' || key.endsWith(':alias/aws/s3');
}

/** The S3 buckets that receive Bedrock invocation logs encrypt them by default with a customer managed KMS key. */
export const control = logDestinationControl(
  {
    id: 'bedrock_invocation_log_bucket_encrypted_with_cmk',
    version: 1,
    title: 'The S3 buckets receiving Amazon Bedrock invocation logs are encrypted with a customer managed KMS key',
    rationale:
      'Invocation logs hold every prompt and completion, often with personal or confidential data. With SSE-S3 or the AWS managed aws/s3 key, anyone with s3:GetObject on the bucket reads them; a customer managed key adds a key policy the organisation controls and audits, and can be revoked. The check reads the default encryption of the log bucket and of the large-payload bucket; a key given by id or key ARN is taken as customer managed (the aws/s3 key is recognised only by its alias).',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key whose policy lets Bedrock (bedrock.amazonaws.com) and the log readers use it, then set the bucket default encryption to SSE-KMS with that key (PutBucketEncryption, or the bucket Properties > Default encryption in the S3 console), with an S3 Bucket Key to limit KMS requests.',
    cafAi: ['data-protection', 'threat-detection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.6.2.8', 'A.7.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: ['s3-default-encryption-kms'],
    resourceType: LOG_BUCKET_TYPE,
  },
  'S3 buckets receiving Bedrock invocation logs',
  (record) => {
    const what = `The invocation log bucket ${record.resource.id.replace('arn:aws:s3:::', '')}`;
    const config = record.data.ServerSideEncryptionConfiguration;
    const rules = listField(config, 'Rules');
    if (config === undefined || rules === undefined || rules.length === 0) {
      return rules === undefined
        ? malformed(what, 'ServerSideEncryptionConfiguration')
        : { status: 'INSUFFICIENT_EVIDENCE', reason: `${what} has no default encryption rule in the GetBucketEncryption answer.` };
    }
    const defaults = rules.map((rule) => asFields(rule.ApplyServerSideEncryptionByDefault));
    const algorithms = defaults.map((d) => d?.SSEAlgorithm);
    if (algorithms.some((a) => typeof a !== 'string')) return malformed(what, 'ApplyServerSideEncryptionByDefault.SSEAlgorithm');
    const kms = defaults.filter((d) => KMS_ALGORITHMS.has(String(d?.SSEAlgorithm)));
    const keys = kms.map((d) => d?.KMSMasterKeyID).filter((k): k is string => typeof k === 'string' && k.trim() !== '');
    const customer = keys.filter((k) => !isAwsManagedS3Key(k));
    if (customer.length > 0) {
      return { status: 'PASS', reason: `${what} is encrypted by default with the customer managed KMS key ${customer.join(', ')}.` };
    }
    if (kms.length > 0) {
      return { status: 'FAIL', reason: `${what} uses SSE-KMS with the AWS managed key aws/s3, not a customer managed KMS key.` };
    }
    return {
      status: 'FAIL',
      reason: `${what} is encrypted by default with ${algorithms.join(', ')} (S3 managed keys), not a customer managed KMS key.`,
    };
  },
);
