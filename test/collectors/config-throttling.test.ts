/**
 * Throttling that recovers, through the SDK's own adaptive retry: real AWS Config clients over a
 * fake network (aws-sdk-client-mock would replace `send` and skip the retries).
 */
import { describe, expect, it } from 'vitest';
import { configRecording } from '../../lib/collectors/config-recording.js';
import { FakeHttpHandler, ok } from '../fixtures/fake-http.js';
import { recorder } from '../fixtures/governance.js';
import { fakeHttpContext, jsonThrottled, withVirtualClock } from '../fixtures/governance-http.js';

describe('AWS Config collectors through the SDK adaptive retry', () => {
  it('config.recording ends COMPLETE when throttled reads succeed on a later attempt', async () => {
    // Prepare: the recorder read is throttled twice.
    let recorderCalls = 0;
    const handler = new FakeHttpHandler((request) => {
      switch (request.target) {
        case 'StarlingDoveService.DescribeConfigurationRecorders':
          recorderCalls += 1;
          return recorderCalls <= 2 ? jsonThrottled() : ok({ ConfigurationRecorders: [recorder()] });
        case 'StarlingDoveService.DescribeConfigurationRecorderStatus':
          return ok({
            ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS', lastStartTime: 1_748_736_000 }],
          });
        case 'StarlingDoveService.DescribeDeliveryChannels':
          return ok({ DeliveryChannels: [{ name: 'default', s3BucketName: 'acme-config-history' }] });
        default:
          return ok({
            DeliveryChannelsStatus: [
              { name: 'default', configHistoryDeliveryInfo: { lastStatus: 'SUCCESS', lastAttemptTime: 1_748_736_000 } },
            ],
          });
      }
    });
    // Act
    const result = await withVirtualClock(() => configRecording.collect(fakeHttpContext(handler)));
    // Assess
    expect(recorderCalls).toBe(3);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 4, errors: [] });
  });
});
