/**
 * Throttling that recovers through the SDK's own adaptive retry, for each Bedrock list-then-read
 * collector. No aws-sdk-client-mock here: it would replace `send` and skip the retry middleware.
 */
import { describe, expect, it } from 'vitest';
import { bedrockEvaluationJobs } from '../../lib/collectors/bedrock-evaluation-jobs.js';
import { bedrockKnowledgeBaseDataSources } from '../../lib/collectors/bedrock-knowledge-base-data-sources.js';
import { bedrockModelInvocationJobs } from '../../lib/collectors/bedrock-model-invocation-jobs.js';
import { batchJobArn, batchJobSummary, dataSourceFields, dataSourceId, evaluationJobArn, evaluationSummary } from '../fixtures/bedrock.js';
import { throttlingRecovers, withoutTimes } from '../fixtures/bedrock-collector-cases.js';
import { bedrockListDescribeCases } from '../fixtures/bedrock-collector-list.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { type FakeAnswer, FakeHttpHandler, ok, restThrottling } from '../fixtures/fake-http.js';

describe.each(bedrockListDescribeCases(undefined as never, undefined as never).map((c) => [c.collector.id, c] as const))(
  '%s collector through the SDK retry',
  (_id, c) => {
    throttlingRecovers(c);
  },
);

describe('bedrock.evaluation-jobs collector through the SDK retry', () => {
  it('ends COMPLETE with every job when the throttled listing succeeds on a later attempt', async () => {
    // Prepare
    const handler = new FakeHttpHandler((_request, index) =>
      index < 2 ? restThrottling() : ok({ jobSummaries: [withoutTimes(evaluationSummary('fraud-eval'))] }),
    );
    // Act
    const { value: result, virtualMs } = await inVirtualTime(() => bedrockEvaluationJobs.collect(fakeHttpContext(handler)));
    // Assess
    expect(handler.seen).toHaveLength(3);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]?.resource.id).toBe(evaluationJobArn('fraud-eval'));
    expect(virtualMs).toBeGreaterThan(0);
  });
});

describe('bedrock.knowledge-base-data-sources collector through the SDK retry', () => {
  it('ends COMPLETE when each of the three calls is throttled once and then answered', async () => {
    // Prepare: every distinct request is throttled the first time it is made.
    const seenOnce = new Set<string>();
    const handler = new FakeHttpHandler((request): FakeAnswer => {
      const key = `${request.method} ${request.path}`;
      if (!seenOnce.has(key)) {
        seenOnce.add(key);
        return restThrottling();
      }
      if (/\/datasources\/DS1$/.test(request.path)) return ok({ dataSource: withoutTimes(dataSourceFields('KB1', 'DS1')) });
      if (/\/knowledgebases\/KB1\/datasources\/?$/.test(request.path))
        return ok({ dataSourceSummaries: [{ knowledgeBaseId: 'KB1', dataSourceId: 'DS1', name: 'DS1', status: 'AVAILABLE' }] });
      return ok({ knowledgeBaseSummaries: [{ knowledgeBaseId: 'KB1', name: 'kb', status: 'ACTIVE' }] });
    });
    // Act
    const { value: result } = await inVirtualTime(() => bedrockKnowledgeBaseDataSources.collect(fakeHttpContext(handler)));
    // Assess
    expect(handler.seen).toHaveLength(6);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]?.resource.id).toBe(dataSourceId('KB1', 'DS1'));
  });
});

describe('bedrock.model-invocation-jobs collector through the SDK retry', () => {
  it('ends COMPLETE with every job when the throttled listing succeeds on a later attempt', async () => {
    // Prepare
    const handler = new FakeHttpHandler((_request, index) =>
      index < 1 ? restThrottling() : ok({ invocationJobSummaries: [withoutTimes(batchJobSummary('nightly'))] }),
    );
    // Act
    const { value: result } = await inVirtualTime(() => bedrockModelInvocationJobs.collect(fakeHttpContext(handler)));
    // Assess
    expect(handler.seen).toHaveLength(2);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]?.resource.id).toBe(batchJobArn('nightly'));
  });
});
