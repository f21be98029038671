import { PROCESSING_JOBS, sagemakerControl, valueAt } from './sagemaker.js';

/** The containers of a processing job can make no outbound network calls. */
export const control = sagemakerControl(
  PROCESSING_JOBS,
  {
    id: 'sagemaker_processing_job_network_isolation_enabled',
    version: 1,
    title: 'SageMaker processing jobs have network isolation enabled',
    rationale:
      'Processing jobs prepare training data, evaluate models and run Clarify bias analyses over sensitive records; a container with network access can send those records out of the account or pull untrusted code while it runs.',
    severity: 'MEDIUM',
    remediation:
      'Set NetworkConfig.EnableNetworkIsolation to true in CreateProcessingJob (network_config=NetworkConfig(enable_network_isolation=True) in the SageMaker Python SDK) and enforce it with the sagemaker:NetworkIsolation condition key in IAM.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 1.3'],
    iso42001: ['A.4.5', 'A.7.6'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    // DescribeProcessingJob leaves NetworkConfig and its fields out when they were not set: isolation is off.
    const value = valueAt(record, 'NetworkConfig.EnableNetworkIsolation');
    if (value === true) return { status: 'PASS', reason: `${label} has network isolation enabled.` };
    return {
      status: 'FAIL',
      reason: `${label} lets its containers make network calls (NetworkConfig.EnableNetworkIsolation is not true).`,
    };
  },
);
