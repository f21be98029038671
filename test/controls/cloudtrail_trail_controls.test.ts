import { describe, expect, it } from 'vitest';
import { control as cloudwatch } from '../../lib/controls/cloudtrail_trail_cloudwatch_logs_enabled.js';
import { control as kms } from '../../lib/controls/cloudtrail_trail_encrypted_with_kms.js';
import { control as validation } from '../../lib/controls/cloudtrail_trail_log_file_validation_enabled.js';
import type { Control } from '../../lib/controls/types.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import {
  accessDenied,
  complete,
  digestOf,
  failed,
  findingFor,
  judge,
  OTHER_SCOPE,
  partial,
  SCOPE,
  throttled,
} from '../fixtures/evidence.js';
import { TRAILS, trail, trailArn, trailEvidence } from '../fixtures/governance.js';

function judgeOne(control: Control, overrides: Record<string, unknown>, name = 'org-trail') {
  const evidence = trailEvidence(trail(name, overrides));
  const findings = judge(control, { evidence, coverage: [complete(TRAILS, evidence.length)] });
  expect(findings).toHaveLength(1);
  return { finding: findingFor(findings, trailArn(name)), evidence };
}

const CASES: [
  string,
  Control,
  string,
  { pass: Record<string, unknown>; fail: Record<string, unknown>[]; missing?: Record<string, unknown> },
][] = [
  [
    'cloudtrail_trail_log_file_validation_enabled',
    validation,
    'LogFileValidationEnabled',
    { pass: {}, fail: [{ LogFileValidationEnabled: false }], missing: { LogFileValidationEnabled: undefined } },
  ],
  ['cloudtrail_trail_encrypted_with_kms', kms, 'KmsKeyId', { pass: {}, fail: [{ KmsKeyId: undefined }, { KmsKeyId: ' ' }] }],
  [
    'cloudtrail_trail_cloudwatch_logs_enabled',
    cloudwatch,
    'CloudWatchLogsLogGroupArn',
    { pass: {}, fail: [{ CloudWatchLogsLogGroupArn: undefined, CloudWatchLogsRoleArn: undefined }] },
  ],
];

describe.each(CASES)('%s', (id, control, field, cases) => {
  it('#1 compliant: a trail with the setting is PASS, citing its DescribeTrails record only', () => {
    const { finding, evidence } = judgeOne(control, cases.pass);
    expect(finding.controlId).toBe(id);
    expect(finding.status).toBe('PASS');
    expect(finding.evidence).toEqual([digestOf(evidence[0] as (typeof evidence)[number])]);
  });

  it.each(cases.fail.map((f, i) => [i + 2, f] as const))('#%i non-compliant: is FAIL and names the trail', (_n, overrides) => {
    const { finding } = judgeOne(control, overrides, 'claims-audit');
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('claims-audit');
  });

  if (cases.missing !== undefined) {
    const missing = cases.missing;
    it(`insufficient: an entry without ${field} is INSUFFICIENT_EVIDENCE naming the field`, () => {
      const { finding } = judgeOne(control, missing);
      expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
      expect(finding.reason).toContain(field);
    });
  }

  it('judges a multi-region trail once, in its home region, not where it is a shadow', () => {
    const shadow = trail('org-trail', { HomeRegion: 'us-east-1', LogFileValidationEnabled: false, KmsKeyId: undefined });
    const evidence = trailEvidence(shadow);
    const findings = judge(control, { evidence, coverage: [complete(TRAILS, evidence.length)] });
    expect(findings).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: expect.objectContaining({ id: regionResourceId(SCOPE) }) }),
    ]);
  });

  it('does not judge an organization trail owned by another account', () => {
    const orgTrail = trail('org-trail', {
      TrailARN: `arn:aws:cloudtrail:${SCOPE.region}:999900001111:trail/org-trail`,
      IsOrganizationTrail: true,
    });
    const findings = judge(control, { evidence: trailEvidence(orgTrail), coverage: [complete(TRAILS, 3)] });
    expect(findings.map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  it('is not blocked by a failed status read, which it does not rest on', () => {
    const evidence = trailEvidence(trail('org-trail'), { status: null });
    const findings = judge(control, { evidence, coverage: [partial(TRAILS, [accessDenied('GetTrailStatus', trailArn('org-trail'))], 2)] });
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
  });

  it('is not blocked when the status or selectors reads failed as a whole, which it does not rest on', () => {
    const evidence = trailEvidence(trail('org-trail'), { status: null, selectors: null });
    const coverage = {
      ...failed(TRAILS, accessDenied('GetTrailStatus'), 1),
      errors: [accessDenied('GetTrailStatus'), accessDenied('GetEventSelectors')],
    };
    const findings = judge(control, { evidence, coverage: [coverage] });
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
  });

  it('judges the trail but gives INSUFFICIENT_EVIDENCE for the scope when the collector met an error it cannot place', () => {
    const evidence = trailEvidence(trail('org-trail'));
    const error = { ...accessDenied('AssumeRole'), code: 'AccessDenied' };
    const findings = judge(control, { evidence, coverage: [failed(TRAILS, error, 3)] });
    expect(findingFor(findings, trailArn('org-trail')).status).toBe('PASS');
    const scope = findingFor(findings, regionResourceId(SCOPE));
    expect(scope.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(scope.reason).toContain('AssumeRole failed with AccessDenied');
  });

  it.each([
    ['denied', accessDenied('DescribeTrails')],
    ['throttled', throttled('DescribeTrails')],
  ])('gives INSUFFICIENT_EVIDENCE for the scope when the listing was %s', (_why, error) => {
    const findings = judge(control, { coverage: [failed(TRAILS, error)] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE', evidence: [] });
    expect(findings[0]?.reason).toContain(error.code);
  });

  it('gives INSUFFICIENT_EVIDENCE where the collector did not run, and judges the other scope', () => {
    const evidence = trailEvidence(trail('org-trail'));
    const findings = judge(control, { scopes: [SCOPE, OTHER_SCOPE], evidence, coverage: [complete(TRAILS, 3)] });
    expect(findingFor(findings, regionResourceId(OTHER_SCOPE)).status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findingFor(findings, trailArn('org-trail')).status).toBe('PASS');
  });
});
