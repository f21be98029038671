import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_agent_idle_session_ttl_limited.js';
import { AGENT_COLLECTOR, agentEvidence, agentSubject, describedAgent, judgeOne } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { digestOf } from '../fixtures/evidence.js';

const judgeTtl = (ttl: unknown) => {
  const evidence = agentEvidence(describedAgent('CLAIMSBOT1', { idleSessionTTLInSeconds: ttl }));
  return { evidence, finding: judgeOne(control, AGENT_COLLECTOR, evidence) };
};

describe('bedrock_agent_idle_session_ttl_limited', () => {
  it.each([
    ['#1 compliant: the 600 second default', 600],
    ['#2 compliant: exactly 1800 seconds', 1800],
  ])('%s is PASS', (_case, ttl) => {
    // Act
    const { evidence, finding } = judgeTtl(ttl);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(String(ttl));
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#3 non-compliant: 1801 seconds', 1801],
    ['#4 non-compliant: the 3600 second maximum', 3600],
  ])('%s is FAIL', (_case, ttl) => {
    // Act
    const { finding } = judgeTtl(ttl);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(`${ttl} seconds`);
    expect(finding.reason).toContain('agent-CLAIMSBOT1');
  });

  it.each([
    ['#5 a missing idleSessionTTLInSeconds (the API always returns it)', undefined, 'idleSessionTTLInSeconds'],
    ['#6 a TTL that is not a number', '600', 'idleSessionTTLInSeconds'],
  ])('gives INSUFFICIENT_EVIDENCE, not PASS, for %s', (_case, ttl, words) => {
    // Act
    const { finding } = judgeTtl(ttl);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(words);
  });

  describeSharedCases(agentSubject(control));
});
