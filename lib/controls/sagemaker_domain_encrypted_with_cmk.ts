import { DOMAINS, kmsKeySetting, sagemakerControl } from './sagemaker.js';

/** The home directories of a SageMaker AI domain are encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  DOMAINS,
  {
    id: 'sagemaker_domain_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker AI domains encrypt their storage with a customer managed KMS key',
    rationale:
      "The domain's EFS volume holds every user's notebooks, data extracts and model artefacts. A customer managed key puts access to them under a key policy the organisation controls, audits and can revoke.",
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key and create the domain with KmsKeyId set to it (the key cannot be changed on an existing domain); move the user profiles and their files to the new domain.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2', 'A.4.3'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => kmsKeySetting(record, 'KmsKeyId', label, 'its storage'),
);
