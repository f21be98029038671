import { asFields, batchJobControl, cmkVerdict, malformed, textField } from './bedrock.js';

/** A batch inference job writes its output to S3 encrypted with a customer managed KMS key it names. */
export const control = batchJobControl(
  {
    id: 'bedrock_batch_inference_output_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock batch inference jobs encrypt their output with a customer managed KMS key',
    rationale:
      'Batch inference output holds the model answers to every record of the input, often customer data in bulk. A job that names no KMS key leaves the encryption of that output to whatever the bucket default is at the time it writes.',
    severity: 'MEDIUM',
    remediation:
      'Create batch inference jobs with outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId set to a customer managed KMS key that the job service role may use; a submitted job cannot be changed, so apply this to the next run.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: [],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  (job, name) => {
    const what = `Amazon Bedrock batch inference job ${name}`;
    const s3 = asFields(asFields(job.outputDataConfig)?.s3OutputDataConfig);
    if (s3 === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `The answer for ${what} has no outputDataConfig.s3OutputDataConfig, which the API always returns.`,
      };
    }
    const key = s3.s3EncryptionKeyId;
    if (key !== undefined && key !== null && typeof key !== 'string') return malformed(what, 'output s3EncryptionKeyId');
    const verdict = cmkVerdict(what, textField(s3, 's3EncryptionKeyId'), key);
    return verdict.status === 'FAIL'
      ? {
          status: 'FAIL',
          reason: `${what} names no KMS key for its output in ${String(s3.s3Uri)}, so it is encrypted as the bucket default happens to be.`,
        }
      : verdict;
  },
);
