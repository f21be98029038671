import { kmsKeySetting, sagemakerControl } from './sagemaker.js';
import { judgeTuningJob, TUNING_JOBS } from './sagemaker-jobs.js';

/** The models the training jobs of a hyperparameter tuning job write to S3 are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  TUNING_JOBS,
  {
    id: 'sagemaker_tuning_job_output_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker hyperparameter tuning jobs encrypt their model artifacts with a customer managed KMS key',
    rationale:
      'Every candidate model a tuning job trains is written to S3, and the best of them is usually the one deployed. A customer managed key on the output keeps who can read or replace those artifacts under the organisation’s key policy.',
    severity: 'MEDIUM',
    remediation:
      'Set OutputDataConfig.KmsKeyId in each training job definition of CreateHyperParameterTuningJob to a customer managed key, and require it with the sagemaker:OutputKmsKey condition key.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) =>
    judgeTuningJob(record, label, 'a customer managed output key', (definition, name) =>
      kmsKeySetting(definition, 'OutputDataConfig.KmsKeyId', name, 'the model artifacts of its training jobs'),
    ),
);
