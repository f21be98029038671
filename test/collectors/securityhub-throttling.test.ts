/** Throttling that recovers, through the SDK's adaptive retry: a real Security Hub client (restJson1) over a fake network. */
import { describe, expect, it } from 'vitest';
import { securityhubHub } from '../../lib/collectors/securityhub-hub.js';
import { SCOPE } from '../fixtures/evidence.js';
import { FakeHttpHandler, ok, restThrottling } from '../fixtures/fake-http.js';
import { fakeHttpContext, withVirtualClock } from '../fixtures/governance-http.js';

describe('securityhub.hub through the SDK adaptive retry', () => {
  it('ends COMPLETE when a throttled standards listing succeeds on a later attempt', async () => {
    // Prepare
    let standardsCalls = 0;
    const handler = new FakeHttpHandler((request) => {
      if (request.path === '/accounts') return ok({ HubArn: `arn:aws:securityhub:${SCOPE.region}:${SCOPE.accountId}:hub/default` });
      standardsCalls += 1;
      if (standardsCalls === 1) return restThrottling();
      return ok({
        StandardsSubscriptions: [
          {
            StandardsSubscriptionArn: `arn:aws:securityhub:${SCOPE.region}:${SCOPE.accountId}:subscription/ai-security-best-practices/v/1.0.0`,
            StandardsArn: `arn:aws:securityhub:${SCOPE.region}::standards/ai-security-best-practices/v/1.0.0`,
            StandardsInput: {},
            StandardsStatus: 'READY',
          },
        ],
      });
    });
    // Act
    const result = await withVirtualClock(() => securityhubHub.collect(fakeHttpContext(handler)));
    // Assess
    expect(standardsCalls).toBe(2);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
  });
});
