import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_guardrail_sensitive_information_filter_effective.js';
import { describedGuardrail, GUARDRAIL_COLLECTOR, guardrailEvidence, guardrailSubject, judgeOne } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { digestOf } from '../fixtures/evidence.js';

const judgePolicy = (policy: unknown) => {
  const evidence = guardrailEvidence(describedGuardrail('gr-pii', { sensitiveInformationPolicy: policy }));
  return { evidence, finding: judgeOne(control, GUARDRAIL_COLLECTOR, evidence) };
};

describe('bedrock_guardrail_sensitive_information_filter_effective', () => {
  it.each([
    [
      '#1 compliant: one entity masked',
      {
        piiEntities: [
          { type: 'EMAIL', action: 'ANONYMIZE' },
          { type: 'NAME', action: 'NONE' },
        ],
      },
      'EMAIL',
    ],
    [
      '#2 compliant: a regex that blocks',
      { piiEntities: [], regexes: [{ name: 'PolicyNumber', pattern: 'POL-[0-9]{8}', action: 'BLOCK' }] },
      'PolicyNumber',
    ],
    [
      '#3 compliant: action NONE overall, but BLOCK on output',
      { piiEntities: [{ type: 'PHONE', action: 'NONE', inputAction: 'NONE', outputAction: 'BLOCK' }] },
      'PHONE',
    ],
  ])('%s is PASS and names what acts', (_case, policy, name) => {
    // Act
    const { evidence, finding } = judgePolicy(policy);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(name);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#4 non-compliant: no sensitive information policy', undefined, 'no sensitive information'],
    [
      '#5 non-compliant: every entity NONE (detect only)',
      {
        piiEntities: [
          { type: 'EMAIL', action: 'NONE' },
          { type: 'PHONE', action: 'NONE' },
        ],
      },
      'all set to NONE',
    ],
    [
      '#6 non-compliant: BLOCK but disabled on both sides',
      { piiEntities: [{ type: 'EMAIL', action: 'BLOCK', inputEnabled: false, outputEnabled: false }] },
      'all set to NONE or disabled',
    ],
    ['#7 non-compliant: an empty policy', { piiEntities: [], regexes: [] }, 'no PII type'],
  ])('%s is FAIL', (_case, policy, words) => {
    // Act
    const { finding } = judgePolicy(policy);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('HIGH');
    expect(finding.reason).toContain(words);
  });

  it('#8 gives INSUFFICIENT_EVIDENCE, not FAIL or PASS, for piiEntities that are not a list', () => {
    // Act
    const { finding } = judgePolicy({ piiEntities: 'EMAIL' });
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('piiEntities');
  });

  describeSharedCases(guardrailSubject(control));
});
