import { kmsKeySetting, sagemakerControl, TRAINING_JOBS, valueAt } from './sagemaker.js';

/** The ML storage volumes of a training job are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  TRAINING_JOBS,
  {
    id: 'sagemaker_training_job_volume_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker training jobs encrypt their storage volumes with a customer managed KMS key',
    rationale:
      'Training volumes hold copies of the training data and checkpoints of the model. A customer managed key keeps access to them under a key policy the organisation controls and audits.',
    severity: 'MEDIUM',
    remediation:
      'Set ResourceConfig.VolumeKmsKeyId to a customer managed key in CreateTrainingJob (volume_kms_key on the estimator) and enforce it with the sagemaker:VolumeKmsKey condition key; instance types with local NVMe storage take no key (it is encrypted in hardware): record that exception.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    if (valueAt(record, 'ResourceConfig') === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeTrainingJob for ${label} did not report ResourceConfig.` };
    }
    return kmsKeySetting(record, 'ResourceConfig.VolumeKmsKeyId', label, 'its storage volumes');
  },
);
