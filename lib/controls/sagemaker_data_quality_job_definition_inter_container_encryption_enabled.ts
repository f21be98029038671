import { monitoringJobNetworkControl } from './sagemaker-helpers.js';

/** SageMaker data quality job definitions encrypt traffic between their containers. */
export const control = monitoringJobNetworkControl('DataQuality', 'EnableInterContainerTrafficEncryption', {
  id: 'sagemaker_data_quality_job_definition_inter_container_encryption_enabled',
  version: 1,
  title: 'SageMaker data quality job definitions encrypt traffic between their containers',
  rationale:
    'Monitoring jobs read the requests and responses an endpoint captured (personal data, claims, prompts); a distributed monitoring job that does not encrypt traffic between its instances sends that data across the network in the clear.',
  severity: 'MEDIUM',
  remediation:
    'Create the job definition again with NetworkConfig.EnableInterContainerTrafficEncryption set to true (definitions cannot be updated) and point the monitoring schedule at it.',
  cafAi: ['data-protection', 'threat-detection'],
  aiRmf: ['MEASURE 2.7', 'MANAGE 4.1'],
  iso42001: ['A.6.2.6'],
  aiLayers: ['input', 'output'],
  securityHubControls: ['SageMaker.9'],
  configRules: [],
});
