import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_guardrail_contextual_grounding_enabled.js';
import { describedGuardrail, GUARDRAIL_COLLECTOR, guardrailEvidence, guardrailSubject, judgeOne } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { digestOf } from '../fixtures/evidence.js';

const grounding = (g: Record<string, unknown> = {}, r: Record<string, unknown> = {}) => ({
  filters: [
    { type: 'GROUNDING', threshold: 0.75, ...g },
    { type: 'RELEVANCE', threshold: 0.5, ...r },
  ],
});
const judgePolicy = (policy: unknown) => {
  const evidence = guardrailEvidence(describedGuardrail('gr-rag', { contextualGroundingPolicy: policy }));
  return { evidence, finding: judgeOne(control, GUARDRAIL_COLLECTOR, evidence) };
};

describe('bedrock_guardrail_contextual_grounding_enabled', () => {
  it.each([
    ['#1 compliant: both filters at or above 0.5', grounding()],
    [
      '#2 compliant: both filters explicitly enabled and blocking',
      grounding({ enabled: true, action: 'BLOCK' }, { enabled: true, action: 'BLOCK', threshold: 0.9 }),
    ],
  ])('%s is PASS', (_case, policy) => {
    // Act
    const { evidence, finding } = judgePolicy(policy);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#3 non-compliant: no contextual grounding policy', undefined, 'no GROUNDING filter; no RELEVANCE filter'],
    ['#4 non-compliant: grounding only', { filters: [{ type: 'GROUNDING', threshold: 0.8 }] }, 'no RELEVANCE filter'],
    ['#5 non-compliant: relevance threshold too low', grounding({}, { threshold: 0.2 }), 'RELEVANCE threshold at 0.2'],
    ['#6 non-compliant: grounding turned off', grounding({ enabled: false }), 'GROUNDING filter turned off'],
    ['#7 non-compliant: relevance detect only', grounding({}, { action: 'NONE' }), 'only detecting'],
  ])('%s is FAIL', (_case, policy, words) => {
    // Act
    const { finding } = judgePolicy(policy);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  it('#9 gives INSUFFICIENT_EVIDENCE for a contextual grounding policy that is not an object', () => {
    // Act
    const { finding } = judgePolicy('enabled');
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#8 gives INSUFFICIENT_EVIDENCE for a threshold that is not a number', () => {
    // Act
    const { finding } = judgePolicy(grounding({ threshold: 'high' }));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('GROUNDING threshold');
  });

  describeSharedCases(guardrailSubject(control));
});
