import { describe, expect, it } from 'vitest';
import { PROCESSING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_processing_job_output_encrypted_with_cmk.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedProcessingJob, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_processing_job_output_encrypted_with_cmk', () => {
  it('#1 compliant: an output KmsKeyId is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, PROCESSING_JOBS, describedProcessingJob('claims-features-1', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('claims-features-1');
    expect(finding.reason).toContain('arn:aws:kms:');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: outputs without a KmsKeyId is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      PROCESSING_JOBS,
      describedProcessingJob('claims-features-1', { ProcessingOutputConfig: { Outputs: [{ OutputName: 'report' }] } }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('claims-features-1');
    expect(finding.reason).toContain('ProcessingOutputConfig.KmsKeyId');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 not applicable: a job without outputs is NOT_APPLICABLE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      PROCESSING_JOBS,
      describedProcessingJob('claims-features-1', { ProcessingOutputConfig: undefined }),
    );
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('claims-features-1');
    expect(finding.reason).toContain('no output');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#4 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(PROCESSING_JOBS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, PROCESSING_JOBS, (n, scope) => describedProcessingJob(`processing-${n}`, {}, scope)));
});
