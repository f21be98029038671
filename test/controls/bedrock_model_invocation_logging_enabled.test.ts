import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_model_invocation_logging_enabled.js';
import { describeSharedCases, judgeLoggingSetting, loggingSubject } from '../fixtures/control-cases.js';
import {
  complete,
  digestOf,
  findingFor,
  fullLoggingConfig,
  judge,
  LOGGING_COLLECTOR,
  LOGGING_TYPE,
  loggingEvidence,
  loggingSettingId,
  OTHER_SCOPE,
  SCOPE,
} from '../fixtures/evidence.js';

describe('bedrock_model_invocation_logging_enabled', () => {
  it.each([
    ['#1 compliant: logging to S3 only', { loggingConfig: fullLoggingConfig({ cloudWatchConfig: undefined }) }],
    ['#2 compliant: logging to CloudWatch Logs only', { loggingConfig: fullLoggingConfig({ s3Config: undefined }) }],
    ['#3 compliant: logging to both', { loggingConfig: fullLoggingConfig() }],
  ])('%s is PASS for the region, citing its record', (_case, output) => {
    // Act
    const { evidence, finding } = judgeLoggingSetting(control, output);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.resource).toEqual({ type: LOGGING_TYPE, id: loggingSettingId(SCOPE) });
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#4 non-compliant: marks a region whose answer has no loggingConfig as FAIL, naming account and region', () => {
    // Act: GetModelInvocationLoggingConfiguration answers {} when logging was never turned on.
    const { evidence, finding } = judgeLoggingSetting(control, {});
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('HIGH');
    expect(finding.reason).toContain(SCOPE.accountId);
    expect(finding.reason).toContain(SCOPE.region);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#5 non-compliant: a loggingConfig that is not an object is not taken as enabled', () => {
    // Act
    const { finding } = judgeLoggingSetting(control, { loggingConfig: null });
    // Assess
    expect(finding.status).toBe('FAIL');
  });

  it('#6 mixed: judges each region on its own setting', () => {
    // Prepare
    const on = loggingEvidence({ loggingConfig: fullLoggingConfig() }, SCOPE);
    const off = loggingEvidence({}, OTHER_SCOPE);
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [on, off],
      coverage: [complete(LOGGING_COLLECTOR, 1, SCOPE), complete(LOGGING_COLLECTOR, 1, OTHER_SCOPE)],
    });
    // Assess
    expect(findingFor(findings, loggingSettingId(SCOPE)).status).toBe('PASS');
    expect(findingFor(findings, loggingSettingId(OTHER_SCOPE)).status).toBe('FAIL');
  });

  describeSharedCases(loggingSubject(control));
});
