import { kmsKeySetting, sagemakerControl, TRAINING_JOBS, valueAt } from './sagemaker.js';

/** The model artefacts a training job writes to S3 are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  TRAINING_JOBS,
  {
    id: 'sagemaker_training_job_output_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker training jobs encrypt their output with a customer managed KMS key',
    rationale:
      'The output of a training job is the model itself. Encrypting it with a customer managed key means reading or swapping the model needs the key, which the organisation grants, logs and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Set OutputDataConfig.KmsKeyId to a customer managed key in CreateTrainingJob (output_kms_key on the estimator) and enforce it with the sagemaker:OutputKmsKey condition key in IAM.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.6.2.3', 'A.4.3'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    if (valueAt(record, 'OutputDataConfig') === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeTrainingJob for ${label} did not report OutputDataConfig.` };
    }
    return kmsKeySetting(record, 'OutputDataConfig.KmsKeyId', label, 'its output');
  },
);
