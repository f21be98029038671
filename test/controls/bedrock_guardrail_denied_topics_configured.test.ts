import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_guardrail_denied_topics_configured.js';
import { describedGuardrail, GUARDRAIL_COLLECTOR, guardrailEvidence, guardrailSubject, judgeOne } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { digestOf } from '../fixtures/evidence.js';

const topic = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  definition: `About ${name}.`,
  type: 'DENY',
  ...overrides,
});
const judgeTopics = (topicPolicy: unknown) => {
  const evidence = guardrailEvidence(describedGuardrail('gr-topics', { topicPolicy }));
  return { evidence, finding: judgeOne(control, GUARDRAIL_COLLECTOR, evidence) };
};

describe('bedrock_guardrail_denied_topics_configured', () => {
  it.each([
    ['#1 compliant: a topic with the default actions', { topics: [topic('MedicalAdvice')] }],
    ['#2 compliant: a topic blocked on output only', { topics: [topic('MedicalAdvice', { inputAction: 'NONE', outputAction: 'BLOCK' })] }],
  ])('%s is PASS and names the topic', (_case, policy) => {
    // Act
    const { evidence, finding } = judgeTopics(policy);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('MedicalAdvice');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#3 non-compliant: no topic policy', undefined, 'denies no topic'],
    ['#4 non-compliant: an empty topic list', { topics: [] }, 'denies no topic'],
    [
      '#5 non-compliant: topics that only detect',
      {
        topics: [
          topic('Crypto', { inputAction: 'NONE', outputAction: 'NONE' }),
          topic('Stocks', { inputEnabled: false, outputEnabled: false }),
        ],
      },
      'blocks none',
    ],
  ])('%s is FAIL', (_case, policy, words) => {
    // Act
    const { finding } = judgeTopics(policy);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  it('#6 gives INSUFFICIENT_EVIDENCE for topics that are not a list of objects', () => {
    // Act
    const { finding } = judgeTopics({ topics: ['MedicalAdvice'] });
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeSharedCases(guardrailSubject(control));
});
