import { kmsKeySetting, sagemakerControl, textAt } from './sagemaker.js';
import { judgeTuningJob, TUNING_JOBS } from './sagemaker-jobs.js';

/** Every training job a hyperparameter tuning job starts encrypts its storage volumes with a customer managed KMS key. */
export const control = sagemakerControl(
  TUNING_JOBS,
  {
    id: 'sagemaker_tuning_job_volume_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker hyperparameter tuning jobs encrypt their training volumes with a customer managed KMS key',
    rationale:
      'A tuning job starts dozens of training jobs from its definition, each copying the training data and checkpoints onto its volumes. A key set in the definition covers all of them; without it every one uses an AWS managed key outside the organisation’s key policy.',
    severity: 'MEDIUM',
    remediation:
      'Set ResourceConfig.VolumeKmsKeyId (or HyperParameterTuningResourceConfig.VolumeKmsKeyId) in each training job definition of CreateHyperParameterTuningJob to a customer managed key, and require it with the sagemaker:VolumeKmsKey condition key.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) =>
    judgeTuningJob(record, label, 'a customer managed volume key', (definition, name) => {
      const path =
        textAt(definition, 'HyperParameterTuningResourceConfig.VolumeKmsKeyId') !== undefined
          ? 'HyperParameterTuningResourceConfig.VolumeKmsKeyId'
          : 'ResourceConfig.VolumeKmsKeyId';
      return kmsKeySetting(definition, path, name, 'the storage volumes of its training jobs');
    }),
);
