/** Throttling that recovers, through the SDK's adaptive retry: a real CloudTrail client over a fake network. */
import { describe, expect, it } from 'vitest';
import { cloudtrailBedrockModelAccessEvents } from '../../lib/collectors/cloudtrail-bedrock-model-access-events.js';
import { cloudtrailTrails } from '../../lib/collectors/cloudtrail-trails.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { FakeHttpHandler, ok } from '../fixtures/fake-http.js';
import { trailArn } from '../fixtures/governance.js';
import { jsonThrottled } from '../fixtures/governance-http.js';

describe('cloudtrail.trails through the SDK adaptive retry', () => {
  it('ends COMPLETE when a throttled DescribeTrails and GetTrailStatus succeed on a later attempt', async () => {
    // Prepare
    const calls: Record<string, number> = {};
    const handler = new FakeHttpHandler((request) => {
      const op = String(request.target).split('.').pop() ?? '';
      calls[op] = (calls[op] ?? 0) + 1;
      if ((op === 'DescribeTrails' || op === 'GetTrailStatus') && calls[op] === 1) return jsonThrottled();
      if (op === 'DescribeTrails')
        return ok({
          trailList: [{ Name: 'org-trail', TrailARN: trailArn('org-trail'), HomeRegion: SCOPE.region, IsMultiRegionTrail: true }],
        });
      if (op === 'GetTrailStatus') return ok({ IsLogging: true });
      return ok({ TrailARN: trailArn('org-trail'), AdvancedEventSelectors: [] });
    });
    // Act
    const { value: result } = await inVirtualTime(() => cloudtrailTrails.collect(fakeHttpContext(handler)));
    // Assess
    expect(calls).toEqual({ DescribeTrails: 2, GetTrailStatus: 2, GetEventSelectors: 1 });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3, errors: [] });
  });
});

describe('cloudtrail.bedrock-model-access-events through the SDK adaptive retry', () => {
  it('ends COMPLETE through the SDK adaptive retry when a throttled lookup succeeds on a later attempt', async () => {
    let calls = 0;
    const handler = new FakeHttpHandler(() => {
      calls += 1;
      return calls === 1 ? jsonThrottled() : ok({ Events: [] });
    });
    const { value: result } = await inVirtualTime(() => cloudtrailBedrockModelAccessEvents.collect(fakeHttpContext(handler)));
    expect(handler.seen.map((s) => s.attempt?.split(';')[0])).toEqual([
      'attempt=1',
      'attempt=2',
      'attempt=1',
      'attempt=1',
      'attempt=1',
      'attempt=1',
    ]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 5, errors: [] });
  });
});
