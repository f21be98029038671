/**
 * The cloud's sharded path against moto server, handler after handler as the state machine runs
 * them and through S3 only: list-targets (targets.jsonl and accounts.jsonl) -> collect per target
 * (the collect Map: one target's collect fails and the Catch's failed-target object is written)
 * -> seal-shard per account (the shard Map, read from accounts.jsonl as its ItemReader would;
 * one account's child fails) -> the run seal (evaluate-and-seal) -> publish twice, counting the
 * findings BatchImportFindings is sent. The sealed v2 run is checked from the Object Lock bucket:
 * statement signature with the KMS key, run tree, every shard manifest and pack
 * (test/helpers/sharded-run.ts); publish and verifyStore need the v2 readers of run loading and
 * verification (other helpers' work): those tests run once they are there (test/helpers/v2-readers.ts).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { createCollectHandler } from '../../functions/collect.js';
import { createEvaluateAndSealHandler, type EvaluateAndSealResult } from '../../functions/evaluate-and-seal.js';
import { createListTargetsHandler, type ListTargetsResult } from '../../functions/list-targets.js';
import { createPublishHandler, securityHubClient } from '../../functions/publish.js';
import { createSealShardHandler } from '../../functions/seal-shard.js';
import { awsClients } from '../../functions/shared/clients.js';
import { collectors } from '../../lib/collectors/index.js';
import { shardSummaryKey } from '../../lib/pipeline/staging.js';
import { shardKeys } from '../../lib/seal/shard.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { S3ObjectLockStore } from '../../lib/store/s3.js';
import { runKeys } from '../../lib/store/types.js';
import { lambdaContext } from '../functions/fakes.js';
import { readShardedRun } from '../helpers/sharded-run.js';
import { type Deployment, deploy, functionEnvironment, runCollectMap, runShardMap, signingPublicKeyPem } from './functions-seed.js';
import {
  createNotebooks,
  distinctNotebooks,
  endpoint,
  freshAccount,
  fullLoggingConfig,
  type MotoAccount,
  moto,
  putLogging,
  seedClients,
  setEnv,
  skipReason,
} from './moto.js';

const REGION = 'us-east-1';
const OTHER_REGION = 'eu-west-1';
const RETENTION_DAYS = 2;

describe.skipIf(moto.endpoint === null)(`the sharded cloud path against moto server${skipReason}`, () => {
  let home: MotoAccount;
  /** Its collect function fails in one region (the collect Map's Catch records it). */
  const crashingAccount = '210000000051';
  /** Its shard step fails after its retries (the shard Map tolerates it): the run seal seals it FAILED. */
  const unsealedAccount = '210000000052';
  let deployment: Deployment;
  let scratch: string;
  let restoreEnv: () => void;
  let s3: S3Client;
  let publicKeyPem: string;
  let started: ListTargetsResult;
  let sealed: EvaluateAndSealResult;

  const store = () => new S3ObjectLockStore({ client: s3, bucket: deployment.evidenceBucket, retentionDays: RETENTION_DAYS });

  beforeAll(async () => {
    home = await freshAccount();
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-sharded-'));
    deployment = await deploy(home, REGION);
    const hub = new SecurityHubClient({ endpoint: endpoint(), region: REGION, credentials: home.credentials });
    await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    hub.destroy();
    const seed = seedClients(home, REGION);
    await createNotebooks(seed.sagemaker, home, distinctNotebooks(home, REGION));
    await putLogging(seed.bedrock, fullLoggingConfig(home));
    seed.sagemaker.destroy();
    seed.bedrock.destroy();
    restoreEnv = setEnv({
      ...functionEnvironment(home, REGION, scratch, deployment, RETENTION_DAYS),
      TARGET_REGIONS: `${REGION},${OTHER_REGION}`,
    });
    s3 = new S3Client({ endpoint: endpoint(), region: REGION, credentials: home.credentials, forcePathStyle: true });
    publicKeyPem = await signingPublicKeyPem(home, REGION, deployment.keyArn);
  }, 120_000);

  afterAll(async () => {
    restoreEnv?.();
    s3?.destroy();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('runs list-targets, the collect Map, the shard Map and the run seal through S3 only, one collect and one shard step failing', {
    timeout: 120_000,
  }, async () => {
    started = await createListTargetsHandler()(
      { accounts: [home.accountId, crashingAccount, unsealedAccount] },
      lambdaContext('list-targets'),
    );
    expect(started.targets).toEqual({ key: `staging/${started.runId}/targets.jsonl`, count: 6 });
    expect(started.accounts).toEqual({ key: `staging/${started.runId}/accounts.jsonl`, count: 3 });

    const collect = createCollectHandler();
    const children = await runCollectMap(s3, deployment.stagingBucket, started, (event) =>
      event.accountId === crashingAccount && event.region === OTHER_REGION
        ? Promise.reject(Object.assign(new Error('Task timed out after 600.00 seconds'), { name: 'Sandbox.Timedout' }))
        : collect(event, lambdaContext('collect')),
    );
    expect(children.filter((c) => c.error).map((c) => `${c.item.accountId}/${c.item.region}`)).toEqual([
      `${crashingAccount}/${OTHER_REGION}`,
    ]);

    const sealShard = createSealShardHandler();
    const shards = await runShardMap(s3, deployment.stagingBucket, started, (event) =>
      event.accountId === unsealedAccount
        ? Promise.reject(Object.assign(new Error('Runtime exited with error: signal: killed'), { name: 'Runtime.ExitError' }))
        : sealShard(event, lambdaContext('seal-shard')),
    );
    expect(shards.map((s) => [s.item.accountId, s.item.regions, s.error === undefined])).toEqual([
      [home.accountId, [REGION, OTHER_REGION], true],
      [crashingAccount, [REGION, OTHER_REGION], true],
      [unsealedAccount, [REGION, OTHER_REGION], false],
    ]);
    // Retried (a Step Functions retry of a child that timed out after storing): nothing is written twice.
    const again = (await sealShard(
      { runId: started.runId, startedAt: started.startedAt, accountId: home.accountId, regions: [REGION, OTHER_REGION] },
      lambdaContext('seal-shard'),
    )) as { written: number; existing: number };
    expect(again).toMatchObject({ written: 0, existing: 3 });

    sealed = await createEvaluateAndSealHandler()(
      { runId: started.runId, startedAt: started.startedAt, targets: started.targets, accounts: started.accounts },
      lambdaContext('evaluate-and-seal'),
    );
    expect(sealed.statementKey).toBe(runKeys.statement(started.runId));
    expect(sealed.shards).toBe(3);
    expect(sealed.evidence).toBeGreaterThanOrEqual(5); // 4 notebooks and a logging setting in the home region
  });

  it('is a v2 run whose signature, run tree, shard manifests and packs check out from the Object Lock bucket, each shard three locked objects', async () => {
    const run = await readShardedRun(store(), started.runId, publicKeyPem);
    expect(run.manifest.schemaVersion).toBe(2);
    expect(run.shardIds).toEqual([home.accountId, crashingAccount, unsealedAccount].sort());
    expect(run.findings).toHaveLength(sealed.findings.total);
    expect(run.findings.filter((f) => f.status === 'FAIL')).toHaveLength(sealed.findings.FAIL);
    const keys = await store().list(shardKeys.prefix(started.runId));
    expect(keys).toHaveLength(9);
    for (const key of [keys[0] as string, runKeys.statement(started.runId)]) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: deployment.evidenceBucket, Key: key }));
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
    }

    const root = run.findings.filter(
      (f) =>
        f.accountId === home.accountId &&
        f.controlId === 'sagemaker_notebook_root_access_disabled' &&
        f.resource.id.includes(':notebook-instance/'),
    );
    expect(root.map((f) => [f.resource.id.split('/').pop(), f.status]).sort()).toEqual([
      ['nb-kms-internet', 'PASS'],
      ['nb-locked', 'PASS'],
      ['nb-open', 'FAIL'],
      ['nb-vpc-root', 'FAIL'],
    ]);
    // The target whose collect failed: FAILED with the error the Catch recorded, in its account's shard.
    const crashed = run.coverage.filter((c) => c.accountId === crashingAccount && c.region === OTHER_REGION);
    expect(crashed.map((c) => c.status)).toEqual(collectors.map(() => 'FAILED'));
    for (const entry of crashed)
      expect(entry.errors).toContainEqual(expect.objectContaining({ operation: 'Collect', code: 'Sandbox.Timedout' }));
    // The account whose shard step failed: sealed FAILED by the run seal for every target, never dropped.
    expect(await s3Exists(shardSummaryKey(started.runId, unsealedAccount))).toBe(false);
    const unsealed = run.coverage.filter((c) => c.accountId === unsealedAccount);
    expect(unsealed).toHaveLength(2 * collectors.length);
    for (const entry of unsealed) expect(entry.errors.some((e) => e.operation === 'SealShard' && e.code === 'ShardNotSealed')).toBe(true);
    const ofUnsealed = run.findings.filter((f) => f.accountId === unsealedAccount);
    expect(ofUnsealed.length).toBeGreaterThan(0);
    expect(new Set(ofUnsealed.map((f) => f.status))).toEqual(new Set(['INSUFFICIENT_EVIDENCE']));
  });

  async function s3Exists(key: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: deployment.stagingBucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  }

  it(`verifies with verifyStore and the KMS key pinned`, async () => {
    const report = await verifyStore(store(), { publicKey: publicKeyPem, publicKeySource: 'KMS GetPublicKey' });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it(`publishes twice: the second sends BatchImportFindings only what changed (here nothing but the chain head)`, async () => {
    const sent: number[] = [];
    const counting = (credentials?: AwsCredentialIdentity) => {
      const client = securityHubClient(credentials);
      client.middlewareStack.add(
        (next) => async (args) => {
          const input = (args as { input?: { Findings?: unknown[] } }).input;
          if (input?.Findings) sent.push(input.Findings.length);
          return next(args);
        },
        { step: 'initialize', name: 'countBatchImport' },
      );
      return client;
    };
    const publish = createPublishHandler({ clients: { s3: awsClients.s3, sts: awsClients.sts, securityhub: counting } });
    const own = (await readShardedRun(store(), started.runId, publicKeyPem)).findings.filter((f) => f.accountId === home.accountId);
    await publish({ runId: started.runId }, lambdaContext('publish'));
    const first = sent.reduce((a, b) => a + b, 0);
    // Every finding of the home account, and the chain head finding (sent on every publish).
    expect(first).toBe(own.length + 1);
    sent.length = 0;
    await publish({ runId: started.runId }, lambdaContext('publish'));
    // Nothing changed: only the chain head again.
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
