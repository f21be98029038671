/**
 * The six Bedrock AgentCore collectors share one shape (list, then Get* each): these tests run
 * every case against each of them, with aws-sdk-client-mock on the SDK client (retries through the
 * real SDK are in agentcore-adaptive-retry.test.ts: the mock replaces every client's send).
 */
import 'aws-sdk-client-mock-vitest/extend';
import {
  BedrockAgentCoreControlClient,
  BedrockAgentCoreControlServiceException,
  GetAgentRuntimeCommand,
  GetBrowserCommand,
  GetCodeInterpreterCommand,
  GetGatewayCommand,
  GetMemoryCommand,
  GetPolicyEngineCommand,
  ListAgentRuntimesCommand,
  ListBrowsersCommand,
  ListCodeInterpretersCommand,
  ListGatewaysCommand,
  ListMemoriesCommand,
  ListPolicyEnginesCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { agentCoreBrowsers } from '../../lib/collectors/agentcore-browsers.js';
import { agentCoreCodeInterpreters } from '../../lib/collectors/agentcore-code-interpreters.js';
import { agentCoreGateways } from '../../lib/collectors/agentcore-gateways.js';
import { agentCoreMemories } from '../../lib/collectors/agentcore-memories.js';
import { agentCorePolicyEngines } from '../../lib/collectors/agentcore-policy-engines.js';
import { agentCoreRuntimes } from '../../lib/collectors/agentcore-runtimes.js';
import type { Collector } from '../../lib/collectors/types.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';
import { AGENTCORE, type AgentCoreKind, agentCoreAnswer } from '../fixtures/supporting.js';

const agentcore = mockClient(BedrockAgentCoreControlClient);
beforeEach(() => agentcore.reset());
afterAll(() => agentcore.restore());

// biome-ignore lint/suspicious/noExplicitAny: the table holds command classes of six different shapes.
type AnyCommand = any;

interface Case {
  kind: AgentCoreKind;
  collector: Collector;
  List: AnyCommand;
  Get: AnyCommand;
  /** The listing's field holding the items. */
  items: string;
  /** A listed item for a resource named `name`. */
  item(name: string): Record<string, unknown>;
  /** The Get* input field naming the resource, and its value for `name`. */
  getKey: string;
  keyOf(name: string): string;
  /** Extra listing input the collector must send. */
  listInput?: Record<string, unknown>;
}

const id = (kind: AgentCoreKind, name: string) => AGENTCORE[kind].arn(name).split('/').pop() as string;

const CASES: Case[] = [
  {
    kind: 'runtime',
    collector: agentCoreRuntimes,
    List: ListAgentRuntimesCommand,
    Get: GetAgentRuntimeCommand,
    items: 'agentRuntimes',
    item: (name) => ({
      agentRuntimeArn: AGENTCORE.runtime.arn(name),
      agentRuntimeId: id('runtime', name),
      agentRuntimeName: name,
      status: 'READY',
    }),
    getKey: 'agentRuntimeId',
    keyOf: (name) => id('runtime', name),
  },
  {
    kind: 'gateway',
    collector: agentCoreGateways,
    List: ListGatewaysCommand,
    Get: GetGatewayCommand,
    items: 'items',
    item: (name) => ({ gatewayId: id('gateway', name), name, status: 'READY', authorizerType: 'CUSTOM_JWT' }),
    getKey: 'gatewayIdentifier',
    keyOf: (name) => id('gateway', name),
  },
  {
    kind: 'memory',
    collector: agentCoreMemories,
    List: ListMemoriesCommand,
    Get: GetMemoryCommand,
    items: 'memories',
    item: (name) => ({ arn: AGENTCORE.memory.arn(name), id: id('memory', name), status: 'ACTIVE' }),
    getKey: 'memoryId',
    keyOf: (name) => id('memory', name),
  },
  {
    kind: 'browser',
    collector: agentCoreBrowsers,
    List: ListBrowsersCommand,
    Get: GetBrowserCommand,
    items: 'browserSummaries',
    item: (name) => ({ browserArn: AGENTCORE.browser.arn(name), browserId: id('browser', name), name, status: 'READY' }),
    getKey: 'browserId',
    keyOf: (name) => id('browser', name),
    listInput: { type: 'CUSTOM' },
  },
  {
    kind: 'code-interpreter',
    collector: agentCoreCodeInterpreters,
    List: ListCodeInterpretersCommand,
    Get: GetCodeInterpreterCommand,
    items: 'codeInterpreterSummaries',
    item: (name) => ({
      codeInterpreterArn: AGENTCORE['code-interpreter'].arn(name),
      codeInterpreterId: id('code-interpreter', name),
      name,
      status: 'READY',
    }),
    getKey: 'codeInterpreterId',
    keyOf: (name) => id('code-interpreter', name),
    listInput: { type: 'CUSTOM' },
  },
  {
    kind: 'policy-engine',
    collector: agentCorePolicyEngines,
    List: ListPolicyEnginesCommand,
    Get: GetPolicyEngineCommand,
    items: 'policyEngines',
    item: (name) => ({
      policyEngineArn: AGENTCORE['policy-engine'].arn(name),
      policyEngineId: id('policy-engine', name),
      name,
      status: 'ACTIVE',
    }),
    getKey: 'policyEngineId',
    keyOf: (name) => id('policy-engine', name),
  },
];

function awsError(name: string, message: string, throttling = false) {
  const error = new BedrockAgentCoreControlServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
  if (throttling) error.$retryable = { throttling: true };
  return error;
}

/** Serves the listing from pages linked by nextToken `page-N`; returns the tokens as sent. */
function listPages(c: Case, pages: string[][]): (string | undefined)[] {
  const sent: (string | undefined)[] = [];
  agentcore.on(c.List).callsFake((input: { nextToken?: string }) => {
    sent.push(input.nextToken);
    const index = input.nextToken === undefined ? 0 : Number(input.nextToken.replace('page-', ''));
    return {
      [c.items]: (pages[index] ?? []).map((n) => c.item(n)),
      ...(index + 1 < pages.length ? { nextToken: `page-${index + 1}` } : {}),
    };
  });
  return sent;
}

/** Serves Get* by id, failing for the names given. */
function getAll(c: Case, failures: Record<string, Error> = {}): void {
  agentcore.on(c.Get).callsFake((input: Record<string, string>) => {
    const name = Object.keys(failures).find((n) => c.keyOf(n) === input[c.getKey]);
    if (name !== undefined) throw failures[name];
    const named = ['a', 'b', 'c', 'd', 'e'].find((n) => c.keyOf(n) === input[c.getKey]) ?? 'unknown';
    return { $metadata: { httpStatusCode: 200 }, ...agentCoreAnswer(c.kind, named) };
  });
}

const ids = (records: readonly { resource: { id: string } }[]) => records.map((r) => r.resource.id).sort();

describe.each(CASES)('$collector.id collector', (c) => {
  const arn = (name: string) => AGENTCORE[c.kind].arn(name);

  it('follows nextToken over every page and reads each resource with its Get* call', async () => {
    const sent = listPages(c, [['a', 'b'], ['c', 'd'], ['e']]);
    getAll(c);
    const result = await c.collector.collect(mockedContext());
    expect(sent).toEqual([undefined, 'page-1', 'page-2']);
    if (c.listInput) expect(agentcore).toReceiveCommandWith(c.List, c.listInput);
    expect(agentcore).toReceiveCommandTimes(c.Get, 5);
    for (const n of ['a', 'e']) expect(agentcore).toReceiveCommandWith(c.Get, { [c.getKey]: c.keyOf(n) });
    expect(ids(result.records)).toEqual(['a', 'b', 'c', 'd', 'e'].map(arn));
    expect(result.coverage).toEqual({ collector: c.collector.id, ...SCOPE, status: 'COMPLETE', records: 5, errors: [] });
  });

  it('keeps the Get* answer verbatim, without $metadata, as a valid record of the CloudFormation type', async () => {
    listPages(c, [['a']]);
    getAll(c);
    const { records } = await c.collector.collect(mockedContext());
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      source: { collector: c.collector.id, service: 'bedrock-agentcore-control', operation: AGENTCORE[c.kind].get },
      resource: { type: AGENTCORE[c.kind].type, id: arn('a') },
      collectedAt: COLLECTED_AT,
      data: agentCoreAnswer(c.kind, 'a'),
    });
    expect(record?.data).not.toHaveProperty('$metadata');
  });

  it('gives COMPLETE coverage and no records for a region without resources', async () => {
    listPages(c, [[]]);
    getAll(c);
    const result = await c.collector.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 0, errors: [] });
    expect(agentcore).not.toReceiveCommand(c.Get);
  });

  it('turns AccessDenied on the listing into FAILED coverage of kind ACCESS_DENIED, without throwing', async () => {
    agentcore
      .on(c.List)
      .rejects(awsError('AccessDeniedException', `not authorized to perform: bedrock-agentcore:${AGENTCORE[c.kind].list}`));
    const result = await c.collector.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: AGENTCORE[c.kind].list, kind: 'ACCESS_DENIED', code: 'AccessDeniedException' }],
    });
    expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
  });

  it('keeps what was read before a later page was throttled past the retries, and reports FAILED', async () => {
    agentcore
      .on(c.List)
      .resolvesOnce({ [c.items]: [c.item('a')], nextToken: 'page-1' })
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded', true));
    getAll(c);
    const result = await c.collector.collect(mockedContext());
    expect(ids(result.records)).toEqual([arn('a')]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', records: 1, errors: [{ kind: 'THROTTLED' }] });
    expect(result.coverage.errors[0]).not.toHaveProperty('resourceId');
  });

  it('turns AccessDenied on one Get* into PARTIAL coverage naming the resource ARN, and reads the others', async () => {
    listPages(c, [['a', 'b', 'c']]);
    getAll(c, { b: awsError('AccessDeniedException', 'denied') });
    const result = await c.collector.collect(mockedContext());
    expect(ids(result.records)).toEqual([arn('a'), arn('c')]);
    expect(result.coverage).toMatchObject({ status: 'PARTIAL', records: 2 });
    expect(result.coverage.errors).toEqual([
      {
        operation: AGENTCORE[c.kind].get,
        resourceId: arn('b'),
        kind: 'ACCESS_DENIED',
        code: 'AccessDeniedException',
        message: 'denied',
        httpStatus: 400,
      },
    ]);
  });

  it('turns a listed item without its id into INVALID_RESPONSE, keeping the items before it', async () => {
    agentcore.on(c.List).resolves({ [c.items]: [c.item('a'), { status: 'READY' }] });
    getAll(c);
    const result = await c.collector.collect(mockedContext());
    expect(ids(result.records)).toEqual([arn('a')]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: AGENTCORE[c.kind].list, kind: 'INVALID_RESPONSE' }] });
  });

  it('turns a repeated nextToken into INVALID_RESPONSE instead of paging forever', async () => {
    let calls = 0;
    agentcore.on(c.List).callsFake(() => {
      calls += 1;
      if (calls > 20) throw awsError('RunawayPagination', 'the collector kept paging');
      return { [c.items]: [c.item(['a', 'b'][calls - 1] ?? 'c')], nextToken: 'page-1' };
    });
    getAll(c);
    const result = await c.collector.collect(mockedContext());
    expect(calls).toBe(2);
    expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: AGENTCORE[c.kind].list, kind: 'INVALID_RESPONSE' })]);
    expect(ids(result.records)).toEqual([arn('a'), arn('b')]);
  });

  it('turns a Get* answer without its ARN into INVALID_RESPONSE for that resource', async () => {
    listPages(c, [['a']]);
    agentcore.on(c.Get).resolves({});
    const result = await c.collector.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'PARTIAL', errors: [{ resourceId: arn('a'), kind: 'INVALID_RESPONSE' }] });
  });
});

describe('bedrock-agentcore.memories collector', () => {
  it('asks GetMemory for the view without decryption, so the read-only role needs no kms:Decrypt', async () => {
    agentcore.on(ListMemoriesCommand).resolves({
      memories: [{ arn: AGENTCORE.memory.arn('a'), id: 'a-k1l2m3n4o5', status: 'ACTIVE', createdAt: new Date(), updatedAt: new Date() }],
    });
    agentcore.on(GetMemoryCommand).resolves(agentCoreAnswer('memory', 'a'));
    const result = await agentCoreMemories.collect(mockedContext());
    expect(agentcore).toReceiveCommandWith(GetMemoryCommand, { memoryId: 'a-k1l2m3n4o5', view: 'without_decryption' });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1 });
  });
});
