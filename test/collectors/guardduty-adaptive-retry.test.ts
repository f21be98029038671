/** GuardDuty collectors through the real SDK client and its adaptive retry, over a fake network. */
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../lib/collectors/clients.js';
import { guardDutyDetectors } from '../../lib/collectors/guardduty-detectors.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { FakeHttpHandler, ok, restThrottling } from '../fixtures/fake-http.js';

describe('guardduty.detectors through the SDK adaptive retry', () => {
  it('ends COMPLETE when the throttled ListDetectors and GetDetector succeed on a later attempt', async () => {
    const handler = new FakeHttpHandler((request, index) => {
      if (index % 2 === 0) return restThrottling();
      return request.path === '/detector'
        ? ok({ detectorIds: ['d1'] })
        : ok({ status: 'ENABLED', serviceRole: 'arn:aws:iam::111122223333:role/gd', features: [] });
    });
    const { value: result } = await inVirtualTime(() => guardDutyDetectors.collect(fakeHttpContext(handler)));
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]?.data).toMatchObject({ Status: 'ENABLED' });
    expect(handler.seen.map((r) => `${r.path} ${r.attempt}`)).toEqual([
      `/detector attempt=1; max=${MAX_ATTEMPTS}`,
      `/detector attempt=2; max=${MAX_ATTEMPTS}`,
      `/detector/d1 attempt=1; max=${MAX_ATTEMPTS}`,
      `/detector/d1 attempt=2; max=${MAX_ATTEMPTS}`,
    ]);
  });

  it('gives FAILED coverage of kind THROTTLED after every attempt when ListDetectors stays throttled', async () => {
    const handler = new FakeHttpHandler(() => restThrottling());
    const { value: result } = await inVirtualTime(() => guardDutyDetectors.collect(fakeHttpContext(handler)));
    expect(handler.seen).toHaveLength(MAX_ATTEMPTS);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListDetectors', kind: 'THROTTLED' }] });
  });
});
