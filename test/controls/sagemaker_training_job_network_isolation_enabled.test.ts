import { describe, expect, it } from 'vitest';
import { TRAINING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_training_job_network_isolation_enabled.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedTrainingJob, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_training_job_network_isolation_enabled', () => {
  it('#1 compliant: EnableNetworkIsolation true is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, TRAINING_JOBS, describedTrainingJob('fraud-train-1', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('network isolation enabled');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: EnableNetworkIsolation false is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      TRAINING_JOBS,
      describedTrainingJob('fraud-train-1', { EnableNetworkIsolation: false }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('network calls');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 missing evidence: no EnableNetworkIsolation in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      TRAINING_JOBS,
      describedTrainingJob('fraud-train-1', { EnableNetworkIsolation: undefined }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('EnableNetworkIsolation');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#4 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(TRAINING_JOBS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, TRAINING_JOBS, (n, scope) => describedTrainingJob(`train-${n}`, {}, scope)));
});
