import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/sagemaker_feature_group_offline_store_encrypted_with_cmk.js';
import { FEATURE_GROUPS } from '../../lib/controls/sagemaker-feature-groups.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedFeatureGroup, featureGroupSubject, judgeFeatureGroup } from '../fixtures/sagemaker-feature-groups.js';

const offline = (s3: Record<string, unknown>) => ({ OfflineStoreConfig: { S3StorageConfig: s3, TableFormat: 'Glue' } });

describe('sagemaker_feature_group_offline_store_encrypted_with_cmk', () => {
  it('#1 compliant: an offline store with a KmsKeyId is PASS, naming the key', () => {
    // Act
    const { evidence, finding } = judgeFeatureGroup(control, describedFeatureGroup('claims-features'));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('claims-features');
    expect(finding.reason).toContain('offline-3333-4444');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['no KmsKeyId', offline({ S3Uri: 's3://acme-features/offline' })],
    ['a blank KmsKeyId', offline({ S3Uri: 's3://acme-features/offline', KmsKeyId: ' ' })],
  ])('#2 non-compliant: an offline store with %s is FAIL', (_case, overrides) => {
    // Act
    const { evidence, finding } = judgeFeatureGroup(control, describedFeatureGroup('claims-features', overrides));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('MEDIUM');
    expect(finding.reason).toContain('claims-features');
    expect(finding.reason).toContain('customer managed');
    expect(finding.resource).toEqual(evidence.record.resource);
  });

  it('#3 not applicable: a feature group without an offline store is NOT_APPLICABLE, even with an unencrypted online store', () => {
    // Act
    const { finding } = judgeFeatureGroup(
      control,
      describedFeatureGroup('quote-features', { OfflineStoreConfig: undefined, OnlineStoreConfig: { EnableOnlineStore: true } }),
    );
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('quote-features');
  });

  it('#4 insufficient: an OfflineStoreConfig without S3StorageConfig is INSUFFICIENT_EVIDENCE naming the field', () => {
    // Act
    const { finding } = judgeFeatureGroup(
      control,
      describedFeatureGroup('claims-features', { OfflineStoreConfig: { TableFormat: 'Glue' } }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('S3StorageConfig');
  });

  it('#5 not applicable: a region read completely with no feature groups is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(FEATURE_GROUPS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(featureGroupSubject(control));
});
