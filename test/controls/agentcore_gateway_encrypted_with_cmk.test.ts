import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/agentcore_gateway_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, findingFor, judge } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject, KEY_ARN } from '../fixtures/supporting.js';

function judgeOne(overrides: Record<string, unknown>) {
  const evidence = agentCoreEvidence('gateway', agentCoreAnswer('gateway', 'claims-tools', overrides));
  const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE.gateway.collector, 1)] });
  return { evidence, finding: findingFor(findings, evidence.record.resource.id) };
}

describe('agentcore_gateway_encrypted_with_cmk', () => {
  it('#1 compliant: a gateway with kmsKeyArn is PASS and names the key', () => {
    const { evidence, finding } = judgeOne({});
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(KEY_ARN);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  // GetGateway leaves kmsKeyArn out for an AWS owned key: its absence is an answer, not a gap.
  it.each([
    ['#2 no kmsKeyArn', { kmsKeyArn: undefined }],
    ['#3 an empty kmsKeyArn', { kmsKeyArn: '' }],
  ])('non-compliant %s is FAIL', (_case, overrides) => {
    const { finding } = judgeOne(overrides);
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'MEDIUM' });
    expect(finding.reason).toContain('claims-tools');
  });

  describeSharedCases(agentCoreSubject(control, 'gateway'));
});
