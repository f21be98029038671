import { sagemakerControl, vpcSetting } from './sagemaker.js';
import { judgeTuningJob, TUNING_JOBS } from './sagemaker-jobs.js';

/** The training jobs a hyperparameter tuning job starts run in the customer’s VPC. */
export const control = sagemakerControl(
  TUNING_JOBS,
  {
    id: 'sagemaker_tuning_job_in_vpc',
    version: 1,
    title: 'SageMaker hyperparameter tuning jobs run their training jobs in a VPC',
    rationale:
      'Without a VpcConfig the training jobs of a tuning job read their data over the service network, outside the organisation’s security groups, VPC endpoint policies and flow logs, so access to the training data cannot be limited to known networks.',
    severity: 'MEDIUM',
    remediation:
      'Give each training job definition of CreateHyperParameterTuningJob a VpcConfig (private subnets and a security group) and an S3 gateway endpoint whose policy allows only the training buckets; require it with the sagemaker:VpcSubnets condition key.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) =>
    judgeTuningJob(record, label, 'a VPC configuration', (definition, name) => vpcSetting(definition, 'VpcConfig', TUNING_JOBS, name)),
);
