import 'aws-sdk-client-mock-vitest/extend';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { createSealShardHandler, SealShardResultSchema } from '../../functions/seal-shard.js';
import { collectors } from '../../lib/collectors/index.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { accountsKey, failedTargetKey, parseShardSummary, putAccounts, shardSummaryKey, stagedKey } from '../../lib/pipeline/staging.js';
import { shardKeys } from '../../lib/seal/shard.js';
import { checkShardManifest, packItems } from '../../lib/seal/shard-read.js';
import { FakeS3, FUNCTION_ENV, HOME_ACCOUNT, lambdaContext, recordFailedTarget, setEnv, stageScope } from './fakes.js';

const s3 = new FakeS3();
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const RUN_ID = '20261126T120000000Z-0123abcd';
const STARTED_AT = '2026-11-26T12:00:00.000Z';
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const scope = (region: string): Scope => ({ accountId: HOME_ACCOUNT, region });
const NOTEBOOK = 'sagemaker.notebook-instances';

const handler = createSealShardHandler();
const invoke = (event: unknown) => handler(event, lambdaContext('seal-shard'));
const event = { runId: RUN_ID, startedAt: STARTED_AT, accountId: HOME_ACCOUNT, regions: REGIONS };

let restoreEnv: () => void;
beforeEach(async () => {
  restoreEnv = setEnv(FUNCTION_ENV);
  s3.reset();
  // list-targets' account list: the run's accounts, which a shard's controls may know.
  await putAccounts(client, 'staging', RUN_ID, [...REGIONS.map(scope), { accountId: '444455556666', region: 'eu-west-1' }]);
});
afterEach(() => restoreEnv());
afterAll(() => s3.restore());

const evidencePuts = () => s3.stub.commandCalls(PutObjectCommand).filter((c) => c.args[0].input.Bucket === 'evidence');
const stagedSummary = () =>
  parseShardSummary(
    s3.bucket('staging').get(shardSummaryKey(RUN_ID, HOME_ACCOUNT)) as Buffer,
    { runId: RUN_ID, accountId: HOME_ACCOUNT },
    'summary',
  );

describe('seal-shard', () => {
  it("seals one account's shard from its staged targets into three Object Lock objects and stages its summary", async () => {
    for (const region of REGIONS) await stageScope(client, scope(region), RUN_ID, STARTED_AT);
    const result = await invoke(event);

    expect(SealShardResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({ runId: RUN_ID, accountId: HOME_ACCOUNT, summaryKey: shardSummaryKey(RUN_ID, HOME_ACCOUNT), written: 3 });
    expect(result.shard.evidence).toBe(3);
    expect(result.shard.coverageGaps).toBe(0);
    const keys = s3.keys().filter((k) => k.startsWith('evidence/'));
    expect(keys).toEqual(
      [
        shardKeys.pack(RUN_ID, HOME_ACCOUNT, 'evidence'),
        shardKeys.pack(RUN_ID, HOME_ACCOUNT, 'finding'),
        shardKeys.manifest(RUN_ID, HOME_ACCOUNT),
      ]
        .map((k) => `evidence/${k}`)
        .sort(),
    );
    // The shard manifest is written last (its commit point), with COMPLIANCE retention, write-once.
    const puts = evidencePuts();
    expect(puts.at(-1)?.args[0].input.Key).toBe(shardKeys.manifest(RUN_ID, HOME_ACCOUNT));
    for (const put of puts) expect(put.args[0].input).toMatchObject({ ObjectLockMode: 'COMPLIANCE', IfNoneMatch: '*' });

    const summary = stagedSummary();
    expect(summary.targets).toEqual({ collected: 3, failed: 0, missing: 0 });
    const manifest = checkShardManifest(s3.bucket('evidence').get(summary.shard.key) as Buffer, RUN_ID, summary.shard);
    expect(manifest.scopes).toEqual(REGIONS.map(scope).sort((a, b) => (a.region < b.region ? -1 : 1)));
    const findings = [...packItems(manifest, 'finding', s3.bucket('evidence').get(manifest.packs.findings.key) as Buffer)].map(
      ({ bytes }) => JSON.parse(bytes.toString('utf8')) as { controlId: string; status: 'PASS' | 'FAIL' },
    );
    expect(findings).toHaveLength(summary.shard.findings);
    const counted = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 };
    for (const f of findings) counted[f.status]++;
    expect(summary.statuses).toEqual(counted);
    const root = findings.filter((f) => f.controlId === 'sagemaker_notebook_root_access_disabled');
    expect(root.map((f) => f.status)).toEqual(['FAIL', 'FAIL', 'FAIL']);
  });

  it("records a failed target, a missing one and a staged object of another scope as FAILED coverage in the account's shard", async () => {
    // ap-southeast-2: nothing staged; eu-central-1: another region's object under its key.
    await stageScope(client, scope('eu-west-1'), RUN_ID, STARTED_AT);
    await recordFailedTarget(client, RUN_ID, scope('us-east-1'), 'States.Timeout', 'Task timed out after 600.00 seconds');
    s3.bucket('staging').set(
      stagedKey(RUN_ID, scope('eu-central-1')),
      s3.bucket('staging').get(stagedKey(RUN_ID, scope('eu-west-1'))) as Buffer,
    );
    const result = await invoke({ ...event, regions: [...REGIONS, 'eu-central-1'] });

    const summary = stagedSummary();
    expect(result.shard.coverageGaps).toBe(3 * collectors.length);
    expect(summary.targets).toEqual({ collected: 2, failed: 1, missing: 1 });
    const manifest = checkShardManifest(s3.bucket('evidence').get(summary.shard.key) as Buffer, RUN_ID, summary.shard);
    const errorOf = (region: string, operation: string) =>
      manifest.coverage.find((c) => c.region === region && c.collector === NOTEBOOK)?.errors.find((e) => e.operation === operation);
    expect(errorOf('us-east-1', 'Collect')).toMatchObject({
      code: 'States.Timeout',
      message: `The collect function failed for ${HOME_ACCOUNT}/us-east-1: States.Timeout: Task timed out after 600.00 seconds`,
    });
    expect(errorOf('ap-southeast-2', 'Collect')).toMatchObject({ code: 'NotStaged' });
    expect(errorOf('ap-southeast-2', 'Collect')?.message).toContain(
      `neither ${stagedKey(RUN_ID, scope('ap-southeast-2'))} nor ${failedTargetKey(RUN_ID, scope('ap-southeast-2'))}`,
    );
    expect(errorOf('eu-central-1', 'ReadStagedEvidence')).toMatchObject({ kind: 'INVALID_RESPONSE', code: 'StagingError' });
    expect(errorOf('eu-west-1', 'Collect')).toBeUndefined();
    expect(summary.shard.coverageGaps).toBe(3 * collectors.length);
    // Everything there is INSUFFICIENT_EVIDENCE but what eu-west-1 read.
    expect(summary.statuses.INSUFFICIENT_EVIDENCE).toBeGreaterThan(0);
  });

  it('retried, writes nothing twice: the same bytes are found stored and counted as existing', async () => {
    for (const region of REGIONS) await stageScope(client, scope(region), RUN_ID, STARTED_AT);
    const first = await invoke(event);
    const stored = new Map(s3.bucket('evidence'));
    const again = await invoke(event);
    expect(again).toEqual({ ...first, written: 0, existing: 3 });
    expect(new Map(s3.bucket('evidence'))).toEqual(stored);
  });

  it('reads one listing of the account and one object per staged target, nothing of the other accounts', async () => {
    for (const region of REGIONS) await stageScope(client, scope(region), RUN_ID, STARTED_AT);
    await stageScope(client, { accountId: '444455556666', region: 'eu-west-1' }, RUN_ID, STARTED_AT);
    await invoke(event);
    const gets = s3.stub.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key);
    expect(gets.sort()).toEqual([accountsKey(RUN_ID), ...REGIONS.map((r) => stagedKey(RUN_ID, scope(r)))].sort());
  });

  it.each([
    [{ ...event, regions: [] }, 'regions: an account of a run has at least one region'],
    [{ ...event, accountId: '1234' }, 'accountId: an AWS account id is 12 digits'],
    [{ ...event, extra: 1 }, 'Unrecognized key: "extra"'],
  ])('refuses %j naming the field, and writes nothing', async (bad, named) => {
    await expect(invoke(bad)).rejects.toThrow(named);
    expect(s3.keys()).toEqual([`staging/${accountsKey(RUN_ID)}`]);
  });

  it('stops with the action named when the staging bucket refuses a read', async () => {
    await stageScope(client, scope('eu-west-1'), RUN_ID, STARTED_AT);
    s3.stub.on(GetObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(invoke({ ...event, regions: ['eu-west-1'] })).rejects.toThrow(
      `s3:GetObject on s3://staging/${accountsKey(RUN_ID)} is denied: grant it to the seal-shard function`,
    );
    expect(s3.keys().filter((k) => k.startsWith('evidence/'))).toEqual([]);
  });
});
