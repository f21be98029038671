import { ENDPOINT_CONFIGS, kmsKeySetting, sagemakerControl } from './sagemaker.js';

/** The storage of the instances behind an endpoint is encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  ENDPOINT_CONFIGS,
  {
    id: 'sagemaker_endpoint_config_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker endpoint configurations encrypt the hosting storage with a customer managed KMS key',
    rationale:
      'The ML storage volumes of hosting instances hold the model artefacts and, with data capture, request payloads. A customer managed key keeps access to them under a key policy the organisation controls and audits.',
    severity: 'MEDIUM',
    remediation:
      'Create a new endpoint configuration with KmsKeyId set to a customer managed key and call UpdateEndpoint to move the endpoint to it (instance types with local NVMe storage encrypt it in hardware and take no key: record that exception).',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.4.5'],
    aiLayers: ['model', 'output'],
    securityHubControls: [],
    configRules: ['sagemaker-endpoint-configuration-kms-key-configured'],
  },
  (record, label) => kmsKeySetting(record, 'KmsKeyId', label, 'its hosting storage'),
);
