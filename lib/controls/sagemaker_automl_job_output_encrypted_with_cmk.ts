import { kmsKeySetting, sagemakerControl, valueAt } from './sagemaker.js';
import { AUTOML_JOBS } from './sagemaker-jobs.js';

/** The artifacts an Autopilot job writes to S3 are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  AUTOML_JOBS,
  {
    id: 'sagemaker_automl_job_output_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker Autopilot jobs encrypt their output with a customer managed KMS key',
    rationale:
      'Autopilot writes candidate models, the transformed data set, data exploration notebooks and explainability reports to S3. A customer managed key keeps reading them under the organisation’s key policy.',
    severity: 'MEDIUM',
    remediation:
      'Set OutputDataConfig.KmsKeyId to a customer managed key in CreateAutoMLJobV2 (output_kms_key on AutoML in the SageMaker Python SDK).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2'],
    aiLayers: ['model', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    if (valueAt(record, 'OutputDataConfig') === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeAutoMLJobV2 for ${label} did not report OutputDataConfig.` };
    }
    return kmsKeySetting(record, 'OutputDataConfig.KmsKeyId', label, 'its output');
  },
);
