import { MODELS, sagemakerControl, vpcSetting } from './sagemaker.js';

/** A SageMaker model's containers run with network interfaces in the customer's VPC. */
export const control = sagemakerControl(
  MODELS,
  {
    id: 'sagemaker_model_in_vpc',
    version: 1,
    title: 'SageMaker models run in a VPC',
    rationale:
      "Without a VpcConfig, hosting and batch transform containers reach S3 and other services over the service network, outside the organisation's security groups, VPC endpoint policies and flow logs.",
    severity: 'MEDIUM',
    remediation:
      'Create the model again with a VpcConfig (private subnets in two or more Availability Zones and a security group), with VPC endpoints for S3 and the services the container calls, and move the endpoint to it.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.4.5'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: ['sagemaker-model-in-vpc'],
  },
  (record, label) => vpcSetting(record, 'VpcConfig', MODELS, label),
);
