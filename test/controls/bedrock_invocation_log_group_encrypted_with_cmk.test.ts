import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_invocation_log_group_encrypted_with_cmk.js';
import { CMK_ARN, LOG_GROUP_TYPE, LOG_GROUPS_COLLECTOR, logGroup, logGroupEvidence, logGroupId } from '../fixtures/bedrock-destinations.js';
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

const GROUP = '/acme/bedrock/invocations';

describe('bedrock_invocation_log_group_encrypted_with_cmk', () => {
  it('#1 compliant: a log group with a kmsKeyId is PASS, citing it and naming the key', () => {
    // Prepare
    const evidence = logGroupEvidence(logGroup(GROUP, CMK_ARN));
    // Act
    const findings = judge(control, { evidence: [evidence], coverage: [complete(LOG_GROUPS_COLLECTOR, 1)] });
    // Assess
    const finding = findingFor(findings, logGroupId(GROUP));
    expect(finding).toMatchObject({ status: 'PASS', resource: { type: LOG_GROUP_TYPE } });
    expect(finding.reason).toContain(CMK_ARN);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#2 non-compliant: a log group without a kmsKeyId is FAIL', () => {
    // Prepare
    const group = logGroupEvidence(logGroup(GROUP));
    // Act
    const findings = judge(control, { evidence: [group], coverage: [complete(LOG_GROUPS_COLLECTOR, 1)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findingFor(findings, logGroupId(GROUP))).toMatchObject({ status: 'FAIL', evidence: [digestOf(group)] });
    expect(findings[0]?.reason).toContain(GROUP);
  });

  it('#3 gives INSUFFICIENT_EVIDENCE, not PASS, for a kmsKeyId that is not a string', () => {
    // Act
    const findings = judge(control, {
      evidence: [logGroupEvidence({ ...logGroup(GROUP), kmsKeyId: { arn: CMK_ARN } })],
      coverage: [complete(LOG_GROUPS_COLLECTOR, 1)],
    });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
  });

  it('#4 not applicable: a region without a log group destination (logging off or to S3 only)', () => {
    // Act
    const findings = judge(control, { coverage: [complete(LOG_GROUPS_COLLECTOR, 0)] });
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } }),
    ]);
  });

  it('#5 gives INSUFFICIENT_EVIDENCE for a log group that could not be found or read', () => {
    // Prepare
    const coverage = partial(LOG_GROUPS_COLLECTOR, [throttled('DescribeLogGroups', logGroupId(GROUP))], 0);
    // Act
    const findings = judge(control, { coverage: [coverage] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findingFor(findings, logGroupId(GROUP)).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#6 gives INSUFFICIENT_EVIDENCE when the logging configuration could not be read, or the collector never ran', () => {
    // Act
    const denied = judge(control, { coverage: [failed(LOG_GROUPS_COLLECTOR, accessDenied('GetModelInvocationLoggingConfiguration'))] });
    const notRun = judge(control, { scopes: [OTHER_SCOPE], coverage: [] });
    // Assess
    expect(denied.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
    expect(denied[0]?.reason).toContain('AccessDeniedException');
    expect(notRun.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
  });
});
