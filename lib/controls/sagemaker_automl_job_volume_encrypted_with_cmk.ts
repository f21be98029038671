import { kmsKeySetting, sagemakerControl } from './sagemaker.js';
import { AUTOML_JOBS } from './sagemaker-jobs.js';

/** The training and processing volumes of an Autopilot job are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  AUTOML_JOBS,
  {
    id: 'sagemaker_automl_job_volume_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker Autopilot jobs encrypt their storage volumes with a customer managed KMS key',
    rationale:
      'An Autopilot job runs many processing and training jobs over the whole data set, each with its own storage volumes. The key in its SecurityConfig covers all of them; without one they use an AWS managed key outside the organisation’s key policy.',
    severity: 'MEDIUM',
    remediation:
      'Set SecurityConfig.VolumeKmsKeyId to a customer managed key in CreateAutoMLJobV2 (volume_kms_key on AutoML in the SageMaker Python SDK).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => kmsKeySetting(record, 'SecurityConfig.VolumeKmsKeyId', label, 'the storage volumes of its jobs'),
);
