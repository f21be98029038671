import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_batch_inference_output_encrypted_with_cmk.js';
import { BATCH_JOB_COLLECTOR, batchJobEvidence, batchJobSubject, batchJobSummary, judgeOne, keyArn } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, judge } from '../fixtures/evidence.js';

const judgeOutput = (outputDataConfig: unknown) => {
  const evidence = batchJobEvidence(batchJobSummary('claims-nightly', { outputDataConfig }));
  return { evidence, finding: judgeOne(control, BATCH_JOB_COLLECTOR, evidence) };
};

describe('bedrock_batch_inference_output_encrypted_with_cmk', () => {
  it('#1 compliant: an output KMS key is PASS and named', () => {
    // Act
    const { evidence, finding } = judgeOutput({ s3OutputDataConfig: { s3Uri: 's3://acme-batch/out/', s3EncryptionKeyId: keyArn() } });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(keyArn());
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#2 non-compliant: no output key', { s3OutputDataConfig: { s3Uri: 's3://acme-batch/out/' } }],
    ['#3 non-compliant: an empty output key', { s3OutputDataConfig: { s3Uri: 's3://acme-batch/out/', s3EncryptionKeyId: '' } }],
  ])('%s is FAIL naming the output location', (_case, config) => {
    // Act
    const { finding } = judgeOutput(config);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('batch-claims-nightly');
    expect(finding.reason).toContain('s3://acme-batch/out/');
  });

  it.each([
    ['#4 no outputDataConfig (the API always returns it)', undefined],
    ['#5 a key that is not a string', { s3OutputDataConfig: { s3Uri: 's3://acme-batch/out/', s3EncryptionKeyId: 42 } }],
  ])('gives INSUFFICIENT_EVIDENCE, not PASS, for %s', (_case, config) => {
    // Act
    const { finding } = judgeOutput(config);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#6 is NOT_APPLICABLE in a region read completely without batch jobs', () => {
    // Act / Assess
    expect(judge(control, { coverage: [complete(BATCH_JOB_COLLECTOR, 0)] }).map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  describeSharedCases(batchJobSubject(control));
});
