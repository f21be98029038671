/** Bedrock AgentCore collectors through the real SDK client and its adaptive retry, over a fake network. */
import { describe, expect, it } from 'vitest';
import { agentCoreRuntimes } from '../../lib/collectors/agentcore-runtimes.js';
import { MAX_ATTEMPTS } from '../../lib/collectors/clients.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { FakeHttpHandler, ok, restThrottling } from '../fixtures/fake-http.js';
import { AGENTCORE, agentCoreAnswer } from '../fixtures/supporting.js';

describe('bedrock-agentcore.runtimes through the SDK adaptive retry', () => {
  it('ends COMPLETE when throttled list and get calls succeed on a later attempt', async () => {
    let lists = 0;
    let gets = 0;
    const handler = new FakeHttpHandler((request) => {
      if (request.method === 'POST') {
        lists += 1;
        return lists === 1
          ? restThrottling()
          : ok({
              agentRuntimes: [
                {
                  agentRuntimeArn: AGENTCORE.runtime.arn('a'),
                  agentRuntimeId: 'a-a1b2c3d4e5',
                  agentRuntimeName: 'a',
                  status: 'READY',
                  lastUpdatedAt: '2026-05-04T10:00:00Z',
                  agentRuntimeVersion: '3',
                  description: '',
                },
              ],
            });
      }
      gets += 1;
      return gets === 1
        ? restThrottling()
        : ok({ ...agentCoreAnswer('runtime', 'a'), createdAt: '2026-05-04T10:00:00Z', lastUpdatedAt: '2026-05-04T10:00:00Z' });
    });
    const { value: result } = await inVirtualTime(() => agentCoreRuntimes.collect(fakeHttpContext(handler)));
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(handler.seen.map((r) => `${r.method} ${r.attempt}`)).toEqual([
      `POST attempt=1; max=${MAX_ATTEMPTS}`,
      `POST attempt=2; max=${MAX_ATTEMPTS}`,
      `GET attempt=1; max=${MAX_ATTEMPTS}`,
      `GET attempt=2; max=${MAX_ATTEMPTS}`,
    ]);
  });

  it('gives FAILED coverage of kind THROTTLED after every attempt when the listing stays throttled', async () => {
    const handler = new FakeHttpHandler(() => restThrottling());
    const { value: result } = await inVirtualTime(() => agentCoreRuntimes.collect(fakeHttpContext(handler)));
    expect(handler.seen).toHaveLength(MAX_ATTEMPTS);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListAgentRuntimes', kind: 'THROTTLED' }] });
  });
});
