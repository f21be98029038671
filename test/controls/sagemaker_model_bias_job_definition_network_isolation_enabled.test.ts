import { describe, expect, it } from 'vitest';
import { MONITORING_JOB_KINDS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_bias_job_definition_network_isolation_enabled.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedJobDefinition, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_model_bias_job_definition_network_isolation_enabled', () => {
  it('#1 compliant: NetworkConfig.EnableNetworkIsolation true is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, MONITORING_JOB_KINDS.ModelBias, describedJobDefinition('ModelBias', 'fraud-bias', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-bias');
    expect(finding.reason).toContain('network isolation enabled');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: NetworkConfig.EnableNetworkIsolation false is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MONITORING_JOB_KINDS.ModelBias,
      describedJobDefinition('ModelBias', 'fraud-bias', {
        NetworkConfig: { EnableInterContainerTrafficEncryption: true, EnableNetworkIsolation: false },
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-bias');
    expect(finding.reason).toContain('network calls');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: no NetworkConfig is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      MONITORING_JOB_KINDS.ModelBias,
      describedJobDefinition('ModelBias', 'fraud-bias', { NetworkConfig: undefined }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-bias');
    expect(finding.reason).toContain('network calls');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#4 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(MONITORING_JOB_KINDS.ModelBias.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(
    sagemakerSubject(control, MONITORING_JOB_KINDS.ModelBias, (n, scope) => describedJobDefinition('ModelBias', `bias-${n}`, {}, scope)),
  );
});
