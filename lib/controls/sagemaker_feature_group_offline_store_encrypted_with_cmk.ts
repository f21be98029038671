import { sagemakerControl } from './sagemaker.js';
import { FEATURE_GROUPS, offlineStoreKey } from './sagemaker-feature-groups.js';

/** The offline store of a SageMaker feature group is encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  FEATURE_GROUPS,
  {
    id: 'sagemaker_feature_group_offline_store_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker feature groups encrypt their offline store with a customer managed KMS key',
    rationale:
      'The offline store keeps the full history of every feature in S3: the training data of the models that read it, often with personal data. A customer managed key puts reading it under a key policy the organisation controls, audits and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key and create the feature group again with OfflineStoreConfig.S3StorageConfig.KmsKeyId set to it (the key of an existing feature group cannot be changed); backfill the new group from the old offline store.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2', 'A.4.3'],
    aiLayers: ['input'],
    securityHubControls: ['SageMaker.17'],
    configRules: [],
  },
  offlineStoreKey,
);
