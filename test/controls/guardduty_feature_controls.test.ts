/** The controls on one GuardDuty protection feature share their logic; each is tested here for its feature. */
import { describe, expect, it } from 'vitest';
import { control as aiProtection } from '../../lib/controls/guardduty_ai_protection_enabled.js';
import { control as lambdaProtection } from '../../lib/controls/guardduty_lambda_protection_enabled.js';
import { control as runtimeMonitoring } from '../../lib/controls/guardduty_runtime_monitoring_enabled.js';
import { control as s3Protection } from '../../lib/controls/guardduty_s3_protection_enabled.js';
import { accessDenied, complete, digestOf, failed, judge, throttled } from '../fixtures/evidence.js';
import { DETECTORS, detectorEvidence, features } from '../fixtures/supporting.js';

describe.each([
  ['guardduty_ai_protection_enabled', aiProtection, 'AI_PROTECTION'],
  ['guardduty_lambda_protection_enabled', lambdaProtection, 'LAMBDA_NETWORK_LOGS'],
  ['guardduty_runtime_monitoring_enabled', runtimeMonitoring, 'RUNTIME_MONITORING'],
  ['guardduty_s3_protection_enabled', s3Protection, 'S3_DATA_EVENTS'],
])('%s', (id, control, feature) => {
  const judgeDetector = (overrides: Record<string, unknown>) => {
    const detector = detectorEvidence(overrides);
    const findings = judge(control, { evidence: [detector], coverage: [complete(DETECTORS, 1)] });
    expect(findings).toHaveLength(1);
    return { detector, finding: findings[0] };
  };

  it(`#1 compliant: ${feature} ENABLED on an enabled detector is PASS and cites the detector`, () => {
    const { detector, finding } = judgeDetector({});
    expect(control.id).toBe(id);
    expect(finding).toMatchObject({ status: 'PASS', evidence: [digestOf(detector)] });
    expect(finding?.reason).toContain(feature);
  });

  it(`#2 non-compliant: ${feature} DISABLED is FAIL`, () => {
    expect(judgeDetector({ Features: features({ [feature]: 'DISABLED' }) }).finding?.status).toBe('FAIL');
  });

  it(`#3 non-compliant: ${feature} missing from the detector's features is FAIL`, () => {
    const without = features().filter((f) => f.Name !== feature);
    expect(judgeDetector({ Features: without }).finding?.status).toBe('FAIL');
  });

  it('#4 non-compliant: the feature is ENABLED but the detector is DISABLED: FAIL', () => {
    const { finding } = judgeDetector({ Status: 'DISABLED' });
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('not enabled');
  });

  it('#5 non-compliant: no detector at all in a region read completely is FAIL', () => {
    expect(judge(control, { coverage: [complete(DETECTORS, 0)] })).toEqual([expect.objectContaining({ status: 'FAIL' })]);
  });

  it('#6 gives INSUFFICIENT_EVIDENCE when GetDetector returned no Features list', () => {
    const { finding } = judgeDetector({ Features: undefined });
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('Features');
  });

  it.each([
    ['denied', failed(DETECTORS, accessDenied('ListDetectors'))],
    ['throttled', failed(DETECTORS, throttled('ListDetectors'))],
  ])('#7 gives INSUFFICIENT_EVIDENCE when the detectors could not be listed (%s)', (_case, coverage) => {
    expect(judge(control, { coverage: [coverage] })).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', evidence: [] })]);
  });

  it('#8 gives INSUFFICIENT_EVIDENCE when the collector did not run', () => {
    expect(judge(control, { coverage: [] })).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE' })]);
  });
});
