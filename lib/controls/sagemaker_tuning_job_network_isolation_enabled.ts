import { sagemakerControl } from './sagemaker.js';
import { flagSetting, judgeTuningJob, TUNING_JOBS } from './sagemaker-jobs.js';

/** The training jobs a hyperparameter tuning job starts run with network isolation. */
export const control = sagemakerControl(
  TUNING_JOBS,
  {
    id: 'sagemaker_tuning_job_network_isolation_enabled',
    version: 1,
    title: 'SageMaker hyperparameter tuning jobs run their training jobs with network isolation',
    rationale:
      'Training containers with network access can send the training data out of the account or pull code that alters the model; a tuning job repeats that exposure for every trial it starts. Network isolation leaves the containers only the data SageMaker hands them.',
    severity: 'MEDIUM',
    remediation:
      'Set EnableNetworkIsolation to true in each training job definition of CreateHyperParameterTuningJob (enable_network_isolation=True on the estimator), and require it with the sagemaker:NetworkIsolation condition key.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.2'],
    iso42001: ['A.4.5', 'A.7.2'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) =>
    judgeTuningJob(record, label, 'network isolation', (definition, name) =>
      flagSetting(definition, 'EnableNetworkIsolation', name, {
        on: 'runs its training jobs with network isolation',
        off: 'lets its training containers make network calls',
      }),
    ),
);
