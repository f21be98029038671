import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_batch_inference_job_in_vpc.js';
import { BATCH_JOB_COLLECTOR, batchJobEvidence, batchJobSubject, batchJobSummary, judgeOne } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { digestOf } from '../fixtures/evidence.js';

const judgeVpc = (vpcConfig: unknown) => {
  const evidence = batchJobEvidence(batchJobSummary('claims-nightly', { vpcConfig }));
  return { evidence, finding: judgeOne(control, BATCH_JOB_COLLECTOR, evidence) };
};

describe('bedrock_batch_inference_job_in_vpc', () => {
  it('#1 compliant: a job with VPC subnets is PASS', () => {
    // Act
    const { evidence, finding } = judgeVpc({ subnetIds: ['subnet-0aa'], securityGroupIds: ['sg-0bb'] });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('subnet-0aa');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#2 non-compliant: no vpcConfig', undefined, 'does not run in a VPC'],
    ['#3 non-compliant: no subnets', { subnetIds: [], securityGroupIds: ['sg-0bb'] }, 'without subnets'],
  ])('%s is FAIL', (_case, vpc, words) => {
    // Act
    const { finding } = judgeVpc(vpc);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  it('#4 gives INSUFFICIENT_EVIDENCE for subnets that are not a list', () => {
    // Act / Assess
    expect(judgeVpc({ subnetIds: 'subnet-0aa' }).finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeSharedCases(batchJobSubject(control));
});
