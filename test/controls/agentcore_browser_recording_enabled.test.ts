import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/agentcore_browser_recording_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, findingFor, judge } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject } from '../fixtures/supporting.js';

function judgeOne(overrides: Record<string, unknown>) {
  const evidence = agentCoreEvidence('browser', agentCoreAnswer('browser', 'claims-web-research', overrides));
  const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE.browser.collector, 1)] });
  return findingFor(findings, evidence.record.resource.id);
}

describe('agentcore_browser_recording_enabled', () => {
  it('#1 compliant: recording enabled to a bucket is PASS and names the destination', () => {
    const finding = judgeOne({});
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('s3://agent-browser-recordings-111122223333/claims-web-research/');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['#2 no recording configured', { recording: undefined }, 'does not record'],
    ['#3 recording disabled', { recording: { enabled: false, s3Location: { bucket: 'b', prefix: 'p' } } }, 'does not record'],
    ['#4 recording enabled without a bucket', { recording: { enabled: true } }, 'no S3 bucket'],
  ])('non-compliant %s is FAIL', (_case, overrides, words) => {
    const finding = judgeOne(overrides);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  describeSharedCases(agentCoreSubject(control, 'browser'));
});
