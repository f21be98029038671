import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_model_invocation_logging_has_destination.js';
import { describeSharedCases, judgeLoggingSetting, loggingSubject } from '../fixtures/control-cases.js';
import { digestOf, fullLoggingConfig } from '../fixtures/evidence.js';

const BUCKET = { bucketName: 'acme-bedrock-logs', keyPrefix: 'invocations/' };
const LOG_GROUP = { logGroupName: '/acme/bedrock/invocations', roleArn: 'arn:aws:iam::111122223333:role/bedrock-logging' };

describe('bedrock_model_invocation_logging_has_destination', () => {
  it('#1 compliant: logs delivered to an S3 bucket are PASS, and the reason names the bucket', () => {
    // Act
    const { evidence, finding } = judgeLoggingSetting(control, {
      loggingConfig: fullLoggingConfig({ s3Config: BUCKET, cloudWatchConfig: undefined }),
    });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('acme-bedrock-logs');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#2 compliant: logs delivered to a CloudWatch Logs group are PASS, and the reason names the group', () => {
    // Act
    const { finding } = judgeLoggingSetting(control, {
      loggingConfig: fullLoggingConfig({ s3Config: undefined, cloudWatchConfig: LOG_GROUP }),
    });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('/acme/bedrock/invocations');
  });

  it('#3 compliant: logs delivered to both destinations are PASS, naming both', () => {
    // Act
    const { finding } = judgeLoggingSetting(control, {
      loggingConfig: fullLoggingConfig({ s3Config: BUCKET, cloudWatchConfig: LOG_GROUP }),
    });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('acme-bedrock-logs');
    expect(finding.reason).toContain('/acme/bedrock/invocations');
  });

  it.each([
    ['#4 non-compliant: neither s3Config nor cloudWatchConfig', { s3Config: undefined, cloudWatchConfig: undefined }],
    [
      '#5 non-compliant: an empty bucket name and an empty log group name',
      { s3Config: { bucketName: '' }, cloudWatchConfig: { logGroupName: '' } },
    ],
    [
      '#6 non-compliant: destination blocks without their names',
      { s3Config: { keyPrefix: 'x/' }, cloudWatchConfig: { roleArn: LOG_GROUP.roleArn } },
    ],
  ])('%s is FAIL', (_case, overrides) => {
    // Act
    const { evidence, finding } = judgeLoggingSetting(control, { loggingConfig: fullLoggingConfig(overrides) });
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('MEDIUM');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#7 not applicable: with logging turned off there is no destination to judge (the enabled control fails it)', () => {
    // Act
    const { evidence, finding } = judgeLoggingSetting(control, {});
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  describeSharedCases(loggingSubject(control));
});
