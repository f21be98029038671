/**
 * The AI services opt-out policy collector through the real Organizations client and its adaptive
 * retry (awsJson1_1); only the network is fake.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../lib/collectors/clients.js';
import { organizationsAiOptOutPolicy } from '../../lib/collectors/organizations-ai-opt-out-policy.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { FakeHttpHandler, jsonThrottling, ok } from '../fixtures/fake-http.js';
import { IAM_SCOPE } from '../fixtures/supporting.js';

const HOME = IAM_SCOPE;
const CONTENT = JSON.stringify({ services: { default: { opt_out_policy: 'optOut' } } });

describe('organizations.ai-opt-out-policy through the SDK adaptive retry', () => {
  it('ends COMPLETE when DescribeEffectivePolicy is throttled once, then answered', async () => {
    // Prepare
    const handler = new FakeHttpHandler((_request, index) =>
      index === 0
        ? jsonThrottling()
        : ok({ EffectivePolicy: { PolicyContent: CONTENT, TargetId: HOME.accountId, PolicyType: 'AISERVICES_OPT_OUT_POLICY' } }),
    );
    // Act
    const { value: result } = await inVirtualTime(() => organizationsAiOptOutPolicy.collect(fakeHttpContext(handler, HOME)));
    // Assess
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(handler.seen.map((s) => [s.target, s.attempt])).toEqual([
      ['AWSOrganizationsV20161128.DescribeEffectivePolicy', `attempt=1; max=${MAX_ATTEMPTS}`],
      ['AWSOrganizationsV20161128.DescribeEffectivePolicy', `attempt=2; max=${MAX_ATTEMPTS}`],
    ]);
    expect(result.records[0]?.data).toMatchObject({ EffectivePolicy: { PolicyContent: CONTENT } });
  });

  it('gives FAILED coverage of kind THROTTLED when every attempt is throttled', async () => {
    // Prepare
    const handler = new FakeHttpHandler(() => jsonThrottling());
    // Act
    const { value: result } = await inVirtualTime(() => organizationsAiOptOutPolicy.collect(fakeHttpContext(handler, HOME)));
    // Assess
    expect(handler.seen).toHaveLength(MAX_ATTEMPTS);
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'DescribeEffectivePolicy', kind: 'THROTTLED' }] });
  });
});
