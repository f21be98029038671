import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/agentcore_runtime_in_vpc.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, findingFor, judge, SCOPE } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject } from '../fixtures/supporting.js';

function judgeOne(overrides: Record<string, unknown>) {
  const evidence = agentCoreEvidence('runtime', agentCoreAnswer('runtime', 'claims-triage-agent', overrides));
  const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE.runtime.collector, 1)] });
  expect(findings).toHaveLength(1);
  return { evidence, finding: findingFor(findings, evidence.record.resource.id) };
}

describe('agentcore_runtime_in_vpc', () => {
  it('#1 compliant: a runtime in VPC network mode is PASS and cites its record', () => {
    const { evidence, finding } = judgeOne({});
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('claims-triage-agent');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#2 non-compliant: a runtime in PUBLIC network mode is FAIL', () => {
    const { finding } = judgeOne({ networkConfiguration: { networkMode: 'PUBLIC' } });
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    expect(finding.reason).toContain('PUBLIC');
  });

  it.each([
    ['no networkConfiguration', { networkConfiguration: undefined }],
    ['a networkConfiguration without networkMode', { networkConfiguration: {} }],
  ])('#3 gives INSUFFICIENT_EVIDENCE, not PASS, for an answer with %s', (_case, overrides) => {
    const { finding } = judgeOne(overrides);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('networkConfiguration.networkMode');
  });

  it('#4 gives INSUFFICIENT_EVIDENCE for a network mode it does not know', () => {
    expect(judgeOne({ networkConfiguration: { networkMode: 'HYBRID' } }).finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#5 not applicable: a region read completely without runtimes', () => {
    const findings = judge(control, { coverage: [complete(AGENTCORE.runtime.collector, 0)] });
    expect(findings).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } }),
    ]);
  });

  describeSharedCases(agentCoreSubject(control, 'runtime'));
});
