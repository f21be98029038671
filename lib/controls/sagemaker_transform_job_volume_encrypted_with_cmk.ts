import { kmsKeySetting, sagemakerControl, valueAt } from './sagemaker.js';
import { TRANSFORM_JOBS } from './sagemaker-jobs.js';

/** The ML storage volumes of a batch transform job are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  TRANSFORM_JOBS,
  {
    id: 'sagemaker_transform_job_volume_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker batch transform jobs encrypt their storage volumes with a customer managed KMS key',
    rationale:
      'A batch transform job copies the records it scores, and the model, onto the storage volumes of its instances. A customer managed key keeps those copies under a key policy the organisation controls, audits and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Set TransformResources.VolumeKmsKeyId to a customer managed key in CreateTransformJob (volume_kms_key on the transformer) and require it with the sagemaker:VolumeKmsKey condition key; instance types with local NVMe storage take no key (they are encrypted in hardware): record that exception.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    if (valueAt(record, 'TransformResources') === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeTransformJob for ${label} did not report TransformResources.` };
    }
    return kmsKeySetting(record, 'TransformResources.VolumeKmsKeyId', label, 'its storage volumes');
  },
);
