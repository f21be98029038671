import { interContainerEncryption, sagemakerControl, valueAt } from './sagemaker.js';
import { judgeTuningJob, TUNING_JOBS } from './sagemaker-jobs.js';

/** Distributed training jobs started by a hyperparameter tuning job encrypt the traffic between their instances. */
export const control = sagemakerControl(
  TUNING_JOBS,
  {
    id: 'sagemaker_tuning_job_inter_container_encryption_enabled',
    version: 1,
    title: 'SageMaker hyperparameter tuning jobs encrypt traffic between the containers of their training jobs',
    rationale:
      'A tuning job whose training jobs run on two or more instances has them exchange gradients, parameters and batches of training data; unencrypted, that traffic can be read or altered by anyone who can observe the network between them.',
    severity: 'MEDIUM',
    remediation:
      'Set EnableInterContainerTrafficEncryption to true in each training job definition of CreateHyperParameterTuningJob (encrypt_inter_container_traffic=True on the estimator), and require it with the sagemaker:InterContainerTrafficEncryption condition key.',
    cafAi: ['data-protection', 'infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.7.2'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) =>
    judgeTuningJob(record, label, 'inter-container traffic encryption', (definition, name) =>
      interContainerEncryption(
        definition,
        TUNING_JOBS,
        name,
        {
          flag: 'EnableInterContainerTrafficEncryption',
          cluster: valueAt(definition, 'ResourceConfig') !== undefined ? 'ResourceConfig' : 'HyperParameterTuningResourceConfig',
        },
        true,
      ),
    ),
);
