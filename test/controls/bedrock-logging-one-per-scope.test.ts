import { describe, expect, it } from 'vitest';
import { control as capturesText } from '../../lib/controls/bedrock_model_invocation_logging_captures_text.js';
import { control as enabled } from '../../lib/controls/bedrock_model_invocation_logging_enabled.js';
import { control as hasDestination } from '../../lib/controls/bedrock_model_invocation_logging_has_destination.js';
import { complete, findingFor, judge, LOGGING_COLLECTOR, loggingSettingId, SCOPE } from '../fixtures/evidence.js';

describe('Bedrock invocation logging controls, a region read without a record', () => {
  it.each([
    ['bedrock_model_invocation_logging_enabled', enabled],
    ['bedrock_model_invocation_logging_has_destination', hasDestination],
    ['bedrock_model_invocation_logging_captures_text', capturesText],
  ])('%s gives INSUFFICIENT_EVIDENCE, not NOT_APPLICABLE: every region has a logging setting', (_id, control) => {
    // Prepare: coverage says the region was read, yet no record of its setting is in the run.
    const coverage = complete(LOGGING_COLLECTOR, 0, SCOPE);
    // Act
    const findings = judge(control, { scopes: [SCOPE], evidence: [], coverage: [coverage] });
    // Assess
    expect(findings).toHaveLength(1);
    const finding = findingFor(findings, loggingSettingId(SCOPE));
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(LOGGING_COLLECTOR);
  });
});
