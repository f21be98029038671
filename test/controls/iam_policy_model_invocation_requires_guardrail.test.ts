import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/iam_policy_model_invocation_requires_guardrail.js';
import { complete, findingFor, judge } from '../fixtures/evidence.js';
import { encoded, IAM_SCOPE, INLINE, MANAGED, managedPolicyArn, managedPolicyEvidence } from '../fixtures/supporting.js';

const GUARDRAIL = 'arn:aws:bedrock:us-east-1:111122223333:guardrail/claims-pii-guard:3';
const invoke = { Sid: 'Invoke', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: '*' };

function judgePolicy(statements: Record<string, unknown>[]) {
  const evidence = managedPolicyEvidence('AcmeInvoke', encoded(statements));
  const findings = judge(control, {
    scopes: [IAM_SCOPE],
    evidence: [evidence],
    coverage: [complete(MANAGED, 1, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)],
  });
  return findingFor(findings, managedPolicyArn('AcmeInvoke'));
}

describe('iam_policy_model_invocation_requires_guardrail', () => {
  it.each<[string, Record<string, unknown>[]]>([
    ['#1 StringEquals on the guardrail', [{ ...invoke, Condition: { StringEquals: { 'bedrock:GuardrailIdentifier': GUARDRAIL } } }]],
    [
      '#2 StringLike on any version of it',
      [{ ...invoke, Condition: { StringLike: { 'bedrock:GuardrailIdentifier': 'arn:aws:bedrock:*:*:guardrail/claims-pii-guard:*' } } }],
    ],
    ['#3 Null false (some guardrail must be named)', [{ ...invoke, Condition: { Null: { 'bedrock:GuardrailIdentifier': 'false' } } }]],
    [
      '#4 an unconditioned Allow with a Deny when no guardrail is named',
      [
        invoke,
        { Effect: 'Deny', Action: 'bedrock:Invoke*', Resource: '*', Condition: { Null: { 'bedrock:GuardrailIdentifier': 'true' } } },
      ],
    ],
    [
      '#5 an unconditioned Allow with a Deny of any other guardrail',
      [
        invoke,
        {
          Effect: 'Deny',
          Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
          Resource: '*',
          Condition: { StringNotEquals: { 'bedrock:GuardrailIdentifier': GUARDRAIL } },
        },
      ],
    ],
  ])('compliant %s is PASS', (_case, statements) => {
    expect(judgePolicy(statements).status).toBe('PASS');
  });

  it.each<[string, Record<string, unknown>[], string]>([
    ['#6 no condition at all', [invoke], 'statement Invoke allows bedrock:InvokeModel without a guardrail condition'],
    ['#7 bedrock:Invoke* on *', [{ Effect: 'Allow', Action: 'bedrock:Invoke*', Resource: '*' }], 'bedrock:InvokeModelWithResponseStream'],
    [
      '#8 StringEqualsIfExists (met by a request without a guardrail)',
      [{ ...invoke, Condition: { StringEqualsIfExists: { 'bedrock:GuardrailIdentifier': GUARDRAIL } } }],
      'without a guardrail condition',
    ],
    [
      '#9 ForAllValues (vacuously true without the key)',
      [{ ...invoke, Condition: { 'ForAllValues:StringEquals': { 'bedrock:GuardrailIdentifier': [GUARDRAIL] } } }],
      'without a guardrail condition',
    ],
    [
      '#10 a condition on another key',
      [{ ...invoke, Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }],
      'without a guardrail condition',
    ],
    ['#11 * on *', [{ Effect: 'Allow', Action: '*', Resource: '*' }], 'bedrock:InvokeModel'],
    [
      '#12 a Deny that applies only to one model',
      [
        invoke,
        {
          Effect: 'Deny',
          Action: 'bedrock:Invoke*',
          Resource: 'arn:aws:bedrock:us-east-1::foundation-model/x',
          Condition: { Null: { 'bedrock:GuardrailIdentifier': 'true' } },
        },
      ],
      'without a guardrail condition',
    ],
    [
      '#13 a Deny with a further condition that may not hold',
      [
        invoke,
        {
          Effect: 'Deny',
          Action: 'bedrock:Invoke*',
          Resource: '*',
          Condition: { Null: { 'bedrock:GuardrailIdentifier': 'true' }, StringEquals: { 'aws:PrincipalTag/team': 'x' } },
        },
      ],
      'without a guardrail condition',
    ],
  ])('non-compliant %s is FAIL', (_case, statements, words) => {
    const finding = judgePolicy(statements);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  it('#14 not applicable: a policy that does not allow invoking models', () => {
    expect(judgePolicy([{ Effect: 'Allow', Action: 'bedrock:ListFoundationModels', Resource: '*' }]).status).toBe('NOT_APPLICABLE');
    expect(judgePolicy([{ Effect: 'Allow', NotAction: 'bedrock:*', Resource: '*' }]).status).toBe('NOT_APPLICABLE');
  });

  it('#15 gives INSUFFICIENT_EVIDENCE for a document that cannot be parsed', () => {
    const evidence = managedPolicyEvidence('AcmeInvoke', 'garbage%ZZ');
    const findings = judge(control, {
      scopes: [IAM_SCOPE],
      evidence: [evidence],
      coverage: [complete(MANAGED, 1, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)],
    });
    expect(findingFor(findings, managedPolicyArn('AcmeInvoke')).status).toBe('INSUFFICIENT_EVIDENCE');
  });
});
