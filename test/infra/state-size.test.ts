/**
 * The largest state a run's execution carries, from the handlers' zod output schemas: every state's
 * input and output is composed here from them as the state machine's paths compose it, and its
 * largest JSON is bounded from the schema (every string and array of it has a maximum, or the
 * bound fails). At 17,000 targets (1,000 accounts × 17 regions) none may reach Step Functions'
 * 256 KiB; nothing of the state may depend on the number of targets but the on-demand event.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { CollectEventSchema, CollectResultSchema } from '../../functions/collect.js';
import { EvaluateAndSealEventSchema, EvaluateAndSealResultSchema } from '../../functions/evaluate-and-seal.js';
import { ListTargetsResultSchema } from '../../functions/list-targets.js';
import { PublishSummarySchema } from '../../functions/publish.js';
import { SealShardEventSchema, SealShardResultSchema } from '../../functions/seal-shard.js';
import { ACCOUNT_ID, REGION } from '../../functions/shared/schemas.js';
import { collectors } from '../../lib/collectors/index.js';
import { stateMachineDefinition, synthesize } from './synth.js';

// A synth takes a second or two, several under load: more than vitest's default 5 s and 10 s allow.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

/** Step Functions' limit on a state's input, output and a task's result. */
const STATE_LIMIT_BYTES = 256 * 1024;
/** What the Lambda integration wraps a function's Payload in (status, version, HTTP metadata): generously. */
const LAMBDA_ENVELOPE_BYTES = 2048;

type Def = { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] } & Record<string, unknown>;

function checksOf(def: Def): Record<string, unknown>[] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

/**
 * An upper bound of the bytes of the JSON of any value `schema` accepts, or an error naming the
 * path of a string or array without a maximum (a part of the state that could grow unbounded).
 */
function maxJsonBytes(schema: z.ZodType, path = '$'): number {
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const entries = Object.entries(shape);
      const members = entries.map(([key, value]) => JSON.stringify(key).length + 1 + maxJsonBytes(value, `${path}.${key}`));
      return 2 + members.reduce((a, b) => a + b, 0) + Math.max(0, entries.length - 1);
    }
    case 'array': {
      const max = checksOf(def).find((c) => c.check === 'max_length')?.maximum as number | undefined;
      if (max === undefined) throw new Error(`${path} is an array without a maximum length: it could grow with the run.`);
      return 2 + max * maxJsonBytes(def.element as z.ZodType, `${path}[]`) + Math.max(0, max - 1);
    }
    case 'string': {
      const checks = checksOf(def);
      const max = checks.find((c) => c.check === 'max_length')?.maximum as number | undefined;
      if (max === undefined) throw new Error(`${path} is a string without a maximum length: it could grow with the run.`);
      // A pattern limits the characters to ones JSON writes as they are; otherwise each could be \u00XX.
      const patterned = checks.some((c) => c.check === 'string_format');
      return 2 + (patterned ? max : 6 * max);
    }
    case 'number': {
      const checks = checksOf(def);
      const lo = checks.find((c) => c.check === 'greater_than')?.value as number | undefined;
      const hi = checks.find((c) => c.check === 'less_than')?.value as number | undefined;
      if (lo === undefined || hi === undefined) throw new Error(`${path} is a number without bounds.`);
      return Math.max(String(lo).length, String(hi).length);
    }
    case 'boolean':
      return 5;
    case 'literal':
      return Math.max(...(def.values as unknown[]).map((v) => JSON.stringify(v).length));
    case 'enum':
      return Math.max(...Object.values(def.entries as Record<string, string>).map((v) => JSON.stringify(v).length));
    case 'optional':
    case 'default':
      return maxJsonBytes(def.innerType as z.ZodType, path);
    case 'pipe':
      return maxJsonBytes(def.out as z.ZodType, path);
    default:
      throw new Error(`${path}: no bound for a zod ${def.type}.`);
  }
}

const ACCOUNTS = 1000;
const REGIONS = 17;
const TARGETS = ACCOUNTS * REGIONS;
const ARN = z.string().regex(/^arn:/).max(256);
const BUCKET = z
  .string()
  .regex(/^[a-z0-9.-]+$/)
  .max(63);

/** A run on demand naming its accounts and regions: the largest execution input of that many targets (the schedule's is {}). */
const executionInput = (accounts: number, regions: number) =>
  z.strictObject({ accounts: z.array(ACCOUNT_ID).max(accounts), regions: z.array(REGION).max(regions) });
/** sfn:ListExecutions' answer with MaxResults 2 (its members per the Step Functions API reference). */
const ListExecutionsResult = z.strictObject({
  Executions: z
    .array(
      z.strictObject({
        ExecutionArn: ARN,
        StateMachineArn: ARN,
        Name: z.string().max(80),
        Status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']),
        StartDate: z.string().max(40),
        StopDate: z.string().max(40),
        MapRunArn: ARN,
        ItemCount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        StateMachineVersionArn: ARN,
        StateMachineAliasArn: ARN,
        RedriveCount: z.number().int().min(0).max(1000),
        RedriveDate: z.string().max(40),
      }),
    )
    .max(2),
  NextToken: z.string().max(1024),
});
const checkOutput = (accounts: number, regions: number) =>
  z.strictObject({ input: executionInput(accounts, regions), otherRuns: z.number().int().min(0).max(2) });
const lambdaResult = (payload: z.ZodType) => maxJsonBytes(payload) + LAMBDA_ENVELOPE_BYTES;
const MapResult = z.strictObject({
  mapRunArn: ARN,
  resultWriterDetails: z.strictObject({ Bucket: BUCKET, Key: z.string().max(1024) }),
});
const MapOutput = ListTargetsResultSchema.extend({ collected: MapResult });
const ShardMapOutput = MapOutput.extend({ sealedShards: MapResult });
/** What the SealShard child keeps of seal-shard's result (its ResultSelector). */
const SealShardKept = SealShardResultSchema.pick({ runId: true, accountId: true, summaryKey: true });
/** What the Collect child keeps of collect's result (its ResultSelector). */
const CollectKept = CollectResultSchema.pick({ runId: true, accountId: true, region: true, stagedKey: true });
/** collect's coverage lists one entry per collector of the catalog, never more. */
const CollectResultBounded = CollectResultSchema.extend({
  coverage: CollectResultSchema.shape.coverage.max(100),
});
const FailureInput = CollectEventSchema.extend({
  failure: z.strictObject({ Error: z.string().max(256), Cause: z.string().max(32_768) }),
});
const PublishOutput = EvaluateAndSealResultSchema.extend({ published: z.strictObject({ report: PublishSummarySchema }) });

let template: Template;
let definition: { States: Record<string, Record<string, unknown>> };

beforeAll(() => {
  template = synthesize().evidenceTemplate;
  definition = stateMachineDefinition(template) as typeof definition;
});

describe("the largest state of a run's execution", () => {
  it('composes each state as the definition does (the paths the sizes below rest on)', () => {
    const s = definition.States;
    expect(s.CheckNoRunInProgress).toMatchObject({ Arguments: { MaxResults: 2 } });
    expect(s.ListTargets).toMatchObject({ OutputPath: '$.Payload', Parameters: { 'Payload.$': '$.input' } });
    expect(s.CollectEachTarget).toMatchObject({
      ResultPath: '$.collected',
      ResultSelector: { 'mapRunArn.$': '$.MapRunArn', 'resultWriterDetails.$': '$.ResultWriterDetails' },
      ItemReader: { Parameters: { 'Key.$': '$.targets.key' } },
      ResultWriter: { Parameters: { Prefix: 'map-results' } },
    });
    expect(s.SealEachAccount).toMatchObject({
      ResultPath: '$.sealedShards',
      ResultSelector: { 'mapRunArn.$': '$.MapRunArn', 'resultWriterDetails.$': '$.ResultWriterDetails' },
      ItemReader: { Parameters: { 'Key.$': '$.accounts.key' } },
      ResultWriter: { Parameters: { Prefix: 'map-results' } },
    });
    const shardTask = ((s.SealEachAccount as Record<string, unknown>).ItemProcessor as { States: Record<string, Record<string, unknown>> })
      .States.SealShard;
    expect(Object.keys(shardTask?.ResultSelector as object).sort()).toEqual(['accountId.$', 'runId.$', 'summaryKey.$']);
    expect(s.EvaluateAndSeal).toMatchObject({
      OutputPath: '$.Payload',
      Parameters: { Payload: { 'runId.$': '$.runId', 'startedAt.$': '$.startedAt', 'targets.$': '$.targets', 'accounts.$': '$.accounts' } },
    });
    expect(s.Publish).toMatchObject({ ResultPath: '$.published', ResultSelector: { 'report.$': '$.Payload' } });
    // The event evaluate-and-seal is given is the pointer list-targets returned, nothing gathered.
    expect(Object.keys(EvaluateAndSealEventSchema.shape).sort()).toEqual(['accounts', 'runId', 'startedAt', 'targets']);
  });

  /** The largest input, output or result of every state, for a run of `accounts` × `regions` targets. */
  const sizesAt = (accounts: number, regions: number): Record<string, number> => ({
    'execution input': maxJsonBytes(executionInput(accounts, regions)),
    'CheckNoRunInProgress result': maxJsonBytes(ListExecutionsResult),
    'CheckNoRunInProgress output': maxJsonBytes(checkOutput(accounts, regions)),
    'ListTargets result': lambdaResult(ListTargetsResultSchema),
    'CollectEachTarget input': maxJsonBytes(ListTargetsResultSchema),
    'Collect input (a child)': maxJsonBytes(CollectEventSchema),
    'Collect result (a child)': lambdaResult(CollectResultBounded),
    'Collect output (a child)': maxJsonBytes(CollectKept),
    'RecordFailedTarget input (a child)': maxJsonBytes(FailureInput),
    'CollectEachTarget output': maxJsonBytes(MapOutput),
    'SealEachAccount input': maxJsonBytes(MapOutput),
    'SealShard input (a child)': maxJsonBytes(SealShardEventSchema),
    'SealShard result (a child)': lambdaResult(SealShardResultSchema),
    'SealShard output (a child)': maxJsonBytes(SealShardKept),
    'SealEachAccount output': maxJsonBytes(ShardMapOutput),
    'EvaluateAndSeal input': maxJsonBytes(ShardMapOutput),
    'EvaluateAndSeal result': lambdaResult(EvaluateAndSealResultSchema),
    'Publish input': maxJsonBytes(EvaluateAndSealResultSchema),
    'Publish result': lambdaResult(PublishSummarySchema),
    'Publish output': maxJsonBytes(PublishOutput),
  });

  it('stays under 256 KiB at 17,000 targets, and only the on-demand event depends on the number of targets', () => {
    expect(collectors.length).toBeLessThanOrEqual(100);
    const sizes = sizesAt(ACCOUNTS, REGIONS);
    const [largest, bytes] = Object.entries(sizes).sort((a, b) => b[1] - a[1])[0] as [string, number];
    console.info(`Largest state at ${TARGETS} targets: ${largest}, ${bytes} bytes; every state: ${JSON.stringify(sizes)}`);
    for (const [name, size] of Object.entries(sizes)) expect(size, name).toBeLessThan(STATE_LIMIT_BYTES);
    // Past the on-demand event (which names its accounts), every state is the same at 17 targets as at 17,000.
    const small = sizesAt(1, REGIONS);
    const grows = Object.keys(sizes).filter((name) => sizes[name] !== small[name]);
    expect(grows).toEqual(['execution input', 'CheckNoRunInProgress output']);
    // The event of a run on demand for 1,000 accounts × 17 regions is some 15 KiB; the schedule's is {}.
    expect(sizes['execution input']).toBeLessThan(16 * 1024);
  });

  it('refuses to bound a schema with a list that has no maximum, naming it', () => {
    // The state of the old design: every target's result gathered into one array.
    const gathered = z.strictObject({ results: z.array(CollectKept) });
    expect(() => maxJsonBytes(gathered)).toThrow('$.results is an array without a maximum length');
    expect(() => maxJsonBytes(z.strictObject({ cause: z.string() }))).toThrow('$.cause is a string without a maximum length');
  });

  it('bounds above what a real value of the schema writes', () => {
    const result = {
      runId: '20261126T122823512Z-f102b28b',
      statementKey: 'org/evidence/runs/20261126T122823512Z-f102b28b/statement.dsse.json',
      findings: { total: 9_000_000, PASS: 1, FAIL: 2, NOT_APPLICABLE: 3, INSUFFICIENT_EVIDENCE: 8_999_994 },
      evidence: 123_456_789,
      coverageGaps: 17_000,
      shards: 1001,
    };
    expect(EvaluateAndSealResultSchema.parse(result)).toEqual(result);
    expect(JSON.stringify(result).length).toBeLessThanOrEqual(maxJsonBytes(EvaluateAndSealResultSchema));
  });
});
