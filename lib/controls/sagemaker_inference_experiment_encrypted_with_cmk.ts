import { kmsKeySetting, sagemakerControl } from './sagemaker.js';
import { INFERENCE_EXPERIMENTS } from './sagemaker-jobs.js';

/** The storage of the instances that host an inference experiment’s shadow variants is encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  INFERENCE_EXPERIMENTS,
  {
    id: 'sagemaker_inference_experiment_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker inference experiments encrypt their instance storage with a customer managed KMS key',
    rationale:
      'A shadow test copies production requests to the shadow variant’s instances, whose storage volumes then hold real customer inputs and the candidate model. A customer managed key keeps that storage under a key policy the organisation controls.',
    severity: 'MEDIUM',
    remediation:
      'Set KmsKey to a customer managed key in CreateInferenceExperiment (it encrypts the ML storage volumes of the instances that host the experiment’s variants); experiments cannot change their key, so stop and create the experiment again.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2', 'A.6.2.5'],
    aiLayers: ['input', 'model'],
    securityHubControls: ['SageMaker.23'],
    configRules: [],
  },
  (record, label) => kmsKeySetting(record, 'KmsKey', label, 'the storage of the instances that host its variants'),
);
