import { isUnset, kmsKeySetting, sagemakerControl, valueAt } from './sagemaker.js';
import { INFERENCE_EXPERIMENTS } from './sagemaker-jobs.js';

/** The requests and responses an inference experiment stores in S3 are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  INFERENCE_EXPERIMENTS,
  {
    id: 'sagemaker_inference_experiment_data_storage_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker inference experiments encrypt the data they store with a customer managed KMS key',
    rationale:
      'An inference experiment that stores its data keeps every request sent to the production and shadow variants and every response, in S3. A customer managed key limits reading that copy of production traffic to the grants the organisation made.',
    severity: 'MEDIUM',
    remediation:
      'Set DataStorageConfig.KmsKey to a customer managed key in CreateInferenceExperiment (or UpdateInferenceExperiment while it is created or scheduled).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 4.2'],
    iso42001: ['A.7.2', 'A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: ['SageMaker.24'],
    configRules: [],
  },
  (record, label) => {
    if (isUnset(valueAt(record, 'DataStorageConfig'))) {
      return { status: 'NOT_APPLICABLE', reason: `${label} stores no request or response data (no DataStorageConfig).` };
    }
    return kmsKeySetting(record, 'DataStorageConfig.KmsKey', label, 'the data it stores');
  },
);
