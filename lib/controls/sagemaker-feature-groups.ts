import type { EvidenceRecord } from '../evidence/record.js';
import type { Verdict } from './per-resource.js';
import { isUnset, type SageMakerSource, textAt, valueAt } from './sagemaker.js';

export const FEATURE_GROUPS: SageMakerSource = {
  collector: 'sagemaker.feature-groups',
  resourceType: 'AWS::SageMaker::FeatureGroup',
  noun: 'SageMaker Feature Store feature groups',
  singular: 'SageMaker feature group',
  nameKey: 'FeatureGroupName',
  describeOperation: 'DescribeFeatureGroup',
};

/**
 * The offline store (S3) of a feature group: NOT_APPLICABLE without one (DescribeFeatureGroup
 * leaves OfflineStoreConfig out), PASS with a KMS key for its S3 objects, FAIL without one.
 */
export function offlineStoreKey(record: EvidenceRecord, label: string): Verdict {
  const config = valueAt(record, 'OfflineStoreConfig');
  if (isUnset(config)) return { status: 'NOT_APPLICABLE', reason: `${label} has no offline store.` };
  if (isUnset(valueAt(record, 'OfflineStoreConfig.S3StorageConfig'))) {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `DescribeFeatureGroup for ${label} returned OfflineStoreConfig without S3StorageConfig.`,
    };
  }
  const key = textAt(record, 'OfflineStoreConfig.S3StorageConfig.KmsKeyId');
  if (key !== undefined) return { status: 'PASS', reason: `${label} encrypts its offline store with KMS key ${key}.` };
  return {
    status: 'FAIL',
    reason: `${label} encrypts its offline store with an AWS managed key, not a customer managed KMS key (no OfflineStoreConfig.S3StorageConfig.KmsKeyId).`,
  };
}

/**
 * The online store of a feature group: NOT_APPLICABLE when it is off (no OnlineStoreConfig, or
 * EnableOnlineStore false), PASS with a KMS key, FAIL without; an OnlineStoreConfig whose
 * EnableOnlineStore is not a boolean is missing evidence.
 */
export function onlineStoreKey(record: EvidenceRecord, label: string): Verdict {
  if (isUnset(valueAt(record, 'OnlineStoreConfig'))) return { status: 'NOT_APPLICABLE', reason: `${label} has no online store.` };
  const enabled = valueAt(record, 'OnlineStoreConfig.EnableOnlineStore');
  if (enabled === false) return { status: 'NOT_APPLICABLE', reason: `${label} has its online store turned off.` };
  if (enabled !== true) {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `DescribeFeatureGroup for ${label} returned OnlineStoreConfig without EnableOnlineStore.`,
    };
  }
  const key = textAt(record, 'OnlineStoreConfig.SecurityConfig.KmsKeyId');
  if (key !== undefined) return { status: 'PASS', reason: `${label} encrypts its online store with KMS key ${key}.` };
  return {
    status: 'FAIL',
    reason: `${label} encrypts its online store with an AWS owned key, not a customer managed KMS key (no OnlineStoreConfig.SecurityConfig.KmsKeyId).`,
  };
}
