import { ENDPOINT_CONFIGS, isUnset, kmsKeySetting, sagemakerControl, valueAt } from './sagemaker.js';

/** What an endpoint captures of its requests and responses is encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  ENDPOINT_CONFIGS,
  {
    id: 'sagemaker_endpoint_config_data_capture_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker endpoint configurations encrypt captured requests and responses with a customer managed KMS key',
    rationale:
      "Data capture copies what people send to a model (claims, personal data, prompts) and what it answers into S3. Encrypted with a customer managed key, reading that copy needs a key the organisation grants, logs and can revoke, whatever the bucket's policy.",
    severity: 'MEDIUM',
    remediation:
      'Create an endpoint configuration whose DataCaptureConfig has KmsKeyId set to a customer managed key (the endpoint execution role needs kms:GenerateDataKey on it) and call UpdateEndpoint.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2', 'A.6.2.8'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    // Without data capture nothing is copied, so there is nothing to encrypt.
    if (isUnset(valueAt(record, 'DataCaptureConfig'))) return { status: 'NOT_APPLICABLE', reason: `${label} captures no data.` };
    return kmsKeySetting(record, 'DataCaptureConfig.KmsKeyId', label, 'the requests and responses it captures');
  },
);
