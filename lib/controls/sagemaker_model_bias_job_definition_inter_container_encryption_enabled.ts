import { monitoringJobNetworkControl } from './sagemaker-helpers.js';

/** SageMaker model bias job definitions encrypt traffic between their containers. */
export const control = monitoringJobNetworkControl('ModelBias', 'EnableInterContainerTrafficEncryption', {
  id: 'sagemaker_model_bias_job_definition_inter_container_encryption_enabled',
  version: 1,
  title: 'SageMaker model bias job definitions encrypt traffic between their containers',
  rationale:
    'Monitoring jobs read the requests and responses an endpoint captured (personal data, claims, prompts); a distributed monitoring job that does not encrypt traffic between its instances sends that data across the network in the clear.',
  severity: 'MEDIUM',
  remediation:
    'Create the job definition again with NetworkConfig.EnableInterContainerTrafficEncryption set to true (definitions cannot be updated) and point the monitoring schedule at it.',
  cafAi: ['data-protection', 'threat-detection'],
  aiRmf: ['MEASURE 2.11', 'MEASURE 2.7'],
  iso42001: ['A.6.2.6'],
  aiLayers: ['output'],
  securityHubControls: ['SageMaker.15'],
  configRules: [],
});
