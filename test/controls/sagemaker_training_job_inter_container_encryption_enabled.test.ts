import { describe, expect, it } from 'vitest';
import { TRAINING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_training_job_inter_container_encryption_enabled.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedTrainingJob, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_training_job_inter_container_encryption_enabled', () => {
  it('#1 compliant: EnableInterContainerTrafficEncryption true is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, TRAINING_JOBS, describedTrainingJob('fraud-train-1', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('encrypts traffic');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: encryption off on two instances is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      TRAINING_JOBS,
      describedTrainingJob('fraud-train-1', { EnableInterContainerTrafficEncryption: false }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('runs on 2 instances');
    expect(finding.reason).toContain('does not encrypt');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: encryption off on a heterogeneous cluster of 1 + 2 instances is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      TRAINING_JOBS,
      describedTrainingJob('fraud-train-1', {
        EnableInterContainerTrafficEncryption: false,
        ResourceConfig: {
          InstanceGroups: [
            { InstanceGroupName: 'a', InstanceCount: 1 },
            { InstanceGroupName: 'b', InstanceCount: 2 },
          ],
        },
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('runs on 3 instances');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 not applicable: encryption off on one instance is NOT_APPLICABLE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      TRAINING_JOBS,
      describedTrainingJob('fraud-train-1', {
        EnableInterContainerTrafficEncryption: false,
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50 },
      }),
    );
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('one instance');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#5 missing evidence: no EnableInterContainerTrafficEncryption in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      TRAINING_JOBS,
      describedTrainingJob('fraud-train-1', { EnableInterContainerTrafficEncryption: undefined }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('EnableInterContainerTrafficEncryption');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#6 missing evidence: encryption off with no instance count in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      TRAINING_JOBS,
      describedTrainingJob('fraud-train-1', { EnableInterContainerTrafficEncryption: false, ResourceConfig: undefined }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-train-1');
    expect(finding.reason).toContain('InstanceCount');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#7 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(TRAINING_JOBS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, TRAINING_JOBS, (n, scope) => describedTrainingJob(`train-${n}`, {}, scope)));
});
