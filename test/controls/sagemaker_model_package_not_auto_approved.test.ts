import { describe, expect, it } from 'vitest';
import { MODEL_PACKAGES } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_package_not_auto_approved.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedModelPackage, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_model_package_not_auto_approved', () => {
  it('#1 compliant: approved a day after registration is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODEL_PACKAGES, describedModelPackage('fraud-scoring', 6, {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('approved later');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 compliant: awaiting manual approval is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, {
        ModelApprovalStatus: 'PendingManualApproval',
        LastModifiedTime: undefined,
        LastModifiedBy: undefined,
      }),
    );
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('PendingManualApproval');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: approved with no LastModifiedTime (approved at registration) is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { LastModifiedTime: undefined }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('approved when it was registered');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 non-compliant: approved with LastModifiedTime equal to CreationTime is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { LastModifiedTime: '2026-09-29T15:00:00.000Z' }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('approved when it was registered');
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
  it('#6 missing evidence: no CreationTime in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODEL_PACKAGES, describedModelPackage('fraud-scoring', 6, { CreationTime: undefined }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('CreationTime');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#7 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(MODEL_PACKAGES.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, MODEL_PACKAGES, (n, scope) => describedModelPackage('fraud-scoring', n, {}, scope)));
});
