import { sagemakerControl, TRAINING_JOBS, vpcSetting } from './sagemaker.js';

/** A training job runs with network interfaces in the customer's VPC. */
export const control = sagemakerControl(
  TRAINING_JOBS,
  {
    id: 'sagemaker_training_job_in_vpc',
    version: 1,
    title: 'SageMaker training jobs run in a VPC',
    rationale:
      "Without a VpcConfig a training job reads its data over the service network, outside the organisation's security groups, S3 VPC endpoint policies and flow logs, so access to training data cannot be restricted to known networks.",
    severity: 'MEDIUM',
    remediation:
      'Run training jobs with a VpcConfig (private subnets and a security group) and an S3 gateway endpoint whose policy allows only the training buckets; enforce it with the sagemaker:VpcSubnets condition key in IAM.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => vpcSetting(record, 'VpcConfig', TRAINING_JOBS, label),
);
