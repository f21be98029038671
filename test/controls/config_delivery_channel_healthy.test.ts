import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/config_delivery_channel_healthy.js';
import { complete, judge } from '../fixtures/evidence.js';
import { channelStatus, channelStatusEvidence, channelsEvidence, healthyRecording, RECORDING } from '../fixtures/governance.js';
import { describeScopeCases } from '../fixtures/governance-cases.js';

function judgeChannels(channels: Record<string, unknown>[], statuses: Record<string, unknown>[]) {
  const findings = judge(control, {
    evidence: [channelsEvidence(channels), channelStatusEvidence(statuses)],
    coverage: [complete(RECORDING, 2)],
  });
  expect(findings).toHaveLength(1);
  return findings[0];
}

const CHANNEL = { name: 'default', s3BucketName: 'acme-config-history' };

describe('config_delivery_channel_healthy', () => {
  it('#1 compliant: a channel to S3 whose deliveries succeed is PASS', () => {
    const finding = judgeChannels([CHANNEL], [channelStatus()]);
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toContain('default');
  });

  it('#2 non-compliant: no delivery channel is FAIL', () => {
    expect(judgeChannels([], [])?.status).toBe('FAIL');
  });

  it('#3 non-compliant: a failed history delivery is FAIL with its error code', () => {
    const finding = judgeChannels(
      [CHANNEL],
      [channelStatus('default', { configHistoryDeliveryInfo: { lastStatus: 'FAILURE', lastErrorCode: 'AccessDenied' } })],
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('history delivery (AccessDenied)');
  });

  it('#4 non-compliant: a channel without a bucket is FAIL', () => {
    const finding = judgeChannels([{ name: 'default' }], [channelStatus()]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('names no S3 bucket');
  });

  it('#5 insufficient: a channel without a status entry is INSUFFICIENT_EVIDENCE', () => {
    const finding = judgeChannels([CHANNEL], []);
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('default');
  });

  describeScopeCases({
    control,
    collectors: [RECORDING],
    blockingOperation: { collector: RECORDING, operation: 'DescribeDeliveryChannelStatus' },
    unrelatedOperation: { collector: RECORDING, operation: 'DescribeConfigurationRecorderStatus' },
    passing: (scope) => healthyRecording(scope),
  });
});
