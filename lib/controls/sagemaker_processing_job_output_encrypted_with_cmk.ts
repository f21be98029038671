import { kmsKeySetting, PROCESSING_JOBS, sagemakerControl, valueAt } from './sagemaker.js';

/** What a processing job writes to S3 is encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  PROCESSING_JOBS,
  {
    id: 'sagemaker_processing_job_output_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker processing jobs encrypt their output with a customer managed KMS key',
    rationale:
      'Processing output is prepared training data, evaluation results or bias reports; a customer managed key puts reading it under a key policy the organisation controls and audits.',
    severity: 'MEDIUM',
    remediation:
      'Set ProcessingOutputConfig.KmsKeyId to a customer managed key in CreateProcessingJob (output_kms_key on the processor) and enforce it with the sagemaker:OutputKmsKey condition key in IAM.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.6', 'A.7.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    // A job without outputs has no ProcessingOutputConfig: there is nothing it writes to encrypt.
    if (valueAt(record, 'ProcessingOutputConfig') === undefined) {
      return { status: 'NOT_APPLICABLE', reason: `${label} writes no output.` };
    }
    return kmsKeySetting(record, 'ProcessingOutputConfig.KmsKeyId', label, 'its output');
  },
);
