import { interContainerEncryption, PROCESSING_JOBS, sagemakerControl } from './sagemaker.js';

/** Traffic between the instances of a distributed processing job is encrypted. */
export const control = sagemakerControl(
  PROCESSING_JOBS,
  {
    id: 'sagemaker_processing_job_inter_container_encryption_enabled',
    version: 1,
    title: 'SageMaker processing jobs encrypt traffic between their containers',
    rationale:
      'Distributed processing (Spark, Dask, Clarify) shuffles partitions of the data it prepares or evaluates between instances; unencrypted, that data crosses the network in the clear.',
    severity: 'MEDIUM',
    remediation:
      'Set NetworkConfig.EnableInterContainerTrafficEncryption to true in CreateProcessingJob and enforce it with the sagemaker:InterContainerTrafficEncryption condition key in IAM.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.7.6'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  // DescribeProcessingJob leaves NetworkConfig and its fields out when they were not set: encryption is off.
  (record, label) =>
    interContainerEncryption(
      record,
      PROCESSING_JOBS,
      label,
      { flag: 'NetworkConfig.EnableInterContainerTrafficEncryption', cluster: 'ProcessingResources.ClusterConfig' },
      true,
    ),
);
