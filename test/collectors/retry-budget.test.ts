/**
 * A retry budget that fits the error: collector clients as lib/collectors/clients.ts makes them
 * (the SDK's adaptive retry wrapped by FittedRetryStrategy) meet a fake endpoint that gives one
 * answer every time; the test counts the attempts. Backoff runs on a virtual clock.
 */
import { GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { ListPoliciesCommand } from '@aws-sdk/client-iam';
import { ListNotebookInstancesCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../lib/collectors/clients.js';
import { worthRetrying } from '../../lib/collectors/retry.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { type FakeAnswer, FakeHttpHandler, jsonThrottling, restThrottling } from '../fixtures/fake-http.js';

type Protocol = 'json' | 'rest-json' | 'query';

/** One call of each protocol through the collector context's clients; resolves whether it failed or not. */
async function call(protocol: Protocol, handler: FakeHttpHandler, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const { clients, region } = fakeHttpContext(handler, undefined, env);
  const send =
    protocol === 'json'
      ? () => clients.client('sagemaker', region).send(new ListNotebookInstancesCommand({}))
      : protocol === 'rest-json'
        ? () => clients.client('bedrock', region).send(new GetModelInvocationLoggingConfigurationCommand({}))
        : () => clients.client('iam', 'us-east-1').send(new ListPoliciesCommand({}));
  await send().catch(() => undefined);
}

const html = (status: number): FakeAnswer => ({
  statusCode: status,
  headers: { 'content-type': 'text/html' },
  raw: `<html><body><h1>${status}</h1></body></html>`,
});
const queryError = (status: number, code: string): FakeAnswer => ({
  statusCode: status,
  headers: { 'content-type': 'text/xml' },
  raw: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
});
const json = (status: number, type: string): FakeAnswer => ({
  statusCode: status,
  headers: { 'x-amzn-errortype': type },
  body: { __type: type, message: type },
});

const CASES: [answer: string, protocol: Protocol, reply: FakeAnswer, attempts: number][] = [
  ['throttling (awsJson)', 'json', jsonThrottling(), MAX_ATTEMPTS],
  ['throttling (restJson, 429)', 'rest-json', restThrottling(), MAX_ATTEMPTS],
  ['throttling (awsQuery)', 'query', queryError(400, 'Throttling'), MAX_ATTEMPTS],
  ["AWS's own 500 InternalFailure (awsJson)", 'json', json(500, 'InternalFailure'), MAX_ATTEMPTS],
  ["AWS's own 500 InternalFailure (awsQuery)", 'query', queryError(500, 'InternalFailure'), MAX_ATTEMPTS],
  ['a 503 page from a gateway', 'json', html(503), MAX_ATTEMPTS],
  ['an HTML 500 page (an operation an emulator lacks, awsJson)', 'json', html(500), 1],
  ['an HTML 500 page (restJson)', 'rest-json', html(500), 1],
  ['an HTML 500 page (awsQuery: an error without a code)', 'query', html(500), 1],
  ['an HTML 501 page (not implemented)', 'rest-json', html(501), 1],
  ['UnknownOperationException', 'json', json(400, 'UnknownOperationException'), 1],
  ['InvalidAction (awsQuery)', 'query', queryError(400, 'InvalidAction'), 1],
  ['AccessDeniedException', 'json', json(400, 'AccessDeniedException'), 1],
  ['an HTML 403 page', 'rest-json', html(403), 1],
  ['AccessDenied 403 (awsQuery)', 'query', queryError(403, 'AccessDenied'), 1],
  ['ValidationException', 'json', json(400, 'ValidationException'), 1],
  ['a 200 answer the SDK cannot read', 'json', { statusCode: 200, raw: '<html>not json</html>' }, 1],
];

describe('the retry budget of collector clients', () => {
  it.each(CASES)('tries %s the expected number of times', async (_answer, protocol, reply, attempts) => {
    // Prepare
    const handler = new FakeHttpHandler(() => reply);
    // Act
    await inVirtualTime(() => call(protocol, handler));
    // Assess
    expect(handler.seen).toHaveLength(attempts);
    expect(handler.seen.at(-1)?.attempt).toBe(`attempt=${attempts}; max=${MAX_ATTEMPTS}`);
  });

  it('stops retrying as soon as an answer will not change, after throttling that did', async () => {
    // Prepare: throttled once, then the operation turns out not to exist.
    const handler = new FakeHttpHandler((_r, index) => (index === 0 ? jsonThrottling() : json(400, 'UnknownOperationException')));
    // Act
    await inVirtualTime(() => call('json', handler));
    // Assess
    expect(handler.seen.map((r) => r.attempt)).toEqual([`attempt=1; max=${MAX_ATTEMPTS}`, `attempt=2; max=${MAX_ATTEMPTS}`]);
  });

  it("honours the SDK's AWS_MAX_ATTEMPTS and AWS_RETRY_MODE", async () => {
    // Prepare
    const handler = new FakeHttpHandler(() => jsonThrottling());
    const html500 = new FakeHttpHandler(() => html(500));
    // Act
    await inVirtualTime(() => call('json', handler, { AWS_MAX_ATTEMPTS: '3', AWS_RETRY_MODE: 'standard' }));
    await inVirtualTime(() => call('json', html500, { AWS_MAX_ATTEMPTS: '3', AWS_RETRY_MODE: 'standard' }));
    // Assess
    expect(handler.seen.map((r) => r.attempt)).toEqual(['attempt=1; max=3', 'attempt=2; max=3', 'attempt=3; max=3']);
    expect(html500.seen).toHaveLength(1);
  });

  it('leaves network errors and corrected clock skew to the SDK, which retries them', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: {} });
    const skew = Object.assign(new Error('Signature expired'), {
      name: 'InvalidSignatureException',
      $fault: 'client',
      $metadata: { httpStatusCode: 403, clockSkewCorrected: true },
    });
    expect(worthRetrying(reset)).toBe(true);
    expect(worthRetrying(skew)).toBe(true);
    expect(worthRetrying(Object.assign(skew, { $metadata: { httpStatusCode: 403 } }))).toBe(false);
  });
});
