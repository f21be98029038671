import 'aws-sdk-client-mock-vitest/extend';
import { GetPublicKeyCommand, KMSServiceException, SignCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEvaluateAndSealHandler, EvaluateAndSealResultSchema } from '../../functions/evaluate-and-seal.js';
import { createSealShardHandler } from '../../functions/seal-shard.js';
import { ATTESTATION_COLLECTOR } from '../../lib/attestations/attestation.js';
import { attestationsOf } from '../../lib/attestations/run.js';
import { TRUST_LIST_COLLECTOR } from '../../lib/attestations/trust.js';
import { DEMO_ATTESTATIONS_DIR, DEMO_TRUSTED_ATTESTERS_DIR } from '../../lib/cli/attest.js';
import { collectors } from '../../lib/collectors/index.js';
import { catalog } from '../../lib/controls/index.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { frameworks } from '../../lib/frameworks/definitions.js';
import { rollUp } from '../../lib/frameworks/rollup.js';
import { ATTESTATIONS_PREFIX, TRUSTED_ATTESTERS_PREFIX } from '../../lib/pipeline/attestations.js';
import { accountsKey, accountsOf, putAccounts, shardSummaryKey, targetsKey } from '../../lib/pipeline/staging.js';
import { RUN_SHARD_ID, shardKeys } from '../../lib/seal/shard.js';
import { S3ObjectLockStore } from '../../lib/store/s3.js';
import { runKeys } from '../../lib/store/types.js';
import { checkShardedRun, readShardedRun } from '../helpers/sharded-run.js';
import { TempDirs } from '../helpers/temp.js';
import { startDeadTsa, startTestTsa } from '../helpers/tsa.js';
import {
  FakeS3,
  FUNCTION_ENV,
  fakeKmsKey,
  HOME_ACCOUNT,
  lambdaContext,
  MEMBER_ACCOUNT,
  s3Error,
  setEnv,
  stageScope,
  stageTargets,
} from './fakes.js';

const s3 = new FakeS3();
const kms = fakeKmsKey();
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const RUN_ID = '20261126T120000000Z-0123abcd';
const STARTED_AT = '2026-11-26T12:00:00.000Z';
const HOME: Scope = { accountId: HOME_ACCOUNT, region: 'eu-west-1' };
const MEMBER: Scope = { accountId: MEMBER_ACCOUNT, region: 'eu-west-1' };
const NOTEBOOK = 'sagemaker.notebook-instances';

const handler = createEvaluateAndSealHandler({ now: () => new Date('2026-11-26T12:05:00.000Z') });
const invoke = (event: unknown) => handler(event, lambdaContext('evaluate-and-seal'));
const store = () => new S3ObjectLockStore({ client, bucket: 'evidence', retentionDays: 30 });

const sealShard = createSealShardHandler();

/**
 * What the state machine leaves before the run seal: the run's targets and accounts
 * (list-targets), the staged object of each target (collect), and each account's shard and its
 * summary (seal-shard, for every account unless `sharded` says which); gives the event.
 */
async function prepare(scopes: Scope[], options: { sharded?: string[]; runId?: string; startedAt?: string } = {}) {
  const runId = options.runId ?? RUN_ID;
  const startedAt = options.startedAt ?? STARTED_AT;
  for (const scope of scopes) await stageScope(client, scope, runId, startedAt);
  const event = await stageTargets(client, runId, startedAt, scopes);
  const accounts = await putAccounts(client, 'staging', runId, scopes);
  for (const account of accountsOf(scopes)) {
    if (options.sharded && !options.sharded.includes(account.accountId)) continue;
    await sealShard({ runId, startedAt, ...account }, lambdaContext('seal-shard'));
  }
  return { ...event, accounts };
}

const readRun = (runId = RUN_ID) => readShardedRun(store(), runId, kms.publicKeyPem);

const evidenceKeys = () => s3.keys().filter((k) => k.startsWith('evidence/'));
const runObjects = (runId = RUN_ID) => evidenceKeys().filter((k) => !k.includes('/shards/') && k.includes(runId));

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = setEnv(FUNCTION_ENV);
  s3.reset();
  kms.reset();
});
afterEach(() => restoreEnv());
afterAll(() => {
  s3.restore();
  kms.stub.restore();
});

describe('evaluate-and-seal: bad events', () => {
  const targets = { key: targetsKey(RUN_ID), count: 1 };
  const accounts = { key: accountsKey(RUN_ID), count: 1 };
  it.each([
    [
      { runId: RUN_ID, startedAt: STARTED_AT, targets: { ...targets, count: 0 }, accounts },
      'targets.count: a run needs at least one target',
    ],
    [{ runId: RUN_ID, startedAt: STARTED_AT, targets }, 'accounts:'],
    [{ runId: 'run-1', startedAt: STARTED_AT, targets: { key: 'k', count: 1 }, accounts }, 'runId: not a run id'],
    // The old event, every result gathered in the state, is refused by name.
    [{ runId: RUN_ID, startedAt: STARTED_AT, targets, accounts, results: [] }, 'Unrecognized key: "results"'],
    [
      { runId: RUN_ID, startedAt: STARTED_AT, targets: { key: 'staging/other/targets.jsonl', count: 1 }, accounts },
      `targets.key is staging/other/targets.jsonl, not ${targetsKey(RUN_ID)}`,
    ],
    [
      { runId: RUN_ID, startedAt: STARTED_AT, targets, accounts: { key: 'staging/other/accounts.jsonl', count: 1 } },
      `accounts.key is staging/other/accounts.jsonl, not ${accountsKey(RUN_ID)}`,
    ],
  ])('refuses %j naming the field, and writes nothing', async (bad, named) => {
    await expect(invoke(bad)).rejects.toThrow(named);
    await expect(invoke(bad)).rejects.toMatchObject({ name: 'InvalidEventError' });
    expect(evidenceKeys()).toEqual([]);
  });

  it('refuses targets or accounts objects that are missing, unreadable, or not what list-targets wrote, and seals nothing', async () => {
    const event = await prepare([HOME, MEMBER]);
    const targetsObject = s3.bucket('staging').get(targetsKey(RUN_ID)) as Buffer;
    s3.bucket('staging').delete(targetsKey(RUN_ID));
    await expect(invoke(event)).rejects.toThrow(`The targets of run ${RUN_ID} cannot be read from s3://staging/${targetsKey(RUN_ID)}`);
    s3.bucket('staging').set(targetsKey(RUN_ID), Buffer.from(`{"accountId":"${HOME_ACCOUNT}","region":"eu-west-1"}\nnot json\n`));
    await expect(invoke(event)).rejects.toThrow(`s3://staging/${targetsKey(RUN_ID)}: line 2 is not valid JSON`);
    s3.bucket('staging').set(targetsKey(RUN_ID), targetsObject);
    await expect(invoke({ ...event, targets: { ...event.targets, count: 3 } })).rejects.toThrow(
      'lists 2 targets, but list-targets wrote 3: nothing was sealed',
    );
    await expect(invoke({ ...event, accounts: { ...event.accounts, count: 1 } })).rejects.toThrow(
      'lists 2 accounts, but list-targets wrote 1: nothing was sealed',
    );
    // An accounts object that leaves out an account of the targets: never a run that drops it.
    s3.bucket('staging').set(accountsKey(RUN_ID), Buffer.from(`{"accountId":"${HOME_ACCOUNT}","regions":["eu-west-1"]}\n`));
    await expect(invoke({ ...event, accounts: { ...event.accounts, count: 1 } })).rejects.toThrow(
      "does not list the accounts and regions of the run's targets",
    );
    expect(runObjects()).toEqual([]);
    expect(kms.stub).not.toHaveReceivedCommand(SignCommand);
  });

  it('names each missing variable of its environment', async () => {
    setEnv({ RETENTION_DAYS: 'forever', SIGNING_KEY_ID: undefined });
    await expect(
      invoke({
        runId: RUN_ID,
        startedAt: STARTED_AT,
        targets: { key: targetsKey(RUN_ID), count: 1 },
        accounts: { key: accountsKey(RUN_ID), count: 1 },
      }),
    ).rejects.toThrow('RETENTION_DAYS must be a whole number (got "forever"); SIGNING_KEY_ID is not set');
    expect(evidenceKeys()).toEqual([]);
  });
});

describe('evaluate-and-seal: the run seal', () => {
  it("seals a sharded run over the shards' summaries with the KMS key, statement last, verifiable with the pinned key", async () => {
    const result = await invoke(await prepare([HOME, MEMBER]));

    expect(result.runId).toBe(RUN_ID);
    expect(result.statementKey).toBe(runKeys.statement(RUN_ID));
    expect(result.evidence).toBe(2);
    expect(result.shards).toBe(2);
    expect(result.coverageGaps).toBe(0);
    expect(result.findings.total).toBe(
      result.findings.PASS + result.findings.FAIL + result.findings.NOT_APPLICABLE + result.findings.INSUFFICIENT_EVIDENCE,
    );
    expect(result.findings.FAIL).toBeGreaterThanOrEqual(2);
    expect(EvaluateAndSealResultSchema.parse(result)).toEqual(result);

    const puts = s3.stub.commandCalls(PutObjectCommand).filter((c) => c.args[0].input.Bucket === 'evidence');
    for (const put of puts) {
      expect(put.args[0].input).toMatchObject({ ObjectLockMode: 'COMPLIANCE', ChecksumAlgorithm: 'SHA256', IfNoneMatch: '*' });
    }
    // The statement is the commit point; only its Sigstore bundle, made from it, comes after.
    expect(puts.map((p) => p.args[0].input.Key).slice(-2)).toEqual([runKeys.statement(RUN_ID), runKeys.sigstoreBundle(RUN_ID)]);
    expect(kms.stub).toHaveReceivedCommandWith(GetPublicKeyCommand, { KeyId: 'alias/ai-evidence-seal' });
    expect(kms.stub).toHaveReceivedCommandTimes(SignCommand, 1);

    const run = await readRun();
    expect(run.manifest.schemaVersion).toBe(2);
    expect(run.manifest.scopes).toEqual([HOME, MEMBER]);
    expect(run.shardIds).toEqual([HOME_ACCOUNT, MEMBER_ACCOUNT]);
    expect(run.findings).toHaveLength(result.findings.total);
    const root = run.findings.filter((f) => f.controlId === 'sagemaker_notebook_root_access_disabled');
    expect(root.map((f) => [f.accountId, f.status]).sort()).toEqual([
      [HOME_ACCOUNT, 'FAIL'],
      [MEMBER_ACCOUNT, 'FAIL'],
    ]);
    // Three objects a shard, and the run's own: manifest, proofs, key, statement, bundle.
    expect(evidenceKeys().filter((k) => k.includes('/shards/'))).toHaveLength(6);
    expect(runObjects()).toHaveLength(5);
  });

  it("reads only the run's lists and the shards' summaries: nothing of what collect staged, no shard's items", async () => {
    const event = await prepare([HOME, MEMBER]);
    s3.stub.resetHistory();
    await invoke(event);
    const staging = s3.stub
      .commandCalls(GetObjectCommand)
      .filter((c) => c.args[0].input.Bucket === 'staging')
      .map((c) => c.args[0].input.Key)
      .sort();
    expect(staging).toEqual(
      [targetsKey(RUN_ID), accountsKey(RUN_ID), shardSummaryKey(RUN_ID, HOME_ACCOUNT), shardSummaryKey(RUN_ID, MEMBER_ACCOUNT)].sort(),
    );
    const evidenceGets = s3.stub.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Bucket === 'evidence');
    expect(evidenceGets.map((c) => c.args[0].input.Key)).toEqual([]);
  });

  it('fails closed for an account whose shard step left nothing: its shard is sealed FAILED for every target, never dropped', async () => {
    const other: Scope = { accountId: '777788889999', region: 'eu-west-1' };
    const result = await invoke(await prepare([HOME, other], { sharded: [HOME_ACCOUNT] }));
    expect(result.shards).toBe(2);
    expect(result.coverageGaps).toBe(collectors.length);
    const run = await readRun();
    expect(run.manifest.scopes).toEqual([HOME, other]);
    const entry = run.coverage.find((c) => c.accountId === other.accountId && c.collector === NOTEBOOK);
    expect(entry?.status).toBe('FAILED');
    const why = entry?.errors.find((e) => e.operation === 'SealShard');
    expect(why).toMatchObject({ kind: 'ERROR', code: 'ShardNotSealed' });
    expect(why?.message).toContain(`no summary at s3://staging/${shardSummaryKey(RUN_ID, other.accountId)}`);
    const findings = run.findings.filter((f) => f.accountId === other.accountId);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['INSUFFICIENT_EVIDENCE']));
    expect(run.findings.some((f) => f.accountId === HOME_ACCOUNT && f.status === 'FAIL')).toBe(true);
  });

  it('re-uses a shard its step stored without staging its summary, and completes one it left without its manifest', async () => {
    const event = await prepare([HOME, MEMBER]);
    const evidence = s3.bucket('evidence');
    const staging = s3.bucket('staging');
    // HOME: the step stored its shard and stopped before its summary; MEMBER: it stopped before its manifest.
    staging.delete(shardSummaryKey(RUN_ID, HOME_ACCOUNT));
    staging.delete(shardSummaryKey(RUN_ID, MEMBER_ACCOUNT));
    const memberManifest = evidence.get(shardKeys.manifest(RUN_ID, MEMBER_ACCOUNT));
    evidence.delete(shardKeys.manifest(RUN_ID, MEMBER_ACCOUNT));
    const homeShard = evidence.get(shardKeys.manifest(RUN_ID, HOME_ACCOUNT));

    const result = await invoke(event);
    expect(result.coverageGaps).toBe(0);
    expect(evidence.get(shardKeys.manifest(RUN_ID, HOME_ACCOUNT))).toEqual(homeShard);
    expect(evidence.get(shardKeys.manifest(RUN_ID, MEMBER_ACCOUNT))).toEqual(memberManifest);
    const run = await readRun();
    expect(run.findings.filter((f) => f.controlId === 'sagemaker_notebook_root_access_disabled').map((f) => f.status)).toEqual([
      'FAIL',
      'FAIL',
    ]);
    expect(result.findings.FAIL).toBe(run.findings.filter((f) => f.status === 'FAIL').length);
  });

  it('treats a staged summary of another account as none (fail closed)', async () => {
    const event = await prepare([HOME, MEMBER]);
    const staging = s3.bucket('staging');
    staging.set(shardSummaryKey(RUN_ID, MEMBER_ACCOUNT), staging.get(shardSummaryKey(RUN_ID, HOME_ACCOUNT)) as Buffer);
    await invoke(event);
    // The member's shard is taken from the store, where its step stored it.
    const run = await readRun();
    expect(run.shardIds).toEqual([HOME_ACCOUNT, MEMBER_ACCOUNT]);
  });

  it('chains a run to the previous sealed run', async () => {
    const first = await invoke(await prepare([HOME]));
    const secondId = '20261127T120000000Z-89abcdef';
    await invoke(await prepare([HOME], { runId: secondId, startedAt: '2026-11-27T12:00:00.000Z' }));
    const second = await readRun(secondId);
    expect(second.manifest.previous?.runId).toBe(first.runId);
  });

  it('returns the stored run unchanged when retried after its statement was written', async () => {
    const event = await prepare([HOME]);
    const first = await invoke(event);
    const before = s3.stub.commandCalls(PutObjectCommand).length;
    const again = await invoke(event);
    expect(again).toEqual(first);
    expect(s3.stub.commandCalls(PutObjectCommand).length).toBe(before);
  });

  it('writes the Sigstore bundle of a run that an earlier invocation stored up to its statement', async () => {
    const event = await prepare([HOME]);
    const first = await invoke(event);
    const evidence = s3.bucket('evidence');
    const bundle = evidence.get(runKeys.sigstoreBundle(RUN_ID));
    evidence.delete(runKeys.sigstoreBundle(RUN_ID));
    expect(await invoke(event)).toEqual(first);
    expect(evidence.get(runKeys.sigstoreBundle(RUN_ID))).toEqual(bundle);
  });

  it('completes a run that an earlier invocation left without its statement, keeping the manifest it stored', async () => {
    const event = await prepare([HOME]);
    await invoke(event);
    const evidence = s3.bucket('evidence');
    const manifest = evidence.get(runKeys.manifest(RUN_ID));
    evidence.delete(runKeys.statement(RUN_ID));
    evidence.delete(runKeys.sigstoreBundle(RUN_ID));

    const retried = createEvaluateAndSealHandler({ now: () => new Date('2026-11-26T12:20:00.000Z') });
    await retried(event, lambdaContext('evaluate-and-seal'));
    expect(evidence.get(runKeys.manifest(RUN_ID))).toEqual(manifest);
    expect(evidence.has(runKeys.statement(RUN_ID))).toBe(true);
    await checkShardedRun(store(), RUN_ID, kms.publicKeyPem);
  });

  it("writes none of the run's own objects when the KMS key refuses to sign", async () => {
    kms.stub.on(SignCommand).rejects(
      new KMSServiceException({
        name: 'AccessDeniedException',
        message: 'not authorized to perform kms:Sign',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(invoke(await prepare([HOME]))).rejects.toThrow('kms:Sign');
    expect(runObjects()).toEqual([]);
  });

  it('stops with the action named when the staging bucket refuses to be read, before anything is sealed', async () => {
    const event = await prepare([HOME]);
    s3.denied.add('staging');
    await expect(invoke(event)).rejects.toThrow(`s3:GetObject on s3://staging/${targetsKey(RUN_ID)} is denied`);
    expect(runObjects()).toEqual([]);
  });
});

describe('evaluate-and-seal: attestations', () => {
  const ATTESTATIONS = 'attestations';

  /** Uploads the demo's attestations and, unless told not to, its trust list to the attestations bucket. */
  function uploadDemo(options: { trustList?: boolean } = {}): string[] {
    const bucket = s3.bucket(ATTESTATIONS);
    const names = readdirSync(DEMO_ATTESTATIONS_DIR).filter((n) => n.endsWith('.attestation.json'));
    for (const name of names) bucket.set(`${ATTESTATIONS_PREFIX}${name}`, readFileSync(join(DEMO_ATTESTATIONS_DIR, name)));
    if (options.trustList !== false) {
      const key = 'acme-ai-governance-office.pem';
      bucket.set(`${TRUSTED_ATTESTERS_PREFIX}${key}`, readFileSync(join(DEMO_TRUSTED_ATTESTERS_DIR, key)));
    }
    return names;
  }

  /** The sealed run's NIST AI RMF requirement, rolled up from what the run sealed. */
  async function sealedRequirement(id: string) {
    const run = await readRun();
    const { attestations } = attestationsOf(run.evidence);
    const nist = frameworks.find((f) => f.id === 'nist-ai-rmf');
    if (!nist) throw new Error('no NIST AI RMF');
    const result = rollUp(nist, catalog, run.findings as unknown as Parameters<typeof rollUp>[2], {
      attestations,
      at: run.manifest.startedAt,
    });
    return result.requirements.find((r) => r.id === id);
  }

  it('seals the trust list and every attestation of the bucket with the run, so a trusted one attests its requirement', async () => {
    setEnv({ ATTESTATIONS_BUCKET: ATTESTATIONS });
    const names = uploadDemo();
    const result = await invoke(await prepare([HOME, MEMBER]));

    expect(result.evidence).toBe(2 + 1 + names.length);
    expect(result.coverageGaps).toBe(0);
    // Sealed by the run seal as the run's own shard.
    expect(result.shards).toBe(3);
    const run = await readRun();
    expect(run.shardIds).toEqual([HOME_ACCOUNT, MEMBER_ACCOUNT, RUN_SHARD_ID]);
    const trustLists = run.evidence.filter((e) => e.record.source.collector === TRUST_LIST_COLLECTOR);
    expect(trustLists).toHaveLength(1);
    expect(trustLists[0]?.record).toMatchObject({
      accountId: HOME_ACCOUNT,
      region: 'global',
      data: { source: `s3://${ATTESTATIONS}/${TRUSTED_ATTESTERS_PREFIX}`, attesters: [{ name: 'acme-ai-governance-office' }] },
    });
    const judged = attestationsOf(run.evidence);
    expect(judged.attestations).toHaveLength(names.length);
    expect(judged.attestations.every((a) => a.trust.trusted)).toBe(true);
    expect(run.coverage.filter((c) => c.region === 'global')).toEqual([
      {
        collector: ATTESTATION_COLLECTOR,
        accountId: HOME_ACCOUNT,
        region: 'global',
        status: 'COMPLETE',
        records: names.length,
        errors: [],
      },
      { collector: TRUST_LIST_COLLECTOR, accountId: HOME_ACCOUNT, region: 'global', status: 'COMPLETE', records: 1, errors: [] },
    ]);
    expect(await sealedRequirement('GOVERN 1.2')).toMatchObject({
      status: 'ATTESTED',
      attestation: { attester: 'acme-ai-governance-office' },
    });
  });

  it('seals attestations whose key is not on the trust list, listed as untrusted, and does not count them', async () => {
    setEnv({ ATTESTATIONS_BUCKET: ATTESTATIONS });
    uploadDemo({ trustList: false });
    await invoke(await prepare([HOME]));

    const requirement = await sealedRequirement('GOVERN 1.2');
    expect(requirement?.status).toBe('ATTESTATION_REQUIRED');
    expect(requirement?.untrusted?.[0]?.reason).toContain('signed by an untrusted key');
  });

  it('seals the run when an attestation file is bad and the trust list is denied: both recorded in its coverage, nothing counted', async () => {
    setEnv({ ATTESTATIONS_BUCKET: ATTESTATIONS });
    uploadDemo();
    const badKey = `${ATTESTATIONS_PREFIX}broken.attestation.json`;
    s3.bucket(ATTESTATIONS).set(badKey, Buffer.from('not json'));
    s3.stub
      .on(ListObjectsV2Command, { Bucket: ATTESTATIONS, Prefix: TRUSTED_ATTESTERS_PREFIX })
      .rejects(s3Error('AccessDenied', 403, 'Access Denied'));

    const result = await invoke(await prepare([HOME]));
    expect(result.coverageGaps).toBe(2);
    const run = await readRun();
    const entry = (collector: string) => run.coverage.find((c) => c.collector === collector);
    expect(entry(ATTESTATION_COLLECTOR)).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'GetObject', resourceId: `s3://${ATTESTATIONS}/${badKey}`, kind: 'INVALID_RESPONSE' }],
    });
    expect(entry(ATTESTATION_COLLECTOR)?.errors[0]?.message).toContain('is not readable JSON');
    expect(entry(TRUST_LIST_COLLECTOR)).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'ListObjectsV2', kind: 'ACCESS_DENIED', code: 'AccessDenied' }],
    });
    expect(run.evidence.some((e) => e.record.source.collector === NOTEBOOK)).toBe(true);
    expect(attestationsOf(run.evidence).trustList?.attesters).toEqual([]);
    expect((await sealedRequirement('GOVERN 1.2'))?.status).toBe('ATTESTATION_REQUIRED');
  });

  it('completes a run an earlier invocation left without its statement with the run shard it stored, even if the bucket changed since', async () => {
    setEnv({ ATTESTATIONS_BUCKET: ATTESTATIONS });
    uploadDemo();
    const event = await prepare([HOME]);
    await invoke(event);
    const evidence = s3.bucket('evidence');
    const manifest = evidence.get(runKeys.manifest(RUN_ID));
    evidence.delete(runKeys.statement(RUN_ID));
    evidence.delete(runKeys.sigstoreBundle(RUN_ID));
    // Someone uploads another file meanwhile: the retried seal re-uses the run shard it stored.
    s3.bucket(ATTESTATIONS).set(`${ATTESTATIONS_PREFIX}late.attestation.json`, Buffer.from('{}'));

    const retried = createEvaluateAndSealHandler({ now: () => new Date('2026-11-26T12:20:00.000Z') });
    await retried(event, lambdaContext('evaluate-and-seal'));
    expect(evidence.get(runKeys.manifest(RUN_ID))).toEqual(manifest);
    await checkShardedRun(store(), RUN_ID, kms.publicKeyPem);
  });

  it('without ATTESTATIONS_BUCKET (an older deployment) reads no attestation and seals no trust list, as before', async () => {
    uploadDemo();
    const result = await invoke(await prepare([HOME]));

    expect(result.evidence).toBe(1);
    expect(result.shards).toBe(1);
    const run = await readRun();
    expect(run.evidence.map((e) => e.record.source.collector)).toEqual([NOTEBOOK]);
    expect(run.coverage.some((c) => c.region === 'global')).toBe(false);
    const touched = [...s3.stub.commandCalls(ListObjectsV2Command), ...s3.stub.commandCalls(GetObjectCommand)];
    expect(touched.filter((c) => c.args[0].input.Bucket === ATTESTATIONS)).toEqual([]);
  });
});

describe('evaluate-and-seal: RFC 3161 timestamps (TSA_URLS)', () => {
  const temp = new TempDirs();
  afterAll(() => temp.removeAll());

  it('stores a token from the TSA beside the statement, which verifies against TSA_CA_PEM', async () => {
    const tsa = await startTestTsa(await temp.make('tsa'));
    const restore = setEnv({ TSA_URLS: tsa.url, TSA_CA_PEM: tsa.caPem });
    try {
      const result = await invoke(await prepare([HOME]));

      expect(result.timestamp).toMatchObject({ url: tsa.url, tsaName: 'ai-evidence test TSA' });
      expect(s3.keys()).toEqual(expect.arrayContaining([`evidence/${runKeys.timestamp(RUN_ID)}`, `evidence/${runKeys.tsaChain(RUN_ID)}`]));
      // The token's checks against TSA_CA_PEM are verify's (v2 verify: helper-verify); here the run itself.
      await checkShardedRun(store(), RUN_ID, kms.publicKeyPem);
    } finally {
      restore();
      await tsa.close();
    }
  });

  it('seals the run without a token when the TSA is down, counting it as a coverage gap', async () => {
    const down = await startDeadTsa('fail');
    const restore = setEnv({ TSA_URLS: down.url, TSA_CA_PEM: readFileSync(join('lib', 'demo', 'tsa', 'demo-tsa-root.pem'), 'utf8') });
    try {
      const result = await invoke(await prepare([HOME]));

      expect(result.timestamp).toBeNull();
      expect(result.coverageGaps).toBe(1);
      expect(s3.keys()).toContain(`evidence/${runKeys.statement(RUN_ID)}`);
      expect(s3.keys()).not.toContain(`evidence/${runKeys.timestamp(RUN_ID)}`);
    } finally {
      restore();
      await down.close();
    }
  });

  it('refuses TSA_URLS without TSA_CA_PEM, naming both', async () => {
    const restore = setEnv({ TSA_URLS: 'https://tsa.example/', TSA_CA_PEM: undefined });
    try {
      await expect(invoke(await prepare([HOME]))).rejects.toThrow(/TSA_URLS is set but TSA_CA_PEM is not/);
    } finally {
      restore();
    }
  });
});
