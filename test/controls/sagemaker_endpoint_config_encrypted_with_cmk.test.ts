import { describe, expect, it } from 'vitest';
import { ENDPOINT_CONFIGS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_endpoint_config_encrypted_with_cmk.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedEndpointConfig, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_endpoint_config_encrypted_with_cmk', () => {
  it('#1 compliant: a KmsKeyId is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, ENDPOINT_CONFIGS, describedEndpointConfig('fraud-scoring-config', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('arn:aws:kms:');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: no KmsKeyId is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', { KmsKeyId: undefined }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('customer managed');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#3 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(ENDPOINT_CONFIGS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, ENDPOINT_CONFIGS, (n, scope) => describedEndpointConfig(`config-${n}`, {}, scope)));
});
