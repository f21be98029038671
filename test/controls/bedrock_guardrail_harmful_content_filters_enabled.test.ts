import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_guardrail_harmful_content_filters_enabled.js';
import { describedGuardrail, GUARDRAIL_COLLECTOR, guardrailEvidence, guardrailSubject, judgeOne } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { digestOf } from '../fixtures/evidence.js';

const filter = (type: string, overrides: Record<string, unknown> = {}) => ({
  type,
  inputStrength: 'MEDIUM',
  outputStrength: 'HIGH',
  ...overrides,
});
const ALL = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'];
const judgeFilters = (filters: unknown) => {
  const evidence = guardrailEvidence(describedGuardrail('gr-claims', { contentPolicy: { filters } }));
  return { evidence, finding: judgeOne(control, GUARDRAIL_COLLECTOR, evidence) };
};

describe('bedrock_guardrail_harmful_content_filters_enabled', () => {
  it('#1 compliant: every harmful category filtered on input and output is PASS', () => {
    // Act
    const { evidence, finding } = judgeFilters([...ALL.map((t) => filter(t)), filter('PROMPT_ATTACK', { outputStrength: 'NONE' })]);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    [
      '#2 non-compliant: one category missing',
      ALL.filter((t) => t !== 'MISCONDUCT').map((t) => filter(t)),
      'MISCONDUCT (input and output)',
    ],
    ['#3 non-compliant: output strength NONE', ALL.map((t) => filter(t, t === 'HATE' ? { outputStrength: 'NONE' } : {})), 'HATE (output)'],
    ['#4 non-compliant: input disabled', ALL.map((t) => filter(t, t === 'SEXUAL' ? { inputEnabled: false } : {})), 'SEXUAL (input)'],
    [
      '#5 non-compliant: output action NONE (detect only)',
      ALL.map((t) => filter(t, t === 'VIOLENCE' ? { outputAction: 'NONE' } : {})),
      'VIOLENCE (output)',
    ],
    ['#6 non-compliant: no filters', [], 'HATE (input and output), INSULTS'],
  ])('%s is FAIL naming the gap', (_case, filters, words) => {
    // Act
    const { finding } = judgeFilters(filters);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  it('#7 gives INSUFFICIENT_EVIDENCE for filters that are not a list', () => {
    // Act
    const { finding } = judgeFilters({ HATE: 'HIGH' });
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#8 gives INSUFFICIENT_EVIDENCE, not FAIL, for a content policy that is not an object', () => {
    // Act
    const evidence = guardrailEvidence(describedGuardrail('gr-claims', { contentPolicy: 'strict' }));
    const finding = judgeOne(control, GUARDRAIL_COLLECTOR, evidence);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('contentPolicy');
  });

  describeSharedCases(guardrailSubject(control));
});
