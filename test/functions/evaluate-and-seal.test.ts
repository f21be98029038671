import 'aws-sdk-client-mock-vitest/extend';
import { GetPublicKeyCommand, KMSServiceException, SignCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { createEvaluateAndSealHandler } from '../../functions/evaluate-and-seal.js';
import { collectors } from '../../lib/collectors/index.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { stagedKey } from '../../lib/pipeline/staging.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { S3ObjectLockStore } from '../../lib/store/s3.js';
import { runKeys } from '../../lib/store/types.js';
import { FakeS3, FUNCTION_ENV, fakeKmsKey, HOME_ACCOUNT, lambdaContext, MEMBER_ACCOUNT, setEnv, stageScope } from './fakes.js';

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

const stage = (scope: Scope, runId = RUN_ID) => stageScope(client, scope, runId, STARTED_AT);

const evidenceKeys = () => s3.keys().filter((k) => k.startsWith('evidence/'));

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
  it.each([
    [{ runId: RUN_ID, startedAt: STARTED_AT, results: [] }, 'results: a run needs at least one target'],
    [{ runId: RUN_ID, startedAt: STARTED_AT }, 'results:'],
    [{ runId: 'run-1', startedAt: STARTED_AT, results: [{}] }, 'runId: not a run id'],
  ])('refuses %j naming the field', async (bad, named) => {
    await expect(invoke(bad)).rejects.toThrow(named);
    expect(evidenceKeys()).toEqual([]);
  });

  it('names the result and the field that is wrong, and writes nothing', async () => {
    const good = await stage(HOME);
    const cases: [unknown, string][] = [
      [[good, { ...good, accountId: 'x' }], 'results[1].accountId: an AWS account id is 12 digits'],
      [[{ accountId: MEMBER_ACCOUNT, region: 'eu-west-1', error: 42 }], 'results[0].error:'],
      [[{ ...good, stagedKey: 'staging/other/key.json' }], `results[0].stagedKey is staging/other/key.json, not ${good.stagedKey}`],
      [[{ ...good, runId: '20261126T110000000Z-0123abcd' }], `results[0].runId is 20261126T110000000Z-0123abcd, not the run ${RUN_ID}`],
      [[good, good], `results[1] is a second result for ${HOME_ACCOUNT}/eu-west-1`],
    ];
    for (const [results, named] of cases) {
      const attempt = invoke({ runId: RUN_ID, startedAt: STARTED_AT, results });
      await expect(attempt).rejects.toThrow(named);
      await expect(invoke({ runId: RUN_ID, startedAt: STARTED_AT, results })).rejects.toMatchObject({ name: 'InvalidEventError' });
    }
    expect(evidenceKeys()).toEqual([]);
    expect(kms.stub).not.toHaveReceivedCommand(SignCommand);
  });

  it('names each missing variable of its environment', async () => {
    setEnv({ RETENTION_DAYS: 'forever', SIGNING_KEY_ID: undefined });
    await expect(invoke({ runId: RUN_ID, startedAt: STARTED_AT, results: [await stage(HOME)] })).rejects.toThrow(
      'RETENTION_DAYS must be a whole number (got "forever"); SIGNING_KEY_ID is not set',
    );
    expect(evidenceKeys()).toEqual([]);
  });
});

describe('evaluate-and-seal: a run', () => {
  it('seals the staged evidence of every target with the KMS key into the Object Lock bucket, verifiable with the pinned key', async () => {
    const results = [await stage(HOME), await stage(MEMBER)];
    const result = await invoke({ runId: RUN_ID, startedAt: STARTED_AT, results });

    expect(result.runId).toBe(RUN_ID);
    expect(result.statementKey).toBe(runKeys.statement(RUN_ID));
    expect(result.evidence).toBe(2);
    expect(result.coverageGaps).toBe(0);
    expect(result.findings.total).toBe(
      result.findings.PASS + result.findings.FAIL + result.findings.NOT_APPLICABLE + result.findings.INSUFFICIENT_EVIDENCE,
    );
    expect(result.findings.FAIL).toBeGreaterThanOrEqual(2);

    const puts = s3.stub.commandCalls(PutObjectCommand).filter((c) => c.args[0].input.Bucket === 'evidence');
    expect(puts.length).toBeGreaterThan(0);
    for (const put of puts) {
      expect(put.args[0].input).toMatchObject({ ObjectLockMode: 'COMPLIANCE', ChecksumAlgorithm: 'SHA256', IfNoneMatch: '*' });
    }
    expect(puts.at(-1)?.args[0].input.Key).toBe(runKeys.statement(RUN_ID));
    expect(kms.stub).toHaveReceivedCommandWith(GetPublicKeyCommand, { KeyId: 'alias/ai-evidence-seal' });

    const report = await verifyStore(store(), { publicKey: kms.publicKeyPem });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);

    const run = await loadSealedRun(store(), RUN_ID);
    expect(run.manifest.scopes).toEqual([HOME, MEMBER]);
    const root = run.findings.filter((f) => f.finding.controlId === 'sagemaker_notebook_root_access_disabled').map((f) => f.finding);
    expect(root.map((f) => [f.accountId, f.status]).sort()).toEqual([
      [HOME_ACCOUNT, 'FAIL'],
      [MEMBER_ACCOUNT, 'FAIL'],
    ]);
  });

  it('accepts collect results without their coverage summary (the staged object holds the coverage)', async () => {
    const { coverage: _summary, ...home } = await stage(HOME);
    const result = await invoke({ runId: RUN_ID, startedAt: STARTED_AT, results: [home] });
    expect(result.evidence).toBe(1);
    expect((await loadSealedRun(store(), RUN_ID)).manifest.coverage).toHaveLength(collectors.length);
  });

  it('records a target whose collect function failed as FAILED coverage, so its controls are INSUFFICIENT_EVIDENCE, and seals the rest', async () => {
    const results = [
      await stage(HOME),
      { accountId: MEMBER_ACCOUNT, region: 'eu-west-1', error: 'States.Timeout', cause: 'Task timed out after 900.00 seconds' },
    ];
    const result = await invoke({ runId: RUN_ID, startedAt: STARTED_AT, results });

    expect(result.coverageGaps).toBe(collectors.length);
    const run = await loadSealedRun(store(), RUN_ID);
    const member = run.manifest.coverage.filter((c) => c.accountId === MEMBER_ACCOUNT);
    expect(member.map((c) => c.collector).sort()).toEqual(collectors.map((c) => c.id).sort());
    const why = `The collect function failed for ${MEMBER_ACCOUNT}/eu-west-1: States.Timeout: Task timed out after 900.00 seconds`;
    for (const entry of member) {
      expect(entry.status).toBe('FAILED');
      expect(entry.errors).toContainEqual({ operation: 'Collect', kind: 'ERROR', code: 'States.Timeout', message: why });
      for (const error of entry.errors) expect(error.message.endsWith(why)).toBe(true);
    }
    const memberFindings = run.findings.map((f) => f.finding).filter((f) => f.accountId === MEMBER_ACCOUNT);
    expect(memberFindings.length).toBeGreaterThan(0);
    expect(new Set(memberFindings.map((f) => f.status))).toEqual(new Set(['INSUFFICIENT_EVIDENCE']));
    expect(run.findings.some((f) => f.finding.accountId === HOME_ACCOUNT && f.finding.status === 'FAIL')).toBe(true);
  });

  it('records a staged object that is missing or of another scope as FAILED coverage naming the object', async () => {
    const home = await stage(HOME);
    // The member's staged object holds the home account's evidence.
    const member = { ...home, accountId: MEMBER_ACCOUNT, stagedKey: stagedKey(RUN_ID, MEMBER) };
    s3.bucket('staging').set(member.stagedKey, s3.bucket('staging').get(home.stagedKey) as Buffer);
    const other: Scope = { accountId: '777788889999', region: 'eu-west-1' };
    const missing = { ...home, accountId: other.accountId, stagedKey: stagedKey(RUN_ID, other) };

    await invoke({ runId: RUN_ID, startedAt: STARTED_AT, results: [home, member, missing] });
    const coverage = (await loadSealedRun(store(), RUN_ID)).manifest.coverage;
    const errorOf = (accountId: string) =>
      coverage.find((c) => c.accountId === accountId && c.collector === NOTEBOOK)?.errors.find((e) => e.operation === 'ReadStagedEvidence');
    expect(errorOf(MEMBER_ACCOUNT)).toMatchObject({ operation: 'ReadStagedEvidence', kind: 'INVALID_RESPONSE', code: 'StagingError' });
    expect(errorOf(MEMBER_ACCOUNT)?.message).toContain(
      `s3://staging/${member.stagedKey} is of accountId ${HOME_ACCOUNT}, not ${MEMBER_ACCOUNT}`,
    );
    expect(errorOf(other.accountId)).toMatchObject({ operation: 'ReadStagedEvidence', kind: 'ERROR', code: 'NoSuchKey' });
    expect(errorOf(HOME_ACCOUNT)).toBeUndefined();
  });

  it('chains a run to the previous sealed run', async () => {
    const first = await invoke({ runId: RUN_ID, startedAt: STARTED_AT, results: [await stage(HOME)] });
    const secondId = '20261127T120000000Z-89abcdef';
    await invoke({ runId: secondId, startedAt: '2026-11-27T12:00:00.000Z', results: [await stage(HOME, secondId)] });

    const second = await loadSealedRun(store(), secondId);
    expect(second.manifest.previous?.runId).toBe(first.runId);
    expect((await verifyStore(store(), { publicKey: kms.publicKeyPem })).ok).toBe(true);
  });

  it('returns the stored run unchanged when retried after its statement was written', async () => {
    const event = { runId: RUN_ID, startedAt: STARTED_AT, results: [await stage(HOME)] };
    const first = await invoke(event);
    const before = s3.stub.commandCalls(PutObjectCommand).length;
    const again = await invoke(event);
    expect(again).toEqual(first);
    expect(s3.stub.commandCalls(PutObjectCommand).length).toBe(before);
  });

  it('completes a run that an earlier invocation left without its statement, keeping the manifest it stored', async () => {
    const event = { runId: RUN_ID, startedAt: STARTED_AT, results: [await stage(HOME)] };
    await invoke(event);
    const evidence = s3.bucket('evidence');
    const manifest = evidence.get(runKeys.manifest(RUN_ID));
    evidence.delete(runKeys.statement(RUN_ID)); // the first invocation timed out before its last write

    const retried = createEvaluateAndSealHandler({ now: () => new Date('2026-11-26T12:20:00.000Z') });
    await retried(event, lambdaContext('evaluate-and-seal'));
    expect(evidence.get(runKeys.manifest(RUN_ID))).toEqual(manifest);
    expect(evidence.has(runKeys.statement(RUN_ID))).toBe(true);
    const report = await verifyStore(store(), { publicKey: kms.publicKeyPem });
    expect(report.problems).toEqual([]);
  });

  it('writes nothing to the evidence bucket when the KMS key refuses to sign', async () => {
    kms.stub.on(SignCommand).rejects(
      new KMSServiceException({
        name: 'AccessDeniedException',
        message: 'not authorized to perform kms:Sign',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(invoke({ runId: RUN_ID, startedAt: STARTED_AT, results: [await stage(HOME)] })).rejects.toThrow('kms:Sign');
    expect(evidenceKeys()).toEqual([]);
  });

  it('stops with the action named when the staging bucket refuses to be read, before anything is sealed', async () => {
    const results = [await stage(HOME)];
    s3.denied.add('staging');
    await expect(invoke({ runId: RUN_ID, startedAt: STARTED_AT, results })).rejects.toThrow(
      `s3:GetObject on s3://staging/${results[0]?.stagedKey} is denied`,
    );
    expect(evidenceKeys()).toEqual([]);
  });
});
