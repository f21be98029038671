import { describe, expect, it } from 'vitest';
import { ENDPOINT_CONFIGS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_endpoint_config_variants_multiple_instances.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedEndpointConfig, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_endpoint_config_variants_multiple_instances', () => {
  it('#1 compliant: two variants with 2 and 3 instances is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', {
        ProductionVariants: [
          { VariantName: 'blue', InitialInstanceCount: 2 },
          { VariantName: 'green', InitialInstanceCount: 3 },
        ],
      }),
    );
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('more than one instance');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 compliant: a serverless variant is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', {
        ProductionVariants: [{ VariantName: 'AllTraffic', ServerlessConfig: { MemorySizeInMB: 4096, MaxConcurrency: 20 } }],
      }),
    );
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('serverless');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: one variant of two with a single instance is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', {
        ProductionVariants: [
          { VariantName: 'blue', InitialInstanceCount: 2 },
          { VariantName: 'shadow', InitialInstanceCount: 1 },
        ],
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('shadow (1)');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 missing evidence: no ProductionVariants is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', { ProductionVariants: undefined }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('ProductionVariants');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#5 missing evidence: a variant with neither InitialInstanceCount nor ServerlessConfig is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', { ProductionVariants: [{ VariantName: 'odd' }] }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('odd');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#6 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(ENDPOINT_CONFIGS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, ENDPOINT_CONFIGS, (n, scope) => describedEndpointConfig(`config-${n}`, {}, scope)));
});
