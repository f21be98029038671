import { monitoringJobNetworkControl } from './sagemaker-helpers.js';

/** SageMaker model explainability job definitions have network isolation enabled. */
export const control = monitoringJobNetworkControl('ModelExplainability', 'EnableNetworkIsolation', {
  id: 'sagemaker_model_explainability_job_definition_network_isolation_enabled',
  version: 1,
  title: 'SageMaker model explainability job definitions have network isolation enabled',
  rationale:
    'A monitoring job with network access can send the captured requests and responses it analyses out of the account, or be made to report no drift by code it pulls in; isolation leaves it only the inputs SageMaker hands it.',
  severity: 'MEDIUM',
  remediation:
    'Create the job definition again with NetworkConfig.EnableNetworkIsolation set to true (definitions cannot be updated) and point the monitoring schedule at it.',
  cafAi: ['infrastructure-protection', 'threat-detection'],
  aiRmf: ['MEASURE 2.9', 'MEASURE 2.7'],
  iso42001: ['A.6.2.6'],
  aiLayers: ['model', 'output'],
  securityHubControls: ['SageMaker.12'],
  configRules: ['sagemaker-model-explainability-job-network-isolation'],
});
