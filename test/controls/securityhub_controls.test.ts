import { describe, expect, it } from 'vitest';
import { control as aiFindings } from '../../lib/controls/securityhub_ai_resource_findings_resolved.js';
import { control as aiStandard } from '../../lib/controls/securityhub_ai_security_standard_enabled.js';
import { control as fsbp } from '../../lib/controls/securityhub_fsbp_standard_enabled.js';
import { control as hubEnabled } from '../../lib/controls/securityhub_hub_enabled.js';
import type { Control } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import {
  AI_FINDINGS,
  AI_STANDARD,
  asffFinding,
  FSBP_STANDARD,
  findingEvidence,
  HUB,
  hubEvidence,
  hubOn,
  standardEvidence,
} from '../fixtures/governance.js';
import { describeScopeCases } from '../fixtures/governance-cases.js';

function judgeOne(control: Control, evidence: SealedEvidence[], coverage?: CoverageEntry) {
  const collector = control.collectors[0] as string;
  const findings = judge(control, { evidence, coverage: [coverage ?? complete(collector, evidence.length)] });
  expect(findings).toHaveLength(1);
  return findings[0];
}

describe('securityhub_hub_enabled', () => {
  it('#1 compliant: a hub with its ARN is PASS', () => {
    const hub = hubOn();
    const finding = judgeOne(hubEnabled, [hub]);
    expect(finding).toMatchObject({ status: 'PASS', evidence: [digestOf(hub)] });
  });

  it('#2 non-compliant: the not-subscribed answer is FAIL, citing it', () => {
    const off = hubEvidence('off');
    expect(judgeOne(hubEnabled, [off])).toMatchObject({ status: 'FAIL', evidence: [digestOf(off)] });
  });

  it('#3 insufficient: a DescribeHub answer without HubArn is INSUFFICIENT_EVIDENCE naming the field', () => {
    const finding = judgeOne(hubEnabled, [hubEvidence({ SubscribedAt: '2025-01-01T00:00:00.000Z' })]);
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('HubArn');
  });

  it('is not blocked by a failed standards listing, which it does not rest on', () => {
    const coverage: CoverageEntry = {
      ...complete(HUB, 1),
      status: 'FAILED',
      errors: [{ operation: 'GetEnabledStandards', kind: 'ACCESS_DENIED', code: 'AccessDeniedException', message: 'no' }],
    };
    expect(judgeOne(hubEnabled, [hubOn()], coverage)?.status).toBe('PASS');
  });

  describeScopeCases({
    control: hubEnabled,
    collectors: [HUB],
    blockingOperation: { collector: HUB, operation: 'DescribeHub' },
    unrelatedOperation: { collector: HUB, operation: 'GetEnabledStandards' },
    passing: (s) => [hubOn(s)],
  });
});

describe.each([
  ['securityhub_ai_security_standard_enabled', aiStandard, AI_STANDARD, FSBP_STANDARD],
  ['securityhub_fsbp_standard_enabled', fsbp, FSBP_STANDARD, AI_STANDARD],
])('%s', (_id, control, wanted, other) => {
  it('#1 compliant: the standard enabled and READY is PASS, citing the hub and the subscription', () => {
    const evidence = [hubOn(), standardEvidence(wanted), standardEvidence(other)];
    const finding = judgeOne(control, evidence);
    expect(finding?.status).toBe('PASS');
    expect(finding?.evidence).toEqual([digestOf(evidence[0] as SealedEvidence), digestOf(evidence[1] as SealedEvidence)].sort());
  });

  it('#2 non-compliant: only another standard enabled is FAIL', () => {
    expect(judgeOne(control, [hubOn(), standardEvidence(other)])?.status).toBe('FAIL');
  });

  it('#3 non-compliant: Security Hub off is FAIL', () => {
    const finding = judgeOne(control, [hubEvidence('off')]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('not enabled');
  });

  it('#4 non-compliant: the standard INCOMPLETE is FAIL with its reason code', () => {
    const finding = judgeOne(control, [
      hubOn(),
      standardEvidence(wanted, 'INCOMPLETE', SCOPE, { StandardsStatusReason: { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' } }),
    ]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('NO_AVAILABLE_CONFIGURATION_RECORDER');
  });

  it('#5 insufficient: a standard still PENDING is INSUFFICIENT_EVIDENCE, not PASS', () => {
    expect(judgeOne(control, [hubOn(), standardEvidence(wanted, 'PENDING')])?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeScopeCases({
    control,
    collectors: [HUB],
    blockingOperation: { collector: HUB, operation: 'GetEnabledStandards' },
    passing: (s) => [hubOn(s), standardEvidence(wanted, 'READY', s)],
  });
});

describe('securityhub_ai_resource_findings_resolved', () => {
  it('#1 compliant: no finding read is PASS', () => {
    expect(judgeOne(aiFindings, [])?.status).toBe('PASS');
  });

  it('#2 compliant: findings that are suppressed, archived or MEDIUM do not count', () => {
    const evidence = [
      findingEvidence(asffFinding(1, { Workflow: { Status: 'SUPPRESSED' } })),
      findingEvidence(asffFinding(2, { RecordState: 'ARCHIVED' })),
      findingEvidence(asffFinding(3, { Severity: { Label: 'MEDIUM' } })),
    ];
    expect(judgeOne(aiFindings, evidence)?.status).toBe('PASS');
  });

  it('#3 non-compliant: an active HIGH finding is FAIL, counted and named, citing only it', () => {
    const open = findingEvidence(asffFinding(1));
    const quiet = findingEvidence(asffFinding(2, { Workflow: { Status: 'RESOLVED' } }));
    const finding = judgeOne(aiFindings, [open, quiet]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('1 HIGH');
    expect(finding?.reason).toContain('notebook-instance/nb-1');
    expect(finding?.evidence).toEqual([digestOf(open)]);
  });

  it("#2b compliant: ai-evidence's own published findings do not count, so a run never fails this control because of itself", () => {
    // Prepare: an open HIGH finding that ai-evidence published (GeneratorId ai-evidence/<control>).
    const own = findingEvidence(asffFinding(1, { GeneratorId: 'ai-evidence/sagemaker_notebook_root_access_disabled' }));
    // Act / Assess
    expect(judgeOne(aiFindings, [own])?.status).toBe('PASS');
  });

  it('#4 non-compliant: a finding without a workflow status counts as untriaged', () => {
    const finding = judgeOne(aiFindings, [findingEvidence(asffFinding(1, { Workflow: undefined, Severity: { Label: 'CRITICAL' } }))]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('1 CRITICAL');
  });

  it('#5 non-compliant: a read stopped at the limit with open findings is still FAIL, and says so', () => {
    const coverage: CoverageEntry = {
      ...complete(AI_FINDINGS, 1),
      status: 'FAILED',
      errors: [
        {
          operation: 'GetFindings',
          kind: 'ERROR',
          code: 'FindingLimitReached',
          message: 'Stopped after 1000 findings; more remain unread.',
        },
      ],
    };
    const finding = judgeOne(aiFindings, [findingEvidence(asffFinding(1))], coverage);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('at least');
  });

  it('#6 insufficient: a read stopped at the limit without an open finding is INSUFFICIENT_EVIDENCE', () => {
    const coverage: CoverageEntry = {
      ...complete(AI_FINDINGS, 1),
      status: 'FAILED',
      errors: [
        {
          operation: 'GetFindings',
          kind: 'ERROR',
          code: 'FindingLimitReached',
          message: 'Stopped after 1000 findings; more remain unread.',
        },
      ],
    };
    expect(judgeOne(aiFindings, [findingEvidence(asffFinding(1, { Severity: { Label: 'LOW' } }))], coverage)?.status).toBe(
      'INSUFFICIENT_EVIDENCE',
    );
  });

  it('#7 insufficient: a finding without Severity.Label is INSUFFICIENT_EVIDENCE naming the field', () => {
    const finding = judgeOne(aiFindings, [findingEvidence(asffFinding(1, { Severity: { Normalized: 70 } }))]);
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('Severity.Label');
  });

  it('#8 insufficient: Security Hub off (InvalidAccessException on GetFindings) cannot PASS', () => {
    const coverage: CoverageEntry = {
      ...complete(AI_FINDINGS, 0),
      status: 'FAILED',
      errors: [
        {
          operation: 'GetFindings',
          kind: 'ERROR',
          code: 'InvalidAccessException',
          message: 'Account is not subscribed to AWS Security Hub',
        },
      ],
    };
    expect(judgeOne(aiFindings, [], coverage)?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeScopeCases({
    control: aiFindings,
    collectors: [AI_FINDINGS],
    blockingOperation: { collector: AI_FINDINGS, operation: 'GetFindings' },
    passing: (s) => [findingEvidence(asffFinding(1, { Workflow: { Status: 'SUPPRESSED' } }, s), s)],
  });
});

describe('securityhub_ai_resource_findings_resolved, resource types', () => {
  it('does not count a finding on a resource that is not SageMaker or Bedrock, whatever the filter let through', () => {
    const ec2 = findingEvidence(
      asffFinding(1, { Resources: [{ Type: 'AwsEc2Instance', Id: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc' }] }),
    );
    const findings = judge(aiFindings, { evidence: [ec2], coverage: [complete(AI_FINDINGS, 1)] });
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
  });

  it('counts a finding on a Bedrock AgentCore runtime', () => {
    const agentcore = findingEvidence(
      asffFinding(1, {
        Resources: [{ Type: 'AwsBedrockAgentCoreRuntime', Id: 'arn:aws:bedrock-agentcore:eu-west-1:111122223333:runtime/support-bot' }],
      }),
    );
    const findings = judge(aiFindings, { evidence: [agentcore], coverage: [complete(AI_FINDINGS, 1)] });
    expect(findings.map((f) => f.status)).toEqual(['FAIL']);
  });

  it('gives INSUFFICIENT_EVIDENCE for a finding without Resources', () => {
    const bare = findingEvidence(asffFinding(1, { Resources: undefined }));
    const findings = judge(aiFindings, { evidence: [bare], coverage: [complete(AI_FINDINGS, 1)] });
    expect(findings.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
  });
});
