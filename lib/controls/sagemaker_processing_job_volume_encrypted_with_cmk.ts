import { kmsKeySetting, PROCESSING_JOBS, sagemakerControl, valueAt } from './sagemaker.js';

/** The ML storage volumes of a processing job are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  PROCESSING_JOBS,
  {
    id: 'sagemaker_processing_job_volume_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker processing jobs encrypt their storage volumes with a customer managed KMS key',
    rationale:
      'Processing volumes hold the raw and prepared data a job works on. A customer managed key keeps access to them under a key policy the organisation controls and audits.',
    severity: 'MEDIUM',
    remediation:
      'Set ProcessingResources.ClusterConfig.VolumeKmsKeyId to a customer managed key in CreateProcessingJob (volume_kms_key on the processor) and enforce it with the sagemaker:VolumeKmsKey condition key in IAM.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.6'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    if (valueAt(record, 'ProcessingResources.ClusterConfig') === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeProcessingJob for ${label} did not report ProcessingResources.ClusterConfig.`,
      };
    }
    return kmsKeySetting(record, 'ProcessingResources.ClusterConfig.VolumeKmsKeyId', label, 'its storage volumes');
  },
);
