import { describe, expect, it } from 'vitest';
import {
  aiOptOutPolicyId,
  EFFECTIVE_POLICY_TYPE,
  ORGANIZATIONS_AI_OPT_OUT_POLICY,
} from '../../lib/collectors/organizations-ai-opt-out-policy.js';
import { control } from '../../lib/controls/organizations_ai_services_opt_out_enforced.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { accessDenied, complete, digestOf, failed, judge } from '../fixtures/evidence.js';
import { IAM_SCOPE, stored } from '../fixtures/supporting.js';

const HOME: Scope = IAM_SCOPE;
const ACCOUNT_RESOURCE = `arn:aws:iam::${HOME.accountId}:root`;
const SOURCE = { collector: ORGANIZATIONS_AI_OPT_OUT_POLICY, service: 'organizations', operation: 'DescribeEffectivePolicy' };

function answered(data: Record<string, unknown>, scope: Scope = HOME) {
  return stored(SOURCE, { type: EFFECTIVE_POLICY_TYPE, id: aiOptOutPolicyId(scope.accountId) }, data, scope);
}
const effective = (services: unknown) =>
  answered({
    EffectivePolicy: {
      PolicyContent: typeof services === 'string' ? services : JSON.stringify({ services }),
      TargetId: HOME.accountId,
      PolicyType: 'AISERVICES_OPT_OUT_POLICY',
    },
  });

/** Judges the home region of one account, read completely, with `evidence` its one record. */
function judgeOne(evidence: ReturnType<typeof answered>) {
  const findings = judge(control, { scopes: [HOME], evidence: [evidence], coverage: [complete(ORGANIZATIONS_AI_OPT_OUT_POLICY, 1, HOME)] });
  expect(findings).toHaveLength(1);
  return { evidence, finding: findings[0] as (typeof findings)[number] };
}

describe('organizations_ai_services_opt_out_enforced', () => {
  it.each([
    ['as an effective policy states it', { default: { opt_out_policy: 'optOut' } }],
    ['with the @@assign operator', { default: { opt_out_policy: { '@@assign': 'optOut' } } }],
    ['with services opted out by name as well', { default: { opt_out_policy: 'optOut' }, rekognition: { opt_out_policy: 'optOut' } }],
  ])('#1 compliant: opting out by default for every service (%s) is PASS, citing the record', (_case, services) => {
    // Act
    const { evidence, finding } = judgeOne(effective(services));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.resource).toEqual(evidence.record.resource);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#2 non-compliant: opting out by default but back in to a service is FAIL naming the service', () => {
    // Act
    const { finding } = judgeOne(
      effective({ default: { opt_out_policy: 'optOut' }, lex: { opt_out_policy: 'optIn' }, comprehend: { opt_out_policy: 'optIn' } }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('comprehend, lex');
  });

  it('#3 non-compliant: opting out only of named services, without a default, is FAIL naming them', () => {
    // Act
    const { finding } = judgeOne(effective({ rekognition: { opt_out_policy: 'optOut' }, textract: { opt_out_policy: 'optOut' } }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('does not opt out by default');
    expect(finding.reason).toContain('rekognition, textract');
  });

  it('#4 non-compliant: a default of optIn is FAIL', () => {
    // Act
    const { finding } = judgeOne(effective({ default: { opt_out_policy: 'optIn' } }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('default is optIn');
  });

  it.each([
    ['AWSOrganizationsNotInUseException', 'not in an AWS organization'],
    ['EffectivePolicyNotFoundException', 'No AI services opt-out policy applies'],
  ])('#5 non-compliant: the answer %s is FAIL with that reason', (code, says) => {
    // Act
    const { evidence, finding } = judgeOne(answered({ Error: { Code: code, Message: 'm' } }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(says);
    expect(finding.reason).toContain(code);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['no PolicyContent', answered({ EffectivePolicy: { TargetId: HOME.accountId } }), 'PolicyContent'],
    ['PolicyContent that is not JSON', effective('{"services": '), 'not valid JSON'],
    ['a policy without services', effective(JSON.stringify({ other: {} })), 'no services element'],
    ['a service entry with no optIn or optOut', effective({ default: { opt_out_policy: 'OptOut' } }), 'default'],
    ['an error answer the control does not know', answered({ Error: { Code: 'Mystery', Message: 'm' } }), 'Mystery'],
  ])('#6 insufficient: %s is INSUFFICIENT_EVIDENCE, not PASS', (_case, evidence, named) => {
    // Act
    const { finding } = judgeOne(evidence);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(named);
  });

  it('#7 insufficient: AccessDenied on DescribeEffectivePolicy is INSUFFICIENT_EVIDENCE for the account, naming the error', () => {
    // Act
    const findings = judge(control, {
      scopes: [HOME],
      coverage: [failed(ORGANIZATIONS_AI_OPT_OUT_POLICY, accessDenied('DescribeEffectivePolicy'), 0, HOME)],
    });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE', resource: { id: ACCOUNT_RESOURCE }, evidence: [] });
    expect(findings[0]?.reason).toContain('DescribeEffectivePolicy');
  });

  it('#8 insufficient: a collector that never ran, or read the account but kept no record, is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const notRun = judge(control, { scopes: [HOME] });
    const empty = judge(control, { scopes: [HOME], coverage: [complete(ORGANIZATIONS_AI_OPT_OUT_POLICY, 0, HOME)] });
    // Assess
    expect(notRun.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
    expect(empty.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
  });

  it('#9 judges an account once, in its home region, and not again in its other regions', () => {
    // Prepare
    const other: Scope = { ...HOME, region: 'eu-west-1' };
    // Act
    const findings = judge(control, {
      scopes: [HOME, other],
      evidence: [effective({ default: { opt_out_policy: 'optOut' } })],
      coverage: [complete(ORGANIZATIONS_AI_OPT_OUT_POLICY, 1, HOME), complete(ORGANIZATIONS_AI_OPT_OUT_POLICY, 0, other)],
    });
    // Assess
    expect(findings.map((f) => [f.region, f.status])).toEqual([['us-east-1', 'PASS']]);
  });

  it('#10 insufficient: an account the run does not assess in us-east-1 gets one INSUFFICIENT_EVIDENCE, in its first region', () => {
    // Prepare
    const scopes: Scope[] = [
      { accountId: '444455556666', region: 'eu-west-1' },
      { accountId: '444455556666', region: 'eu-central-1' },
    ];
    // Act
    const findings = judge(control, {
      scopes,
      coverage: scopes.map((s) => complete(ORGANIZATIONS_AI_OPT_OUT_POLICY, 0, s)),
    });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE', region: 'eu-central-1', accountId: '444455556666' });
    expect(findings[0]?.reason).toContain('us-east-1');
  });
});
