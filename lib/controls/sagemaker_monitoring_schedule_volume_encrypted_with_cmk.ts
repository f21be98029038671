import { kmsKeySetting, valueAt } from './sagemaker.js';
import { scheduleJobControl } from './sagemaker-schedules.js';

/** The storage volumes of the monitoring jobs a schedule runs are encrypted with a customer managed KMS key. */
export const control = scheduleJobControl(
  {
    id: 'sagemaker_monitoring_schedule_volume_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker monitoring schedules encrypt their monitoring job volumes with a customer managed KMS key',
    rationale:
      'Every run of a schedule copies the captured endpoint traffic it analyses onto the volumes of its instances. A customer managed key keeps those copies of production data under a key policy the organisation controls.',
    severity: 'LOW',
    remediation:
      'Set ClusterConfig.VolumeKmsKeyId to a customer managed key in the job the schedule runs (JobResources of a new job definition, or MonitoringResources of the inline MonitoringJobDefinition).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.6.2.6', 'A.7.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (job) => {
    if (valueAt(job.record, job.cluster) === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `${job.source.describeOperation} for ${job.label} did not report ${job.cluster}.` };
    }
    return kmsKeySetting(job.record, `${job.cluster}.VolumeKmsKeyId`, job.label, 'the storage volumes of its monitoring jobs');
  },
);
