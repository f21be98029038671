import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_guardrail_configured_in_region.js';
import { describedGuardrail, GUARDRAIL_COLLECTOR, guardrailEvidence } from '../fixtures/bedrock.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, judge, OTHER_SCOPE, partial, SCOPE, throttled } from '../fixtures/evidence.js';

const judgeScope = (guardrails: ReturnType<typeof guardrailEvidence>[]) => {
  const findings = judge(control, { evidence: guardrails, coverage: [complete(GUARDRAIL_COLLECTOR, guardrails.length)] });
  expect(findings).toHaveLength(1);
  return findings[0];
};

describe('bedrock_guardrail_configured_in_region', () => {
  it('#1 compliant: a READY guardrail is PASS for the region, citing it and not the others', () => {
    // Prepare
    const ready = guardrailEvidence(describedGuardrail('gr-ready'));
    const creating = guardrailEvidence(describedGuardrail('gr-new', { status: 'CREATING' }));
    // Act
    const finding = judgeScope([ready, creating]);
    // Assess
    expect(finding).toMatchObject({ status: 'PASS', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } });
    expect(finding?.reason).toContain('guardrail-gr-ready');
    expect(finding?.evidence).toEqual([digestOf(ready)]);
  });

  it('#2 non-compliant: a region read completely without guardrails is FAIL', () => {
    // Act
    const finding = judgeScope([]);
    // Assess
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('has no guardrail');
    expect(finding?.evidence).toEqual([]);
  });

  it('#3 non-compliant: guardrails of which none is READY are FAIL', () => {
    // Act
    const finding = judgeScope([guardrailEvidence(describedGuardrail('gr-broken', { status: 'FAILED' }))]);
    // Assess
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('none of them in the READY state');
  });

  it.each([
    ['the listing was denied', failed(GUARDRAIL_COLLECTOR, accessDenied('ListGuardrails'))],
    [
      'one guardrail could not be read',
      partial(GUARDRAIL_COLLECTOR, [throttled('GetGuardrail', 'arn:aws:bedrock:eu-west-1:111122223333:guardrail/x')], 0),
    ],
  ])('#4 gives INSUFFICIENT_EVIDENCE, never FAIL on an absence it cannot prove, when %s', (_case, coverage) => {
    // Act
    const findings = judge(control, { coverage: [coverage] });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
  });

  it('#5 gives INSUFFICIENT_EVIDENCE for a region where the collector never ran, and judges the others', () => {
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [guardrailEvidence(describedGuardrail('gr-ready'))],
      coverage: [complete(GUARDRAIL_COLLECTOR, 1)],
    });
    // Assess
    expect(findings.map((f) => [f.accountId, f.status])).toEqual([
      [SCOPE.accountId, 'PASS'],
      [OTHER_SCOPE.accountId, 'INSUFFICIENT_EVIDENCE'],
    ]);
  });
});
