import { booleanSetting, sagemakerControl, TRAINING_JOBS } from './sagemaker.js';

/** The containers of a training job can make no outbound network calls. */
export const control = sagemakerControl(
  TRAINING_JOBS,
  {
    id: 'sagemaker_training_job_network_isolation_enabled',
    version: 1,
    title: 'SageMaker training jobs have network isolation enabled',
    rationale:
      'A training container with network access can send the training data it reads out of the account or pull untrusted code and data while it trains; isolation leaves it only the inputs and outputs SageMaker hands it.',
    severity: 'MEDIUM',
    remediation:
      'Set EnableNetworkIsolation to true in CreateTrainingJob (enable_network_isolation=True on the estimator), package dependencies into the image, and enforce it with the sagemaker:NetworkIsolation condition key in IAM.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 1.3'],
    iso42001: ['A.4.5', 'A.7.2'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) =>
    booleanSetting(record, 'EnableNetworkIsolation', TRAINING_JOBS, label, {
      on: 'has network isolation enabled',
      off: 'lets its containers make network calls (EnableNetworkIsolation is false)',
    }),
);
