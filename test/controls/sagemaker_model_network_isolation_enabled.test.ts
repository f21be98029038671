import { describe, expect, it } from 'vitest';
import { MODELS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_network_isolation_enabled.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedModel, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_model_network_isolation_enabled', () => {
  it('#1 compliant: EnableNetworkIsolation true is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODELS, describedModel('fraud-scoring-v7', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('network isolation enabled');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: EnableNetworkIsolation false is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODELS, describedModel('fraud-scoring-v7', { EnableNetworkIsolation: false }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('EnableNetworkIsolation is false');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 missing evidence: no EnableNetworkIsolation in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MODELS, describedModel('fraud-scoring-v7', { EnableNetworkIsolation: undefined }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring-v7');
    expect(finding.reason).toContain('EnableNetworkIsolation');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#4 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(MODELS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, MODELS, (n, scope) => describedModel(`model-${n}`, {}, scope)));
});
