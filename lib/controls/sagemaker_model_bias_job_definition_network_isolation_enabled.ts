import { monitoringJobNetworkControl } from './sagemaker-helpers.js';

/** SageMaker model bias job definitions have network isolation enabled. */
export const control = monitoringJobNetworkControl('ModelBias', 'EnableNetworkIsolation', {
  id: 'sagemaker_model_bias_job_definition_network_isolation_enabled',
  version: 1,
  title: 'SageMaker model bias job definitions have network isolation enabled',
  rationale:
    'A monitoring job with network access can send the captured requests and responses it analyses out of the account, or be made to report no drift by code it pulls in; isolation leaves it only the inputs SageMaker hands it.',
  severity: 'MEDIUM',
  remediation:
    'Create the job definition again with NetworkConfig.EnableNetworkIsolation set to true (definitions cannot be updated) and point the monitoring schedule at it.',
  cafAi: ['infrastructure-protection', 'threat-detection'],
  aiRmf: ['MEASURE 2.11', 'MEASURE 2.7'],
  iso42001: ['A.6.2.6'],
  aiLayers: ['output'],
  securityHubControls: ['SageMaker.20'],
  configRules: ['sagemaker-model-bias-job-isolation'],
});
