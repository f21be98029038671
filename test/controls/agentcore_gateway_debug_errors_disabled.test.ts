import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/agentcore_gateway_debug_errors_disabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, findingFor, judge } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject } from '../fixtures/supporting.js';

function judgeOne(overrides: Record<string, unknown>) {
  const evidence = agentCoreEvidence('gateway', agentCoreAnswer('gateway', 'support-tools', overrides));
  const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE.gateway.collector, 1)] });
  return { evidence, finding: findingFor(findings, evidence.record.resource.id) };
}

describe('agentcore_gateway_debug_errors_disabled', () => {
  it('#1 compliant: no exceptionLevel (generic errors) is PASS and cites the gateway', () => {
    const { evidence, finding } = judgeOne({});
    expect(finding).toMatchObject({ status: 'PASS', evidence: [digestOf(evidence)] });
  });

  it('#2 non-compliant: exceptionLevel DEBUG is FAIL and names the gateway', () => {
    const { finding } = judgeOne({ exceptionLevel: 'DEBUG' });
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'LOW' });
    expect(finding.reason).toContain('support-tools');
  });

  it('#3 gives INSUFFICIENT_EVIDENCE for a level it does not know', () => {
    expect(judgeOne({ exceptionLevel: 'TRACE' }).finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeSharedCases(agentCoreSubject(control, 'gateway'));
});
