import { sagemakerControl, vpcSetting } from './sagemaker.js';
import { AUTOML_JOBS } from './sagemaker-jobs.js';

/** The jobs an Autopilot job starts run in the customer’s VPC. */
export const control = sagemakerControl(
  AUTOML_JOBS,
  {
    id: 'sagemaker_automl_job_in_vpc',
    version: 1,
    title: 'SageMaker Autopilot jobs run in a VPC',
    rationale:
      'Without a VpcConfig in its SecurityConfig an Autopilot job’s processing and training jobs read the data set over the service network, outside the organisation’s security groups, S3 endpoint policies and flow logs.',
    severity: 'MEDIUM',
    remediation:
      'Set SecurityConfig.VpcConfig (private subnets and a security group) in CreateAutoMLJobV2, with an S3 gateway endpoint whose policy allows only the data and output buckets.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => vpcSetting(record, 'SecurityConfig.VpcConfig', AUTOML_JOBS, label),
);
