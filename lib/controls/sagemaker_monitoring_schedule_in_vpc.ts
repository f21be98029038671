import { vpcSetting } from './sagemaker.js';
import { scheduleJobControl } from './sagemaker-schedules.js';

/** The monitoring jobs a schedule runs reach the captured data from the customer’s VPC. */
export const control = scheduleJobControl(
  {
    id: 'sagemaker_monitoring_schedule_in_vpc',
    version: 1,
    title: 'SageMaker monitoring schedules run their monitoring jobs in a VPC',
    rationale:
      'Without a VpcConfig the monitoring jobs read captured endpoint traffic and ground truth over the service network, outside the security groups and S3 endpoint policies that keep the capture buckets reachable only from known networks.',
    severity: 'LOW',
    remediation:
      'Set NetworkConfig.VpcConfig (private subnets and a security group) in the job the schedule runs, with an S3 gateway endpoint whose policy allows only the capture and output buckets.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.4.5', 'A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (job) => vpcSetting(job.record, `${job.network}.VpcConfig`, job.source, job.label),
);
