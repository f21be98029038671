/**
 * Throttling that recovers, and throttling that does not, through the SDK's own retry middleware.
 * aws-sdk-client-mock replaces `send` and so skips retries; here real clients (serializers, signer,
 * adaptive retry, deserializers) talk to a fake request handler instead of the network. The SDK's
 * backoff runs on a virtual clock so that the real adaptive strategy costs no wall time.
 */
import { describe, expect, it } from 'vitest';
import { bedrockModelInvocationLogging } from '../../lib/collectors/bedrock-model-invocation-logging.js';
import { MAX_ATTEMPTS } from '../../lib/collectors/clients.js';
import { sagemakerNotebookInstances } from '../../lib/collectors/sagemaker-notebook-instances.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { loggingSettingId, notebookArn, SCOPE } from '../fixtures/evidence.js';
import { type FakeAnswer, FakeHttpHandler, jsonThrottling, ok, restThrottling, type SeenRequest } from '../fixtures/fake-http.js';

const LIST = 'SageMaker.ListNotebookInstances';
const DESCRIBE = 'SageMaker.DescribeNotebookInstance';

function summary(name: string) {
  return {
    NotebookInstanceName: name,
    NotebookInstanceArn: notebookArn(name),
    NotebookInstanceStatus: 'InService',
    CreationTime: 1_736_510_400,
  };
}

function described(name: string) {
  return { ...summary(name), DirectInternetAccess: 'Disabled', RootAccess: 'Disabled', SubnetId: 'subnet-0a1b2c3d4e5f60718' };
}

const requestsTo = (seen: readonly SeenRequest[], target: string) => seen.filter((r) => r.target === target);

describe('SageMaker notebook instances through the SDK adaptive retry', () => {
  it('ends COMPLETE with every notebook when throttled list and describe calls succeed on a later attempt', async () => {
    // Prepare: the first page is throttled twice, then pages come; notebook b is throttled once.
    let listCalls = 0;
    let describeBCalls = 0;
    const handler = new FakeHttpHandler((request): FakeAnswer => {
      if (request.target === LIST) {
        listCalls += 1;
        if (listCalls <= 2) return jsonThrottling();
        const token = (request.body as { NextToken?: string }).NextToken;
        return token === undefined
          ? ok({ NotebookInstances: [summary('a'), summary('b')], NextToken: 'page-2' })
          : ok({ NotebookInstances: [summary('c')] });
      }
      const name = (request.body as { NotebookInstanceName: string }).NotebookInstanceName;
      if (name === 'b' && ++describeBCalls === 1) return jsonThrottling();
      return ok(described(name));
    });

    // Act
    const { value: result, virtualMs } = await inVirtualTime(() => sagemakerNotebookInstances.collect(fakeHttpContext(handler)));

    // Assess
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3, errors: [] });
    expect(result.records.map((r) => r.resource.id).sort()).toEqual([notebookArn('a'), notebookArn('b'), notebookArn('c')]);
    const lists = requestsTo(handler.seen, LIST);
    expect(lists.map((r) => r.attempt)).toEqual([
      `attempt=1; max=${MAX_ATTEMPTS}`,
      `attempt=2; max=${MAX_ATTEMPTS}`,
      `attempt=3; max=${MAX_ATTEMPTS}`,
      `attempt=1; max=${MAX_ATTEMPTS}`,
    ]);
    expect(lists[3]?.body).toMatchObject({ NextToken: 'page-2' });
    const describesOfB = requestsTo(handler.seen, DESCRIBE).filter(
      (r) => (r.body as { NotebookInstanceName: string }).NotebookInstanceName === 'b',
    );
    expect(describesOfB).toHaveLength(2);
    // The SDK waited before retrying rather than hammering the throttled API.
    expect(virtualMs).toBeGreaterThan(0);
  });

  it('gives FAILED coverage of kind THROTTLED, after every attempt, when the listing stays throttled', async () => {
    // Prepare
    const handler = new FakeHttpHandler(() => jsonThrottling());
    // Act
    const { value: result } = await inVirtualTime(() => sagemakerNotebookInstances.collect(fakeHttpContext(handler)));
    // Assess
    expect(handler.seen).toHaveLength(MAX_ATTEMPTS);
    expect(result.records).toEqual([]);
    expect(result.coverage.status).toBe('FAILED');
    expect(result.coverage.errors).toEqual([
      { operation: 'ListNotebookInstances', kind: 'THROTTLED', code: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 400 },
    ]);
  });

  it('gives PARTIAL coverage naming the one notebook whose describe stays throttled, and keeps the others', async () => {
    // Prepare
    const handler = new FakeHttpHandler((request): FakeAnswer => {
      if (request.target === LIST) return ok({ NotebookInstances: [summary('a'), summary('b'), summary('c')] });
      const name = (request.body as { NotebookInstanceName: string }).NotebookInstanceName;
      return name === 'b' ? jsonThrottling() : ok(described(name));
    });
    // Act
    const { value: result } = await inVirtualTime(() => sagemakerNotebookInstances.collect(fakeHttpContext(handler)));
    // Assess
    expect(result.coverage.status).toBe('PARTIAL');
    expect(result.coverage.errors).toEqual([
      {
        operation: 'DescribeNotebookInstance',
        resourceId: notebookArn('b'),
        kind: 'THROTTLED',
        code: 'ThrottlingException',
        message: 'Rate exceeded',
        httpStatus: 400,
      },
    ]);
    expect(result.records.map((r) => r.resource.id).sort()).toEqual([notebookArn('a'), notebookArn('c')]);
  });

  it('does not retry AccessDenied, and reports it as ACCESS_DENIED', async () => {
    // Prepare
    const handler = new FakeHttpHandler(() => ({
      statusCode: 400,
      headers: { 'x-amzn-errortype': 'AccessDeniedException' },
      body: { __type: 'AccessDeniedException', message: 'User is not authorized to perform: sagemaker:ListNotebookInstances' },
    }));
    // Act
    const { value: result } = await inVirtualTime(() => sagemakerNotebookInstances.collect(fakeHttpContext(handler)));
    // Assess
    expect(handler.seen).toHaveLength(1);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListNotebookInstances', kind: 'ACCESS_DENIED' }] });
  });
});

describe('Bedrock model invocation logging through the SDK adaptive retry', () => {
  const loggingConfig = {
    s3Config: { bucketName: 'acme-bedrock-logs', keyPrefix: 'invocations/' },
    textDataDeliveryEnabled: true,
    imageDataDeliveryEnabled: false,
    embeddingDataDeliveryEnabled: false,
  };

  it('ends COMPLETE with the configuration when throttled calls succeed on a later attempt', async () => {
    // Prepare: throttled twice, then answered.
    const handler = new FakeHttpHandler((_request, index) => (index < 2 ? restThrottling() : ok({ loggingConfig })));
    // Act
    const { value: result, virtualMs } = await inVirtualTime(() => bedrockModelInvocationLogging.collect(fakeHttpContext(handler)));
    // Assess
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.resource.id).toBe(loggingSettingId(SCOPE));
    expect(result.records[0]?.data).toEqual({ loggingConfig });
    expect(handler.seen.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill('GET /logging/modelinvocations'));
    expect(handler.seen.map((r) => r.attempt)).toEqual([1, 2, 3].map((n) => `attempt=${n}; max=${MAX_ATTEMPTS}`));
    expect(virtualMs).toBeGreaterThan(0);
  });

  it('gives FAILED coverage of kind THROTTLED, after every attempt, when the call stays throttled', async () => {
    // Prepare
    const handler = new FakeHttpHandler(() => restThrottling());
    // Act
    const { value: result } = await inVirtualTime(() => bedrockModelInvocationLogging.collect(fakeHttpContext(handler)));
    // Assess
    expect(handler.seen).toHaveLength(MAX_ATTEMPTS);
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'GetModelInvocationLoggingConfiguration', kind: 'THROTTLED', code: 'ThrottlingException' }],
    });
  });
});
