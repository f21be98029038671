import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_domain_sso_auth.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedDomain, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_domain_sso_auth', () => {
  it('#1 compliant: AuthMode SSO is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('IAM Identity Center');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: AuthMode IAM is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', { AuthMode: 'IAM' }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('with IAM');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 missing evidence: no AuthMode in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', { AuthMode: undefined }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('AuthMode');
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
