import { describe, expect, it } from 'vitest';
import { MODEL_PACKAGES } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_package_approver_not_author.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { actor, describedModelPackage, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_model_package_approver_not_author', () => {
  it('#1 compliant: registered by an author and approved by another identity is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODEL_PACKAGES, describedModelPackage('fraud-scoring', 6, {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('priya.nair');
    expect(finding.reason).toContain('tomas.berg');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 compliant: Studio user profiles that differ is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, {
        CreatedBy: { UserProfileArn: 'arn:aws:sagemaker:eu-west-1:111122223333:user-profile/d-1/priya' },
        LastModifiedBy: { UserProfileArn: 'arn:aws:sagemaker:eu-west-1:111122223333:user-profile/d-1/tomas' },
      }),
    );
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('user-profile/d-1/tomas');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: approved at registration and never modified since is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { LastModifiedTime: undefined, LastModifiedBy: undefined }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('approved by its author');
    expect(finding.reason).toContain('priya.nair');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 non-compliant: registered and approved by the same pipeline session is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { LastModifiedBy: actor(SCOPE, 'ml-author', 'priya.nair') }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('same identity');
    expect(finding.reason).toContain('priya.nair');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#5 not applicable: a package that is not approved is NOT_APPLICABLE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { ModelApprovalStatus: 'Rejected' }),
    );
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('Rejected');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#6 missing evidence: an approved package without LastModifiedBy is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODEL_PACKAGES,
      describedModelPackage('fraud-scoring', 6, { LastModifiedBy: undefined }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('LastModifiedBy');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#7 missing evidence: an approved package whose CreatedBy names nobody is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODEL_PACKAGES, describedModelPackage('fraud-scoring', 6, { CreatedBy: {} }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring version 6');
    expect(finding.reason).toContain('CreatedBy');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#8 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(MODEL_PACKAGES.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, MODEL_PACKAGES, (n, scope) => describedModelPackage('fraud-scoring', n, {}, scope)));
});
