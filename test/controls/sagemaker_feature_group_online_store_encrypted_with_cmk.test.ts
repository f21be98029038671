import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/sagemaker_feature_group_online_store_encrypted_with_cmk.js';
import { FEATURE_GROUPS } from '../../lib/controls/sagemaker-feature-groups.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedFeatureGroup, featureGroupSubject, judgeFeatureGroup } from '../fixtures/sagemaker-feature-groups.js';

describe('sagemaker_feature_group_online_store_encrypted_with_cmk', () => {
  it('#1 compliant: an online store with a KmsKeyId is PASS, naming the key', () => {
    // Act
    const { evidence, finding } = judgeFeatureGroup(control, describedFeatureGroup('fraud-features'));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-features');
    expect(finding.reason).toContain('online-1111-2222');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['no SecurityConfig', { EnableOnlineStore: true }],
    ['a SecurityConfig without KmsKeyId', { EnableOnlineStore: true, SecurityConfig: {} }],
    ['a blank KmsKeyId', { EnableOnlineStore: true, SecurityConfig: { KmsKeyId: '' } }],
  ])('#2 non-compliant: an enabled online store with %s is FAIL', (_case, onlineStore) => {
    // Act
    const { evidence, finding } = judgeFeatureGroup(control, describedFeatureGroup('fraud-features', { OnlineStoreConfig: onlineStore }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('MEDIUM');
    expect(finding.reason).toContain('fraud-features');
    expect(finding.reason).toContain('customer managed');
    expect(finding.resource).toEqual(evidence.record.resource);
  });

  it.each([
    ['no OnlineStoreConfig', { OnlineStoreConfig: undefined }],
    ['an empty OnlineStoreConfig (as moto returns it)', { OnlineStoreConfig: {} }],
    ['the online store turned off', { OnlineStoreConfig: { EnableOnlineStore: false } }],
  ])('#3 not applicable: a feature group with %s is NOT_APPLICABLE', (_case, overrides) => {
    // Act
    const { finding } = judgeFeatureGroup(control, describedFeatureGroup('claims-history', overrides));
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('claims-history');
  });

  it.each([
    ['EnableOnlineStore missing', { SecurityConfig: { KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/x' } }],
    ['EnableOnlineStore not a boolean', { EnableOnlineStore: 'true' }],
  ])('#4 insufficient: an OnlineStoreConfig with %s is INSUFFICIENT_EVIDENCE, not PASS', (_case, onlineStore) => {
    // Act
    const { finding } = judgeFeatureGroup(control, describedFeatureGroup('fraud-features', { OnlineStoreConfig: onlineStore }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('EnableOnlineStore');
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
