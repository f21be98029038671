import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/macie_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, findingFor, judge, SCOPE } from '../fixtures/evidence.js';
import { MACIE_SESSION, macieSessionEvidence, macieSessionId } from '../fixtures/supporting.js';

function judgeSession(data: Record<string, unknown>) {
  const evidence = macieSessionEvidence(data);
  const findings = judge(control, { evidence: [evidence], coverage: [complete(MACIE_SESSION, 1)] });
  expect(findings).toHaveLength(1);
  return { evidence, finding: findingFor(findings, macieSessionId(SCOPE)) };
}

describe('macie_enabled', () => {
  it('#1 compliant: status ENABLED is PASS and cites the session', () => {
    const { evidence, finding } = judgeSession({ status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(finding).toMatchObject({ status: 'PASS', evidence: [digestOf(evidence)] });
  });

  it('#2 non-compliant: status PAUSED is FAIL', () => {
    const { finding } = judgeSession({ status: 'PAUSED' });
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('PAUSED');
  });

  it('#3 non-compliant: Macie answered "Macie is not enabled" (kept as the record) is FAIL', () => {
    const { finding } = judgeSession({ error: { code: 'AccessDeniedException', message: 'Macie is not enabled.' } });
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('not enabled');
  });

  it('#4 gives INSUFFICIENT_EVIDENCE for an answer without status', () => {
    expect(judgeSession({ createdAt: '2026-01-01T00:00:00.000Z' }).finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#5 gives INSUFFICIENT_EVIDENCE for a region read without any record', () => {
    expect(judge(control, { coverage: [complete(MACIE_SESSION, 0)] })).toEqual([
      expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE' }),
    ]);
  });

  describeSharedCases({
    control,
    collector: MACIE_SESSION,
    resourceType: 'AWS::Macie::Session',
    listOperation: 'GetMacieSession',
    compliant: (scope) => macieSessionEvidence({ status: 'ENABLED' }, scope),
    scopeResourceId: macieSessionId,
  });
});
