/** Macie collectors through the real SDK client and its adaptive retry, over a fake network. */
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../lib/collectors/clients.js';
import { macieClassificationJobs } from '../../lib/collectors/macie-classification-jobs.js';
import { macieSession } from '../../lib/collectors/macie-session.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { FakeHttpHandler, ok, restThrottling } from '../fixtures/fake-http.js';

describe('Macie collectors through the SDK adaptive retry', () => {
  it('ends COMPLETE when a throttled GetMacieSession succeeds on a later attempt', async () => {
    const handler = new FakeHttpHandler((_request, index) =>
      index < 2 ? restThrottling() : ok({ status: 'ENABLED', findingPublishingFrequency: 'ONE_HOUR' }),
    );
    const { value: result } = await inVirtualTime(() => macieSession.collect(fakeHttpContext(handler)));
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(handler.seen.map((r) => r.attempt)).toEqual([1, 2, 3].map((n) => `attempt=${n}; max=${MAX_ATTEMPTS}`));
  });

  it('follows pages of ListClassificationJobs with throttling between them', async () => {
    const handler = new FakeHttpHandler((request, index) => {
      if (index === 1) return restThrottling();
      const token = (request.body as { nextToken?: string } | undefined)?.nextToken;
      return token === undefined
        ? ok({ items: [{ jobId: 'j1', jobType: 'SCHEDULED', jobStatus: 'IDLE' }], nextToken: 't1' })
        : ok({ items: [{ jobId: 'j2', jobType: 'ONE_TIME', jobStatus: 'COMPLETE' }] });
    });
    const { value: result } = await inVirtualTime(() => macieClassificationJobs.collect(fakeHttpContext(handler)));
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2 });
    expect(handler.seen).toHaveLength(3);
  });

  it('gives FAILED coverage of kind THROTTLED after every attempt when the call stays throttled', async () => {
    const handler = new FakeHttpHandler(() => restThrottling());
    const { value: result } = await inVirtualTime(() => macieSession.collect(fakeHttpContext(handler)));
    expect(handler.seen).toHaveLength(MAX_ATTEMPTS);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'GetMacieSession', kind: 'THROTTLED' }] });
  });
});
