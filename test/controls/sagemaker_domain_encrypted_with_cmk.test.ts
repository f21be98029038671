import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_domain_encrypted_with_cmk.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedDomain, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_domain_encrypted_with_cmk', () => {
  it('#1 compliant: a KmsKeyId is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('arn:aws:kms:');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: no KmsKeyId (AWS managed key) is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', { KmsKeyId: undefined }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('customer managed');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: a blank KmsKeyId is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', { KmsKeyId: '  ' }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('customer managed');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#4 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(DOMAINS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, DOMAINS, (n, scope) => describedDomain(`studio-${n}`, {}, scope)));
});
