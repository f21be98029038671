import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/guardduty_detector_enabled.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, judge, OTHER_SCOPE, SCOPE } from '../fixtures/evidence.js';
import { DETECTORS, detectorEvidence } from '../fixtures/supporting.js';

describe('guardduty_detector_enabled', () => {
  it('#1 compliant: an ENABLED detector is PASS for the region and cites it', () => {
    const detector = detectorEvidence();
    const findings = judge(control, { evidence: [detector], coverage: [complete(DETECTORS, 1)] });
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'PASS',
        resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) },
        evidence: [digestOf(detector)],
      }),
    ]);
  });

  it('#2 non-compliant: a DISABLED detector is FAIL and says so', () => {
    const findings = judge(control, { evidence: [detectorEvidence({ Status: 'DISABLED' })], coverage: [complete(DETECTORS, 1)] });
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', severity: 'HIGH' })]);
    expect(findings[0]?.reason).toContain('DISABLED');
  });

  it('#3 non-compliant: a region read completely with no detector is FAIL, not NOT_APPLICABLE', () => {
    const findings = judge(control, { coverage: [complete(DETECTORS, 0)] });
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', evidence: [] })]);
    expect(findings[0]?.reason).toContain('no detector');
  });

  it.each([
    ['the listing was denied', failed(DETECTORS, accessDenied('ListDetectors'))],
    [
      'the detector could not be read',
      {
        ...complete(DETECTORS, 0),
        status: 'PARTIAL' as const,
        errors: [accessDenied('GetDetector', 'arn:aws:guardduty:eu-west-1:111122223333:detector/x')],
      },
    ],
  ])('#4 gives INSUFFICIENT_EVIDENCE, never PASS or FAIL, when %s', (_case, coverage) => {
    const findings = judge(control, { coverage: [coverage] });
    expect(findings).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE' })]);
    expect(findings[0]?.reason).toContain('AccessDeniedException');
  });

  it('#5 gives INSUFFICIENT_EVIDENCE for a scope where the collector never ran, and judges the others', () => {
    const findings = judge(control, { scopes: [SCOPE, OTHER_SCOPE], evidence: [detectorEvidence()], coverage: [complete(DETECTORS, 1)] });
    expect(findings.map((f) => `${f.accountId} ${f.status}`).sort()).toEqual([
      `${SCOPE.accountId} PASS`,
      `${OTHER_SCOPE.accountId} INSUFFICIENT_EVIDENCE`,
    ]);
  });
});
