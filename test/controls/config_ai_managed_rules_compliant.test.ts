import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/config_ai_managed_rules_compliant.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import {
  accessDenied,
  complete,
  digestOf,
  failed,
  findingFor,
  judge,
  OTHER_SCOPE,
  partial,
  SCOPE,
  throttled,
} from '../fixtures/evidence.js';
import { RULES, ruleArn, ruleEvidence } from '../fixtures/governance.js';

function judgeRule(...args: Parameters<typeof ruleEvidence>) {
  const evidence = ruleEvidence(...args);
  const findings = judge(control, { evidence, coverage: [complete(RULES, evidence.length)] });
  expect(findings).toHaveLength(1);
  return { finding: findingFor(findings, ruleArn(args[0])), evidence };
}

describe('config_ai_managed_rules_compliant', () => {
  it('#1 compliant: a COMPLIANT rule is PASS, citing the rule and its compliance', () => {
    const { finding, evidence } = judgeRule('sm-no-internet', 'COMPLIANT');
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS');
    expect(finding.evidence).toEqual(evidence.map(digestOf).sort());
  });

  it('#2 non-compliant: a NON_COMPLIANT rule is FAIL with the count and the resources', () => {
    const { finding, evidence } = judgeRule('sm-no-internet', 'NON_COMPLIANT', {
      nonCompliant: ['genai-prototyping', 'support-bot-eval'],
      count: 2,
    });
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    expect(finding.reason).toContain(
      '2 non-compliant resources: AWS::SageMaker::NotebookInstance genai-prototyping, AWS::SageMaker::NotebookInstance support-bot-eval',
    );
    expect(finding.evidence).toHaveLength(3);
    expect(finding.evidence).toEqual(evidence.map(digestOf).sort());
  });

  it('#3 non-compliant: still FAIL when the non-compliant resources could not be listed', () => {
    const evidence = ruleEvidence('sm-no-internet', 'NON_COMPLIANT', { count: 4 });
    const coverage = partial(RULES, [accessDenied('GetComplianceDetailsByConfigRule', ruleArn('sm-no-internet'))], 2);
    const findings = judge(control, { evidence, coverage: [coverage] });
    expect(findings.map((f) => [f.status, f.reason.includes('4 non-compliant')])).toEqual([['FAIL', true]]);
  });

  it('#4 not applicable: a rule with nothing to evaluate is NOT_APPLICABLE', () => {
    expect(judgeRule('sm-no-internet', 'NOT_APPLICABLE').finding.status).toBe('NOT_APPLICABLE');
  });

  it('#5 insufficient: INSUFFICIENT_DATA is INSUFFICIENT_EVIDENCE, not PASS', () => {
    expect(judgeRule('sm-no-internet', 'INSUFFICIENT_DATA').finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#6 insufficient: a rule the compliance answer left out is INSUFFICIENT_EVIDENCE naming the field', () => {
    const { finding } = judgeRule('sm-no-internet', null);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('Compliance.ComplianceType');
  });

  it('#7 insufficient: a rule whose compliance read failed is INSUFFICIENT_EVIDENCE naming the error; others are judged', () => {
    const evidence = [...ruleEvidence('a', 'COMPLIANT'), ...ruleEvidence('b', null)];
    const coverage = partial(RULES, [throttled('DescribeComplianceByConfigRule', ruleArn('b'))], 3);
    const findings = judge(control, { evidence, coverage: [coverage] });
    expect(findingFor(findings, ruleArn('a')).status).toBe('PASS');
    expect(findingFor(findings, ruleArn('b'))).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE' });
    expect(findingFor(findings, ruleArn('b')).reason).toContain('ThrottlingException');
    expect(findings).toHaveLength(2);
  });

  it('#8 not applicable: a region read completely without an AI managed rule is NOT_APPLICABLE for the region', () => {
    const findings = judge(control, { coverage: [complete(RULES, 0)] });
    expect(findings).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: expect.objectContaining({ id: regionResourceId(SCOPE) }) }),
    ]);
  });

  it.each([
    ['denied', accessDenied('DescribeConfigRules')],
    ['throttled', throttled('DescribeConfigRules')],
  ])('gives INSUFFICIENT_EVIDENCE for the region when the rule listing was %s, and judges what was read', (_why, error) => {
    const evidence = ruleEvidence('a', 'COMPLIANT');
    const findings = judge(control, { evidence, coverage: [failed(RULES, error, 2)] });
    expect(findingFor(findings, regionResourceId(SCOPE))).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE', evidence: [] });
    expect(findingFor(findings, ruleArn('a')).status).toBe('PASS');
  });

  it('gives INSUFFICIENT_EVIDENCE where the collector did not run, in any evidence order', () => {
    const evidence = ruleEvidence('a', 'NON_COMPLIANT', { nonCompliant: ['x'] });
    const run = (e: typeof evidence) => judge(control, { scopes: [SCOPE, OTHER_SCOPE], evidence: e, coverage: [complete(RULES, 3)] });
    const forward = run(evidence);
    expect(run([...evidence].reverse())).toEqual(forward);
    expect(findingFor(forward, regionResourceId(OTHER_SCOPE)).status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findingFor(forward, ruleArn('a')).status).toBe('FAIL');
  });
});
