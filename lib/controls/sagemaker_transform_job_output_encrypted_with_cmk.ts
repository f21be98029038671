import { kmsKeySetting, sagemakerControl, valueAt } from './sagemaker.js';
import { TRANSFORM_JOBS } from './sagemaker-jobs.js';

/** The results a batch transform job writes to S3 are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  TRANSFORM_JOBS,
  {
    id: 'sagemaker_transform_job_output_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker batch transform jobs encrypt their output with a customer managed KMS key',
    rationale:
      'Batch transform output is the model’s predictions for every input record, often joined with the records themselves. Encrypted with a customer managed key, reading it needs a grant under the organisation’s key policy, not only access to the bucket.',
    severity: 'MEDIUM',
    remediation:
      'Set TransformOutput.KmsKeyId to a customer managed key in CreateTransformJob (output_kms_key on the transformer) and require it with the sagemaker:OutputKmsKey condition key.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2'],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    if (valueAt(record, 'TransformOutput') === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeTransformJob for ${label} did not report TransformOutput.` };
    }
    return kmsKeySetting(record, 'TransformOutput.KmsKeyId', label, 'its output');
  },
);
