import { sagemakerControl, vpcSetting } from './sagemaker.js';
import { COMPILATION_JOBS } from './sagemaker-jobs.js';

/** A Neo compilation job reads the model and writes its output from the customer’s VPC. */
export const control = sagemakerControl(
  COMPILATION_JOBS,
  {
    id: 'sagemaker_compilation_job_in_vpc',
    version: 1,
    title: 'SageMaker compilation jobs run in a VPC',
    rationale:
      'A compilation job without a VpcConfig reads the trained model and writes the compiled one over the service network, outside the security groups and S3 endpoint policies that keep the model buckets reachable only from known networks.',
    severity: 'LOW',
    remediation:
      'Give CreateCompilationJob a VpcConfig (private subnets and a security group) with an S3 gateway endpoint whose policy allows only the model buckets.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.4.5'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => vpcSetting(record, 'VpcConfig', COMPILATION_JOBS, label),
);
