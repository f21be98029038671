import { sagemakerControl } from './sagemaker.js';
import { AUTOML_JOBS, flagSetting } from './sagemaker-jobs.js';

/** The training jobs an Autopilot job starts encrypt the traffic between their containers. */
export const control = sagemakerControl(
  AUTOML_JOBS,
  {
    id: 'sagemaker_automl_job_inter_container_encryption_enabled',
    version: 1,
    title: 'SageMaker Autopilot jobs encrypt traffic between their containers',
    rationale:
      'Autopilot chooses the instance counts of the jobs it starts, so whether they exchange data between instances cannot be told in advance; with the flag off any distributed candidate sends training data across the network unencrypted.',
    severity: 'LOW',
    remediation:
      'Set SecurityConfig.EnableInterContainerTrafficEncryption to true in CreateAutoMLJobV2 (encrypt_inter_container_traffic=True on AutoML in the SageMaker Python SDK).',
    cafAi: ['data-protection', 'infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.7.2'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) =>
    flagSetting(record, 'SecurityConfig.EnableInterContainerTrafficEncryption', label, {
      on: 'encrypts traffic between the containers of its jobs',
      off: 'does not encrypt traffic between the containers of its jobs',
    }),
);
