import { describe, expect, it } from 'vitest';
import { MODELS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_in_vpc.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedModel, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_model_in_vpc', () => {
  it('#1 compliant: a VpcConfig with subnets is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODELS, describedModel('fraud-scoring-v7', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('subnet-0aa11bb22cc33dd44');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: no VpcConfig is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODELS, describedModel('fraud-scoring-v7', { VpcConfig: undefined }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('no VPC configuration');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: an empty VpcConfig (as moto returns for none) is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODELS, describedModel('fraud-scoring-v7', { VpcConfig: {} }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('no VPC configuration');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 missing evidence: a VpcConfig without subnets is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MODELS,
      describedModel('fraud-scoring-v7', { VpcConfig: { SecurityGroupIds: ['sg-0c1d2e3f4a5b6c7d8'] } }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('VpcConfig');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#5 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(MODELS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, MODELS, (n, scope) => describedModel(`model-${n}`, {}, scope)));
});
