import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/guardduty_no_high_severity_ai_findings.js';
import { accessDenied, complete, digestOf, failed, judge, partial } from '../fixtures/evidence.js';
import { DETECTORS, detectorArn, detectorEvidence, FINDINGS, guardDutyFinding, unrelatedFinding } from '../fixtures/supporting.js';

const coverage = (findings: number) => [complete(DETECTORS, 1), complete(FINDINGS, findings)];

describe('guardduty_no_high_severity_ai_findings', () => {
  it('#1 compliant: GuardDuty enabled and no open high-severity finding: PASS', () => {
    const detector = detectorEvidence();
    const findings = judge(control, { evidence: [detector], coverage: coverage(0) });
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', evidence: [digestOf(detector)] })]);
  });

  it('#2 compliant: high-severity findings that do not concern AI workloads are counted but PASS', () => {
    const findings = judge(control, { evidence: [detectorEvidence(), unrelatedFinding('ec2-1')], coverage: coverage(1) });
    expect(findings[0]?.status).toBe('PASS');
    expect(findings[0]?.reason).toContain('1 other high-severity finding is open');
  });

  it.each<[string, Record<string, unknown>]>([
    ['an AI Protection finding type', {}],
    ['a prompt injection finding', { Type: 'Impact:IAMUser/PromptInjection.Direct' }],
    [
      'a finding that names the models invoked',
      { Type: 'Discovery:IAMUser/AnomalousBehavior', Resource: { ResourceType: 'AccessKey', ModelDetails: [{ ModelArn: 'x' }] } },
    ],
    [
      'an API call to bedrock-runtime',
      {
        Type: 'Discovery:IAMUser/AnomalousBehavior',
        Service: {
          Archived: false,
          Action: { ActionType: 'AWS_API_CALL', AwsApiCallAction: { Api: 'InvokeModel', ServiceName: 'bedrock-runtime.amazonaws.com' } },
        },
      },
    ],
    [
      'an attack sequence that names a SageMaker resource',
      {
        Type: 'AttackSequence:IAM/CompromisedCredentials',
        Service: {
          Archived: false,
          Detection: { Sequence: { Resources: [{ Uid: 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/fraud-scoring' }] } },
        },
      },
    ],
  ])('#3 non-compliant: %s is FAIL, named and cited', (_case, overrides) => {
    const ai = guardDutyFinding('f-ai', overrides);
    const other = unrelatedFinding('ec2-1');
    const findings = judge(control, { evidence: [detectorEvidence(), ai, other], coverage: coverage(2) });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'FAIL', evidence: [digestOf(ai)] });
    expect(findings[0]?.reason).toContain('f-ai');
  });

  it.each<[string, Record<string, unknown>]>([
    ['archived', { Service: { Archived: true } }],
    ['below HIGH', { Severity: 5 }],
  ])('#4 ignores an AI finding that is %s (judged again from its fields)', (_case, overrides) => {
    const findings = judge(control, { evidence: [detectorEvidence(), guardDutyFinding('f-ai', overrides)], coverage: coverage(1) });
    expect(findings[0]?.status).toBe('PASS');
  });

  it('#5 gives INSUFFICIENT_EVIDENCE, not PASS, when GuardDuty is not enabled: no findings then proves nothing', () => {
    for (const evidence of [[], [detectorEvidence({ Status: 'DISABLED' })]]) {
      const findings = judge(control, { evidence, coverage: [complete(DETECTORS, evidence.length), complete(FINDINGS, 0)] });
      expect(findings[0]?.status).toBe('INSUFFICIENT_EVIDENCE');
      expect(findings[0]?.reason).toContain('not enabled');
    }
  });

  it.each([
    ['the findings could not be listed', [complete(DETECTORS, 1), partial(FINDINGS, [accessDenied('ListFindings', detectorArn())], 0)]],
    ['the detectors could not be listed', [failed(DETECTORS, accessDenied('ListDetectors')), complete(FINDINGS, 0)]],
    ['the findings collector did not run', [complete(DETECTORS, 1)]],
  ])('#6 gives INSUFFICIENT_EVIDENCE when %s', (_case, cov) => {
    const findings = judge(control, { evidence: [detectorEvidence()], coverage: cov });
    expect(findings).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', evidence: [] })]);
  });
});
