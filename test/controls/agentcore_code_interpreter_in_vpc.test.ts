import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/agentcore_code_interpreter_in_vpc.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, findingFor, judge } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject } from '../fixtures/supporting.js';

function judgeOne(overrides: Record<string, unknown>) {
  const evidence = agentCoreEvidence('code-interpreter', agentCoreAnswer('code-interpreter', 'fraud-analytics-sandbox', overrides));
  const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE['code-interpreter'].collector, 1)] });
  return findingFor(findings, evidence.record.resource.id);
}

describe('agentcore_code_interpreter_in_vpc', () => {
  it('#1 compliant: VPC mode is PASS', () => {
    expect(judgeOne({}).status).toBe('PASS');
  });

  it.each(['PUBLIC', 'SANDBOX'])('#2 non-compliant: %s mode is FAIL and named', (networkMode) => {
    const finding = judgeOne({ networkConfiguration: { networkMode } });
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(networkMode);
    expect(finding.reason).toContain('fraud-analytics-sandbox');
  });

  it('#3 gives INSUFFICIENT_EVIDENCE when the answer has no network mode', () => {
    expect(judgeOne({ networkConfiguration: undefined }).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeSharedCases(agentCoreSubject(control, 'code-interpreter'));
});
