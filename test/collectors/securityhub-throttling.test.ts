/** Throttling that recovers, through the SDK's adaptive retry: a real Security Hub client (restJson1) over a fake network. */
import { describe, expect, it } from 'vitest';
import { securityhubAiFindings } from '../../lib/collectors/securityhub-ai-findings.js';
import { securityhubHub } from '../../lib/collectors/securityhub-hub.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { FakeHttpHandler, ok, restThrottling } from '../fixtures/fake-http.js';

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
    const { value: result } = await inVirtualTime(() => securityhubHub.collect(fakeHttpContext(handler)));
    // Assess
    expect(standardsCalls).toBe(2);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
  });

  it('securityhub.ai-findings ends COMPLETE when a throttled page succeeds on a later attempt', async () => {
    // Prepare: two pages of findings; the second is throttled once.
    let secondPageCalls = 0;
    const finding = (id: string) => ({
      Id: id,
      Title: id,
      Severity: { Label: 'HIGH' },
      Resources: [{ Type: 'AwsSageMakerNotebookInstance', Id: `nb-${id}` }],
    });
    const handler = new FakeHttpHandler((request) => {
      const body = request.body as { NextToken?: string };
      if (body.NextToken === undefined) return ok({ Findings: [finding('f1')], NextToken: 'p2' });
      secondPageCalls += 1;
      return secondPageCalls === 1 ? restThrottling() : ok({ Findings: [finding('f2')] });
    });
    // Act
    const { value: result } = await inVirtualTime(() => securityhubAiFindings.collect(fakeHttpContext(handler)));
    // Assess
    expect(secondPageCalls).toBe(2);
    expect(result.records.map((r) => r.resource.id)).toEqual(['f1', 'f2']);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
  });
});
