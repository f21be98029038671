import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/agentcore_browser_not_public.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, findingFor, judge } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject } from '../fixtures/supporting.js';

function judgeOne(overrides: Record<string, unknown>) {
  const evidence = agentCoreEvidence('browser', agentCoreAnswer('browser', 'claims-web-research', overrides));
  const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE.browser.collector, 1)] });
  return findingFor(findings, evidence.record.resource.id);
}

describe('agentcore_browser_not_public', () => {
  it('#1 compliant: a browser in VPC mode is PASS', () => {
    expect(judgeOne({}).status).toBe('PASS');
  });

  it('#2 non-compliant: a browser in PUBLIC mode is FAIL and named', () => {
    const finding = judgeOne({ networkConfiguration: { networkMode: 'PUBLIC' } });
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    expect(finding.reason).toContain('claims-web-research');
  });

  it.each([
    ['#3 no networkConfiguration', { networkConfiguration: undefined }],
    ['#4 an unknown mode', { networkConfiguration: { networkMode: 'SATELLITE' } }],
  ])('%s gives INSUFFICIENT_EVIDENCE', (_case, overrides) => {
    expect(judgeOne(overrides).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeSharedCases(agentCoreSubject(control, 'browser'));
});
