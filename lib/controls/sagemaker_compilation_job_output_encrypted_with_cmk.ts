import { kmsKeySetting, sagemakerControl, valueAt } from './sagemaker.js';
import { COMPILATION_JOBS } from './sagemaker-jobs.js';

/** The compiled model a Neo compilation job writes to S3 is encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  COMPILATION_JOBS,
  {
    id: 'sagemaker_compilation_job_output_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker compilation jobs encrypt the compiled model with a customer managed KMS key',
    rationale:
      'A compilation job turns a trained model into the artifact that is shipped to endpoints and edge devices. Encrypted with a customer managed key, the artifact can be read, or swapped, only by those the organisation’s key policy allows.',
    severity: 'MEDIUM',
    remediation:
      'Set OutputConfig.KmsKeyId to a customer managed key in CreateCompilationJob (output_kms_key in the SageMaker Python SDK’s compile_model).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2', 'A.6.2.5'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    if (valueAt(record, 'OutputConfig') === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeCompilationJob for ${label} did not report OutputConfig.` };
    }
    return kmsKeySetting(record, 'OutputConfig.KmsKeyId', label, 'the compiled model');
  },
);
