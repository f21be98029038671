import { describe, expect, it } from 'vitest';
import { MODELS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_image_from_account_ecr.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedModel, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_model_image_from_account_ecr', () => {
  it("#1 compliant: an image in the account's own ECR is PASS", () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODELS, describedModel('fraud-scoring-v7', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('111122223333.dkr.ecr.eu-west-1.amazonaws.com');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 compliant: an image from a private registry reached in the VPC is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODELS,
      describedModel('fraud-scoring-v7', {
        PrimaryContainer: { Image: 'registry.acme.internal/fraud:7', ImageConfig: { RepositoryAccessMode: 'Vpc' } },
      }),
    );
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('private registry');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it("#3 non-compliant: an AWS framework image in another account's ECR is FAIL", () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODELS,
      describedModel('fraud-scoring-v7', {
        PrimaryContainer: { Image: '763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.1-cpu' },
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('ECR of account 763104351884');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 non-compliant: one container of an inference pipeline from Docker Hub is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODELS,
      describedModel('fraud-scoring-v7', {
        PrimaryContainer: undefined,
        Containers: [{ Image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/pre:1' }, { Image: 'docker.io/library/python:3.12' }],
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('docker.io/library/python:3.12');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#5 missing evidence: a container taken from a model package is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODELS,
      describedModel('fraud-scoring-v7', {
        PrimaryContainer: { ModelPackageName: 'arn:aws:sagemaker:eu-west-1:111122223333:model-package/fraud-scoring/6' },
      }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('model package');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#6 missing evidence: no container at all is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODELS, describedModel('fraud-scoring-v7', { PrimaryContainer: undefined }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('PrimaryContainer');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#7 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(MODELS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, MODELS, (n, scope) => describedModel(`model-${n}`, {}, scope)));
});
