import { isUnset, kmsKeySetting, sagemakerControl, valueAt } from './sagemaker.js';
import { TRANSFORM_JOBS } from './sagemaker-jobs.js';

/** Where a batch transform job captures its inputs and outputs, the capture is encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  TRANSFORM_JOBS,
  {
    id: 'sagemaker_transform_job_data_capture_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker batch transform jobs that capture data encrypt it with a customer managed KMS key',
    rationale:
      'Batch data capture keeps a copy of every input and prediction for Model Monitor. That copy is as sensitive as the data scored; a customer managed key limits who can read it to the grants the organisation made.',
    severity: 'LOW',
    remediation:
      'Set DataCaptureConfig.KmsKeyId to a customer managed key when a transform job captures data (batch_data_capture_config with kms_key_id in the SageMaker Python SDK).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 4.2'],
    iso42001: ['A.7.2', 'A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    if (isUnset(valueAt(record, 'DataCaptureConfig'))) {
      return { status: 'NOT_APPLICABLE', reason: `${label} captures no data (no DataCaptureConfig).` };
    }
    return kmsKeySetting(record, 'DataCaptureConfig.KmsKeyId', label, 'the data it captures');
  },
);
