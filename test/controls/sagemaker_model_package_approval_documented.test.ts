import { describe, expect, it } from 'vitest';
import { MODEL_PACKAGES } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_package_approval_documented.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedModelPackage, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_model_package_approval_documented', () => {
  it('#1 compliant: an ApprovalDescription is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODEL_PACKAGES, describedModelPackage('fraud-scoring', 6, {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('MRM-2026-118');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: no ApprovalDescription is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { ApprovalDescription: undefined }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('without an ApprovalDescription');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: a blank ApprovalDescription is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { ApprovalDescription: ' ' }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('without an ApprovalDescription');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 not applicable: a package awaiting approval is NOT_APPLICABLE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { ModelApprovalStatus: 'PendingManualApproval' }),
    );
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('PendingManualApproval');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#5 missing evidence: no ModelApprovalStatus in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { ModelApprovalStatus: undefined }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('ModelApprovalStatus');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#6 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(MODEL_PACKAGES.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, MODEL_PACKAGES, (n, scope) => describedModelPackage('fraud-scoring', n, {}, scope)));
});
