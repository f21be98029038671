import { stringField } from './per-resource.js';
import { notebookControl } from './sagemaker.js';

/** The storage volume of a SageMaker notebook instance is encrypted with a customer managed KMS key. */
export const control = notebookControl(
  {
    id: 'sagemaker_notebook_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker notebook instances encrypt their storage with a customer managed KMS key',
    rationale:
      'Notebook volumes hold training data, features and model artefacts. A customer managed key puts access to them under a key policy the organisation controls, audits in CloudTrail and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key and recreate the notebook instance with KmsKeyId set to it; copy the data across before deleting the old instance.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2', 'A.4.3'],
    aiLayers: ['input', 'model'],
    securityHubControls: ['SageMaker.21'],
    configRules: ['sagemaker-notebook-instance-kms-key-configured'],
  },
  (record, name) => {
    const key = stringField(record, 'KmsKeyId');
    if (key !== undefined && key.trim() !== '') {
      return { status: 'PASS', reason: `SageMaker notebook instance ${name} is encrypted with KMS key ${key}.` };
    }
    return {
      status: 'FAIL',
      reason: `SageMaker notebook instance ${name} is encrypted with an AWS owned key, not a customer managed KMS key.`,
    };
  },
);
