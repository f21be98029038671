/**
 * Throttling that recovers through the SDK's own adaptive retry, for bedrock.invocation-log-groups.
 * No aws-sdk-client-mock here: it would replace `send` and skip the retry middleware.
 */
import { describe, expect, it } from 'vitest';
import { bedrockInvocationLogGroups } from '../../lib/collectors/bedrock-invocation-log-destinations.js';
import { logGroup, logGroupId } from '../fixtures/bedrock-destinations.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { FakeHttpHandler, jsonThrottling, ok, restThrottling } from '../fixtures/fake-http.js';

const GROUP = '/acme/bedrock/invocations';

describe('bedrock.invocation-log-groups collector through the SDK retry', () => {
  it('ends COMPLETE with the log group when the Bedrock and the CloudWatch Logs reads are each throttled once', async () => {
    // Prepare: every distinct request is throttled the first time it is made.
    const seenOnce = new Set<string>();
    const handler = new FakeHttpHandler((request) => {
      const key = `${request.method} ${request.path} ${request.target ?? ''}`;
      const first = !seenOnce.has(key);
      seenOnce.add(key);
      if (request.target === 'Logs_20140328.DescribeLogGroups') {
        return first ? jsonThrottling() : ok({ logGroups: [logGroup(GROUP)] });
      }
      return first
        ? restThrottling()
        : ok({ loggingConfig: { cloudWatchConfig: { logGroupName: GROUP, roleArn: 'arn:aws:iam::111122223333:role/bedrock-logging' } } });
    });
    // Act
    const { value: result } = await inVirtualTime(() => bedrockInvocationLogGroups.collect(fakeHttpContext(handler)));
    // Assess
    expect(handler.seen).toHaveLength(4);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]?.resource.id).toBe(logGroupId(GROUP));
    expect(result.records[0]?.data).toMatchObject({ logGroupName: GROUP });
    expect(result.records[0]?.data).not.toHaveProperty('kmsKeyId');
  });
});
