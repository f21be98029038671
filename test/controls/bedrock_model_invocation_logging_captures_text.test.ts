import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_model_invocation_logging_captures_text.js';
import { describeSharedCases, judgeLoggingSetting, loggingSubject } from '../fixtures/control-cases.js';
import { digestOf, fullLoggingConfig, SCOPE } from '../fixtures/evidence.js';

describe('bedrock_model_invocation_logging_captures_text', () => {
  it('#1 compliant: logging with text data delivery on is PASS, citing its record', () => {
    // Act
    const { evidence, finding } = judgeLoggingSetting(control, { loggingConfig: fullLoggingConfig({ textDataDeliveryEnabled: true }) });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#2 non-compliant: logging with text data delivery off is FAIL, naming account and region', () => {
    // Act
    const { evidence, finding } = judgeLoggingSetting(control, { loggingConfig: fullLoggingConfig({ textDataDeliveryEnabled: false }) });
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('MEDIUM');
    expect(finding.reason).toContain(SCOPE.accountId);
    expect(finding.reason).toContain(SCOPE.region);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#3 non-compliant: a configuration that does not say text delivery is on is FAIL, not PASS', () => {
    // Act: the API leaves the flag out when it was never set, and then no text is delivered.
    const { finding } = judgeLoggingSetting(control, { loggingConfig: fullLoggingConfig({ textDataDeliveryEnabled: undefined }) });
    // Assess
    expect(finding.status).toBe('FAIL');
  });

  it('#4 non-compliant: only image and embedding delivery on is FAIL', () => {
    // Act
    const { finding } = judgeLoggingSetting(control, {
      loggingConfig: fullLoggingConfig({
        textDataDeliveryEnabled: false,
        imageDataDeliveryEnabled: true,
        embeddingDataDeliveryEnabled: true,
      }),
    });
    // Assess
    expect(finding.status).toBe('FAIL');
  });

  it('#5 not applicable: with logging turned off there is no text delivery to judge', () => {
    // Act
    const { evidence, finding } = judgeLoggingSetting(control, {});
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  describeSharedCases(loggingSubject(control));
});
