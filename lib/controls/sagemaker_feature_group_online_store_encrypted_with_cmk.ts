import { sagemakerControl } from './sagemaker.js';
import { FEATURE_GROUPS, onlineStoreKey } from './sagemaker-feature-groups.js';

/** The online store of a SageMaker feature group is encrypted with a customer managed KMS key. */
export const control = sagemakerControl(
  FEATURE_GROUPS,
  {
    id: 'sagemaker_feature_group_online_store_encrypted_with_cmk',
    version: 1,
    title: 'SageMaker feature groups encrypt their online store with a customer managed KMS key',
    rationale:
      'The online store serves the latest features to models at inference time, for example the claim and customer attributes a fraud model scores. A customer managed key puts reading them under a key policy the organisation controls, audits and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key and create the feature group again with OnlineStoreConfig.SecurityConfig.KmsKeyId set to it (the key of an existing feature group cannot be changed); point the ingestion and the models at the new group.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2', 'A.4.3'],
    aiLayers: ['input'],
    securityHubControls: ['SageMaker.18'],
    configRules: [],
  },
  onlineStoreKey,
);
