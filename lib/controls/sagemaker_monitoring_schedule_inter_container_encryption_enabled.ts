import { interContainerEncryption } from './sagemaker.js';
import { scheduleJobControl } from './sagemaker-schedules.js';

/** Monitoring jobs a Model Monitor schedule runs on two or more instances encrypt the traffic between them. */
export const control = scheduleJobControl(
  {
    id: 'sagemaker_monitoring_schedule_inter_container_encryption_enabled',
    version: 1,
    title: 'SageMaker monitoring schedules encrypt traffic between the containers of their monitoring jobs',
    rationale:
      'A monitoring job spread over several instances passes captured requests, predictions and ground truth between them; unencrypted, anyone able to observe that network can read production traffic or alter the statistics drift is judged on.',
    severity: 'MEDIUM',
    remediation:
      'Set NetworkConfig.EnableInterContainerTrafficEncryption to true in the job the schedule runs (a new job definition, then UpdateMonitoringSchedule, or the schedule’s inline MonitoringJobDefinition).',
    cafAi: ['data-protection', 'infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.6.2.6', 'A.7.2'],
    aiLayers: ['model', 'output'],
    securityHubControls: ['SageMaker.22'],
    configRules: [],
  },
  (job) =>
    interContainerEncryption(
      job.record,
      job.source,
      job.label,
      { flag: `${job.network}.EnableInterContainerTrafficEncryption`, cluster: job.cluster },
      true,
    ),
);
