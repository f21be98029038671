import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_guardrail_prompt_attack_filter_high.js';
import { describedGuardrail, GUARDRAIL_COLLECTOR, guardrailEvidence, guardrailSubject, judgeOne } from '../fixtures/bedrock.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';

const HARMFUL = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'].map((type) => ({
  type,
  inputStrength: 'HIGH',
  outputStrength: 'HIGH',
}));
const withPromptAttack = (filter: Record<string, unknown> | undefined) => ({
  contentPolicy: { filters: filter === undefined ? HARMFUL : [...HARMFUL, { type: 'PROMPT_ATTACK', outputStrength: 'NONE', ...filter }] },
});
const judgeGuardrail = (overrides: Record<string, unknown>) => {
  const evidence = guardrailEvidence(describedGuardrail('gr-support', overrides));
  return { evidence, finding: judgeOne(control, GUARDRAIL_COLLECTOR, evidence) };
};

describe('bedrock_guardrail_prompt_attack_filter_high', () => {
  it.each([
    ['#1 compliant: HIGH input strength with BLOCK', { inputStrength: 'HIGH', inputAction: 'BLOCK', inputEnabled: true }],
    ['#2 compliant: HIGH input strength, answer without the newer action fields', { inputStrength: 'HIGH' }],
  ])('%s is PASS', (_case, filter) => {
    // Act
    const { evidence, finding } = judgeGuardrail(withPromptAttack(filter));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('guardrail-gr-support');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#3 non-compliant: MEDIUM input strength', withPromptAttack({ inputStrength: 'MEDIUM' }), 'MEDIUM'],
    ['#4 non-compliant: NONE input strength', withPromptAttack({ inputStrength: 'NONE' }), 'NONE'],
    ['#5 non-compliant: detect only (input action NONE)', withPromptAttack({ inputStrength: 'HIGH', inputAction: 'NONE' }), 'detects'],
    ['#6 non-compliant: input disabled', withPromptAttack({ inputStrength: 'HIGH', inputEnabled: false }), 'turned off'],
    ['#7 non-compliant: no prompt attack filter', withPromptAttack(undefined), 'no prompt attack filter'],
    ['#8 non-compliant: no content policy at all', { contentPolicy: undefined }, 'no prompt attack filter'],
  ])('%s is FAIL', (_case, overrides, words) => {
    // Act
    const { finding } = judgeGuardrail(overrides);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('HIGH');
    expect(finding.reason).toContain(words);
  });

  it.each([
    ['filters that are not a list', { contentPolicy: { filters: 'PROMPT_ATTACK' } }],
    ['a content policy that is not an object', { contentPolicy: ['PROMPT_ATTACK'] }],
    ['a prompt attack filter without an input strength', withPromptAttack({ inputAction: 'BLOCK' })],
  ])('#9 gives INSUFFICIENT_EVIDENCE, not PASS, for %s', (_case, overrides) => {
    // Act
    const { finding } = judgeGuardrail(overrides);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#10 is NOT_APPLICABLE where the region was read and has no guardrail (the per-region control reports that)', () => {
    // Act
    const findings = judge(control, { coverage: [complete(GUARDRAIL_COLLECTOR, 0)] });
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } }),
    ]);
  });

  describeSharedCases(guardrailSubject(control));
});
