import { kmsKeySetting, valueAt } from './sagemaker.js';
import { scheduleJobControl } from './sagemaker-schedules.js';

/** The reports and violations a schedule’s monitoring jobs write to S3 are encrypted with a customer managed KMS key. */
export const control = scheduleJobControl(
  {
    id: 'sagemaker_monitoring_schedule_output_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker monitoring schedules encrypt their monitoring output with a customer managed KMS key',
    rationale:
      'Monitoring output holds statistics of production inputs and predictions, and the violations drift is acted on. Encrypted with a customer managed key, it can be read or replaced only by those the organisation’s key policy allows.',
    severity: 'LOW',
    remediation:
      'Set the output config’s KmsKeyId to a customer managed key in the job the schedule runs (the <Type>JobOutputConfig of a new job definition, or MonitoringOutputConfig of the inline MonitoringJobDefinition).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 4.2'],
    iso42001: ['A.6.2.6', 'A.7.2'],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  (job) => {
    if (valueAt(job.record, job.output) === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `${job.source.describeOperation} for ${job.label} did not report ${job.output}.` };
    }
    return kmsKeySetting(job.record, `${job.output}.KmsKeyId`, job.label, 'its monitoring output');
  },
);
