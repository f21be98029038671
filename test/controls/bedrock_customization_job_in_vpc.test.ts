import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_customization_job_in_vpc.js';
import {
  CUSTOMIZATION_JOB_COLLECTOR,
  customizationJobEvidence,
  customizationJobSubject,
  describedCustomizationJob,
  judgeOne,
} from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, judge } from '../fixtures/evidence.js';

const judgeJob = (overrides: Record<string, unknown>) => {
  const evidence = customizationJobEvidence(describedCustomizationJob('claims-triage-tune', overrides));
  return { evidence, finding: judgeOne(control, CUSTOMIZATION_JOB_COLLECTOR, evidence) };
};

describe('bedrock_customization_job_in_vpc', () => {
  it('#1 compliant: a job with VPC subnets is PASS and names them', () => {
    // Act
    const { evidence, finding } = judgeJob({ vpcConfig: { subnetIds: ['subnet-0aa', 'subnet-0bb'], securityGroupIds: ['sg-0cc'] } });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('subnet-0aa, subnet-0bb');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#2 non-compliant: no vpcConfig', { vpcConfig: undefined }, 'does not run in a VPC'],
    ['#3 non-compliant: a vpcConfig without subnets', { vpcConfig: { subnetIds: [], securityGroupIds: ['sg-0cc'] } }, 'without subnets'],
  ])('%s is FAIL', (_case, overrides, words) => {
    // Act
    const { finding } = judgeJob(overrides);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('claims-triage-tune');
    expect(finding.reason).toContain(words);
  });

  it('#4 gives INSUFFICIENT_EVIDENCE for a vpcConfig whose subnets are not a list', () => {
    // Act
    const { finding } = judgeJob({ vpcConfig: { subnetIds: 'subnet-0aa' } });
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#5 is NOT_APPLICABLE in a region read completely without jobs', () => {
    // Act / Assess
    expect(judge(control, { coverage: [complete(CUSTOMIZATION_JOB_COLLECTOR, 0)] }).map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  describeSharedCases(customizationJobSubject(control));
});
