import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_domain_vpc_only.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedDomain, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_domain_vpc_only', () => {
  it('#1 compliant: AppNetworkAccessType VpcOnly is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('VpcOnly');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: AppNetworkAccessType PublicInternetOnly is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      DOMAINS,
      describedDomain('acme-ml-prod', { AppNetworkAccessType: 'PublicInternetOnly' }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('PublicInternetOnly');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 missing evidence: no AppNetworkAccessType in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', { AppNetworkAccessType: undefined }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('AppNetworkAccessType');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 missing evidence: an AppNetworkAccessType the control does not know is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(control, DOMAINS, describedDomain('acme-ml-prod', { AppNetworkAccessType: 'Hybrid' }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('acme-ml-prod');
    expect(finding.reason).toContain('AppNetworkAccessType');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#5 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(DOMAINS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, DOMAINS, (n, scope) => describedDomain(`studio-${n}`, {}, scope)));
});
