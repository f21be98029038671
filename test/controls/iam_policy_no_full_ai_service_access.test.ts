import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/iam_policy_no_full_ai_service_access.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';
import {
  encoded,
  IAM_SCOPE,
  INLINE,
  inlinePolicyEvidence,
  MANAGED,
  managedPolicyArn,
  managedPolicyEvidence,
} from '../fixtures/supporting.js';

const ROOT = `arn:aws:iam::${IAM_SCOPE.accountId}:root`;
const bothRead = (managed: number, inline: number) => [complete(MANAGED, managed, IAM_SCOPE), complete(INLINE, inline, IAM_SCOPE)];

function judgeManaged(statements: Record<string, unknown>[]) {
  const evidence = managedPolicyEvidence('AcmeTeamPolicy', encoded(statements));
  const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: bothRead(1, 0) });
  expect(findings).toHaveLength(1);
  return { evidence, finding: findingFor(findings, managedPolicyArn('AcmeTeamPolicy')) };
}

describe('iam_policy_no_full_ai_service_access', () => {
  it.each<[string, Record<string, unknown>[]]>([
    [
      '#1 named actions on all resources',
      [{ Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:ListFoundationModels'], Resource: '*' }],
    ],
    [
      '#2 bedrock:* on one guardrail only',
      [{ Effect: 'Allow', Action: 'bedrock:*', Resource: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/g1' }],
    ],
    ['#3 a Deny of sagemaker:* on *', [{ Effect: 'Deny', Action: 'sagemaker:*', Resource: '*' }]],
  ])('compliant %s is PASS and cites the policy', (_case, statements) => {
    const { evidence, finding } = judgeManaged(statements);
    expect(finding).toMatchObject({ status: 'PASS', evidence: [digestOf(evidence)] });
  });

  it.each<[string, Record<string, unknown>[], string]>([
    ['#4 sagemaker:* on *', [{ Sid: 'DS', Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }], 'statement DS allows sagemaker:*'],
    ['#5 * on *', [{ Effect: 'Allow', Action: '*', Resource: '*' }], 'bedrock:*, bedrock-agentcore:*, sagemaker:*'],
    [
      '#6 bedrock:* on every bedrock ARN, with a condition',
      [
        {
          Effect: 'Allow',
          Action: 'bedrock:*',
          Resource: 'arn:aws:bedrock:*:*:*',
          Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
        },
      ],
      '(with conditions)',
    ],
    ['#7 NotAction that leaves bedrock in', [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }], 'bedrock:*'],
  ])('non-compliant %s is FAIL and says which statement', (_case, statements, words) => {
    const { finding } = judgeManaged(statements);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('AcmeTeamPolicy');
    expect(finding.reason).toContain(words);
  });

  it('#8 judges inline policies as well, naming the role', () => {
    const evidence = inlinePolicyEvidence(
      'fraud-model-training',
      'bedrock-full',
      encoded([{ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }]),
    );
    const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: bothRead(0, 1) });
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: evidence.record.resource })]);
    expect(findings[0]?.reason).toContain('inline policy bedrock-full of role fraud-model-training');
  });

  it('#9 gives INSUFFICIENT_EVIDENCE for a policy document that cannot be parsed', () => {
    const evidence = managedPolicyEvidence('Broken', '%7B%22Statement%22%3A');
    const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: bothRead(1, 0) });
    expect(findings).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', resource: evidence.record.resource })]);
  });

  it('#10 not applicable: one finding for the account when both sources were read and hold no policy', () => {
    expect(judge(control, { scopes: [IAM_SCOPE], coverage: bothRead(0, 0) })).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: { type: 'AWS::::Account', id: ROOT } }),
    ]);
  });

  it('#11 gives one INSUFFICIENT_EVIDENCE for the account when either source could not list, keeping what was judged', () => {
    const evidence = managedPolicyEvidence('AcmeTeamPolicy', encoded([{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }]));
    const findings = judge(control, {
      scopes: [IAM_SCOPE],
      evidence: [evidence],
      coverage: [complete(MANAGED, 1, IAM_SCOPE), failed(INLINE, accessDenied('ListRoles'), 0, IAM_SCOPE)],
    });
    expect(findingFor(findings, ROOT)).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE' });
    expect(findingFor(findings, ROOT).reason).toContain('ListRoles');
    expect(findingFor(findings, managedPolicyArn('AcmeTeamPolicy')).status).toBe('FAIL');
    expect(findings).toHaveLength(2);
  });

  it('#12 names a policy whose version could not be read', () => {
    const arn = managedPolicyArn('Hidden');
    const findings = judge(control, {
      scopes: [IAM_SCOPE],
      coverage: [partial(MANAGED, [accessDenied('GetPolicyVersion', arn)], 0, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)],
    });
    expect(findingFor(findings, arn).status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findings).toHaveLength(1);
  });

  it('#13 judges IAM once per account, in us-east-1: no finding in other regions of an account that has it', () => {
    const findings = judge(control, {
      scopes: [IAM_SCOPE, SCOPE],
      coverage: [...bothRead(0, 0), complete(MANAGED, 0, SCOPE), complete(INLINE, 0, SCOPE)],
    });
    expect(findings.map((f) => f.region)).toEqual(['us-east-1']);
  });

  it('#14 gives INSUFFICIENT_EVIDENCE for an account the run does not assess in us-east-1', () => {
    const findings = judge(control, { scopes: [SCOPE], coverage: [complete(MANAGED, 0, SCOPE), complete(INLINE, 0, SCOPE)] });
    expect(findings).toEqual([
      expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', region: SCOPE.region, resource: { type: 'AWS::::Account', id: ROOT } }),
    ]);
    expect(findings[0]?.reason).toContain('us-east-1');
  });

  it('#15 gives INSUFFICIENT_EVIDENCE when the IAM collectors did not run in us-east-1', () => {
    expect(judge(control, { scopes: [IAM_SCOPE], coverage: [] })).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE' })]);
  });
});
