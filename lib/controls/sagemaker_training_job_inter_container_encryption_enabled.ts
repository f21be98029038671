import { interContainerEncryption, sagemakerControl, TRAINING_JOBS } from './sagemaker.js';

/** Traffic between the instances of a distributed training job is encrypted. */
export const control = sagemakerControl(
  TRAINING_JOBS,
  {
    id: 'sagemaker_training_job_inter_container_encryption_enabled',
    version: 1,
    title: 'SageMaker training jobs encrypt traffic between their containers',
    rationale:
      'Distributed training (two or more instances) exchanges gradients, parameters and batches of training data between instances; unencrypted, anyone able to observe the network between them can reconstruct training data or tamper with the model.',
    severity: 'MEDIUM',
    remediation:
      'Set EnableInterContainerTrafficEncryption to true in CreateTrainingJob (in the SageMaker Python SDK, encrypt_inter_container_traffic=True on the estimator), and enforce it with the sagemaker:InterContainerTrafficEncryption condition key in IAM.',
    cafAi: ['data-protection', 'infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.7.2'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) =>
    interContainerEncryption(
      record,
      TRAINING_JOBS,
      label,
      { flag: 'EnableInterContainerTrafficEncryption', cluster: 'ResourceConfig' },
      false,
    ),
);
