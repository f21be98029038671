import { describe, expect, it } from 'vitest';
import { PROCESSING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_processing_job_inter_container_encryption_enabled.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedProcessingJob, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_processing_job_inter_container_encryption_enabled', () => {
  it('#1 compliant: NetworkConfig.EnableInterContainerTrafficEncryption true is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, PROCESSING_JOBS, describedProcessingJob('claims-features-1', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('claims-features-1');
    expect(finding.reason).toContain('encrypts traffic');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: encryption off on two instances is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      PROCESSING_JOBS,
      describedProcessingJob('claims-features-1', {
        NetworkConfig: { EnableInterContainerTrafficEncryption: false, EnableNetworkIsolation: true },
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('claims-features-1');
    expect(finding.reason).toContain('runs on 2 instances');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: no NetworkConfig (encryption off by default) on two instances is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      PROCESSING_JOBS,
      describedProcessingJob('claims-features-1', { NetworkConfig: undefined }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('claims-features-1');
    expect(finding.reason).toContain('does not encrypt');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 not applicable: no NetworkConfig on one instance is NOT_APPLICABLE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      PROCESSING_JOBS,
      describedProcessingJob('claims-features-1', {
        NetworkConfig: undefined,
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
      }),
    );
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('claims-features-1');
    expect(finding.reason).toContain('one instance');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#5 missing evidence: encryption off with no ProcessingResources in the answer is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      PROCESSING_JOBS,
      describedProcessingJob('claims-features-1', { NetworkConfig: undefined, ProcessingResources: undefined }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('claims-features-1');
    expect(finding.reason).toContain('InstanceCount');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#6 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(PROCESSING_JOBS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, PROCESSING_JOBS, (n, scope) => describedProcessingJob(`processing-${n}`, {}, scope)));
});
