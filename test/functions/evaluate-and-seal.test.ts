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
import { ATTESTATION_COLLECTOR } from '../../lib/attestations/attestation.js';
import { attestationsOf } from '../../lib/attestations/run.js';
import { TRUST_LIST_COLLECTOR } from '../../lib/attestations/trust.js';
import { DEMO_ATTESTATIONS_DIR, DEMO_TRUSTED_ATTESTERS_DIR } from '../../lib/cli/attest.js';
import { collectors } from '../../lib/collectors/index.js';
import { catalog } from '../../lib/controls/index.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { frameworks } from '../../lib/frameworks/definitions.js';
import { rollUp } from '../../lib/frameworks/rollup.js';
import { ATTESTATIONS_PREFIX, TRUSTED_ATTESTERS_PREFIX } from '../../lib/pipeline/attestations.js';
import { failedTargetKey, stagedKey, targetsKey } from '../../lib/pipeline/staging.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { S3ObjectLockStore } from '../../lib/store/s3.js';
import { runKeys } from '../../lib/store/types.js';
import { TempDirs } from '../helpers/temp.js';
import { startDeadTsa, startTestTsa } from '../helpers/tsa.js';
import {
  FakeS3,
  FUNCTION_ENV,
  fakeKmsKey,
  HOME_ACCOUNT,
  lambdaContext,
  MEMBER_ACCOUNT,
  recordFailedTarget,
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

/**
 * What the state machine leaves before evaluate-and-seal: the run's targets (list-targets) and the
 * staged object of each target collect staged (all unless `staged` says which); gives the event.
 */
async function prepare(scopes: Scope[], options: { staged?: Scope[]; runId?: string; startedAt?: string } = {}) {
  const runId = options.runId ?? RUN_ID;
  const startedAt = options.startedAt ?? STARTED_AT;
  for (const scope of options.staged ?? scopes) await stageScope(client, scope, runId, startedAt);
  return stageTargets(client, runId, startedAt, scopes);
}

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
    [
      { runId: RUN_ID, startedAt: STARTED_AT, targets: { key: targetsKey(RUN_ID), count: 0 } },
      'targets.count: a run needs at least one target',
    ],
    [{ runId: RUN_ID, startedAt: STARTED_AT }, 'targets:'],
    [{ runId: 'run-1', startedAt: STARTED_AT, targets: { key: 'k', count: 1 } }, 'runId: not a run id'],
    // The old event, every result gathered in the state, is refused by name.
    [{ runId: RUN_ID, startedAt: STARTED_AT, targets: { key: targetsKey(RUN_ID), count: 1 }, results: [] }, 'Unrecognized key: "results"'],
    [
      { runId: RUN_ID, startedAt: STARTED_AT, targets: { key: 'staging/other/targets.jsonl', count: 1 } },
      `targets.key is staging/other/targets.jsonl, not ${targetsKey(RUN_ID)}`,
    ],
  ])('refuses %j naming the field, and writes nothing', async (bad, named) => {
    await expect(invoke(bad)).rejects.toThrow(named);
    await expect(invoke(bad)).rejects.toMatchObject({ name: 'InvalidEventError' });
    expect(evidenceKeys()).toEqual([]);
  });

  it('refuses a targets object that is missing, unreadable, or not of the count list-targets returned, and seals nothing', async () => {
    const event = await prepare([HOME, MEMBER]);
    const cases: [string | undefined, number, string][] = [
      [undefined, 2, `The targets of run ${RUN_ID} cannot be read from s3://staging/${targetsKey(RUN_ID)}`],
      [
        `{"accountId":"${HOME_ACCOUNT}","region":"eu-west-1"}\nnot json\n`,
        2,
        `s3://staging/${targetsKey(RUN_ID)}: line 2 is not valid JSON`,
      ],
      [`{"accountId":"${HOME_ACCOUNT}","region":"moon"}\n`, 1, 'line 1 is not a target'],
      [`{"accountId":"${HOME_ACCOUNT}","region":"eu-west-1"}\n{"accountId":"${HOME_ACCOUNT}","region":"eu-west-1"}\n`, 2, 'line 2 names'],
      [undefined, 3, `lists 2 targets, but list-targets wrote 3: nothing was sealed`],
    ];
    const original = s3.bucket('staging').get(targetsKey(RUN_ID)) as Buffer;
    for (const [body, count, named] of cases) {
      if (body === undefined && count === 2) s3.bucket('staging').delete(targetsKey(RUN_ID));
      else s3.bucket('staging').set(targetsKey(RUN_ID), body === undefined ? original : Buffer.from(body));
      await expect(invoke({ ...event, targets: { ...event.targets, count } })).rejects.toThrow(named);
    }
    expect(evidenceKeys()).toEqual([]);
    expect(kms.stub).not.toHaveReceivedCommand(SignCommand);
  });

  it('names each missing variable of its environment', async () => {
    setEnv({ RETENTION_DAYS: 'forever', SIGNING_KEY_ID: undefined });
    await expect(invoke(await prepare([HOME]))).rejects.toThrow(
      'RETENTION_DAYS must be a whole number (got "forever"); SIGNING_KEY_ID is not set',
    );
    expect(evidenceKeys()).toEqual([]);
  });
});

describe('evaluate-and-seal: a run', () => {
  it('seals the staged evidence of every target with the KMS key into the Object Lock bucket, verifiable with the pinned key', async () => {
    const result = await invoke(await prepare([HOME, MEMBER]));

    expect(result.runId).toBe(RUN_ID);
    expect(result.statementKey).toBe(runKeys.statement(RUN_ID));
    expect(result.evidence).toBe(2);
    expect(result.coverageGaps).toBe(0);
    expect(result.findings.total).toBe(
      result.findings.PASS + result.findings.FAIL + result.findings.NOT_APPLICABLE + result.findings.INSUFFICIENT_EVIDENCE,
    );
    expect(result.findings.FAIL).toBeGreaterThanOrEqual(2);
    expect(EvaluateAndSealResultSchema.parse(result)).toEqual(result);

    const puts = s3.stub.commandCalls(PutObjectCommand).filter((c) => c.args[0].input.Bucket === 'evidence');
    expect(puts.length).toBeGreaterThan(0);
    for (const put of puts) {
      expect(put.args[0].input).toMatchObject({ ObjectLockMode: 'COMPLIANCE', ChecksumAlgorithm: 'SHA256', IfNoneMatch: '*' });
    }
    // The statement is the commit point; only its Sigstore bundle, made from it, comes after.
    expect(puts.map((p) => p.args[0].input.Key).slice(-2)).toEqual([runKeys.statement(RUN_ID), runKeys.sigstoreBundle(RUN_ID)]);
    expect(kms.stub).toHaveReceivedCommandWith(GetPublicKeyCommand, { KeyId: 'alias/ai-evidence-seal' });

    const report = await verifyStore(store(), { publicKey: kms.publicKeyPem });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);

    const sealed = await loadSealedRun(store(), RUN_ID);
    expect(sealed.manifest.scopes).toEqual([HOME, MEMBER]);
    const root = sealed.findings.filter((f) => f.finding.controlId === 'sagemaker_notebook_root_access_disabled').map((f) => f.finding);
    expect(root.map((f) => [f.accountId, f.status]).sort()).toEqual([
      [HOME_ACCOUNT, 'FAIL'],
      [MEMBER_ACCOUNT, 'FAIL'],
    ]);
  });

  it('reads what became of every target with one listing of the staging prefix, not one request per target', async () => {
    await invoke(await prepare([HOME, MEMBER]));
    const staging = (c: { args: [{ input: { Bucket?: string } }] }) => c.args[0].input.Bucket === 'staging';
    expect(s3.stub.commandCalls(ListObjectsV2Command).filter(staging)).toHaveLength(1);
    // The targets object and the two staged objects.
    expect(s3.stub.commandCalls(GetObjectCommand).filter(staging)).toHaveLength(3);
  });

  it('records a target whose collect function failed as FAILED coverage, so its controls are INSUFFICIENT_EVIDENCE, and seals the rest', async () => {
    const event = await prepare([HOME, MEMBER], { staged: [HOME] });
    await recordFailedTarget(client, RUN_ID, MEMBER, 'States.Timeout', 'Task timed out after 900.00 seconds');
    const result = await invoke(event);

    expect(result.coverageGaps).toBe(collectors.length);
    const sealed = await loadSealedRun(store(), RUN_ID);
    expect(sealed.manifest.scopes).toEqual([HOME, MEMBER]);
    const member = sealed.manifest.coverage.filter((c) => c.accountId === MEMBER_ACCOUNT);
    expect(member.map((c) => c.collector).sort()).toEqual(collectors.map((c) => c.id).sort());
    const why = `The collect function failed for ${MEMBER_ACCOUNT}/eu-west-1: States.Timeout: Task timed out after 900.00 seconds`;
    for (const entry of member) {
      expect(entry.status).toBe('FAILED');
      expect(entry.errors).toContainEqual({ operation: 'Collect', kind: 'ERROR', code: 'States.Timeout', message: why });
      for (const error of entry.errors) expect(error.message.endsWith(why)).toBe(true);
    }
    const memberFindings = sealed.findings.map((f) => f.finding).filter((f) => f.accountId === MEMBER_ACCOUNT);
    expect(memberFindings.length).toBeGreaterThan(0);
    expect(new Set(memberFindings.map((f) => f.status))).toEqual(new Set(['INSUFFICIENT_EVIDENCE']));
    expect(sealed.findings.some((f) => f.finding.accountId === HOME_ACCOUNT && f.finding.status === 'FAIL')).toBe(true);
  });

  it('records a target of which nothing was staged, nor its failure, as FAILED coverage: never dropped from the run', async () => {
    const other: Scope = { accountId: '777788889999', region: 'eu-west-1' };
    const result = await invoke(await prepare([HOME, other], { staged: [HOME] }));
    expect(result.coverageGaps).toBe(collectors.length);
    const sealed = await loadSealedRun(store(), RUN_ID);
    expect(sealed.manifest.scopes).toEqual([HOME, other]);
    const entry = sealed.manifest.coverage.find((c) => c.accountId === other.accountId && c.collector === NOTEBOOK);
    expect(entry?.status).toBe('FAILED');
    const notStaged = entry?.errors.find((e) => e.operation === 'Collect');
    expect(notStaged).toMatchObject({ operation: 'Collect', kind: 'ERROR', code: 'NotStaged' });
    expect(notStaged?.message).toContain(`neither ${stagedKey(RUN_ID, other)} nor ${failedTargetKey(RUN_ID, other)}`);
    const findings = sealed.findings.map((f) => f.finding).filter((f) => f.accountId === other.accountId);
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['INSUFFICIENT_EVIDENCE']));
  });

  it('records a staged object of another scope, or a failure record that cannot be read, as FAILED coverage naming it', async () => {
    const other: Scope = { accountId: '777788889999', region: 'eu-west-1' };
    const event = await prepare([HOME, MEMBER, other], { staged: [HOME] });
    // The member's staged object holds the home account's evidence.
    s3.bucket('staging').set(stagedKey(RUN_ID, MEMBER), s3.bucket('staging').get(stagedKey(RUN_ID, HOME)) as Buffer);
    s3.bucket('staging').set(failedTargetKey(RUN_ID, other), Buffer.from('{"schemaVersion":1}'));

    await invoke(event);
    const coverage = (await loadSealedRun(store(), RUN_ID)).manifest.coverage;
    const errorOf = (accountId: string, operation = 'ReadStagedEvidence') =>
      coverage.find((c) => c.accountId === accountId && c.collector === NOTEBOOK)?.errors.find((e) => e.operation === operation);
    expect(errorOf(MEMBER_ACCOUNT)).toMatchObject({ operation: 'ReadStagedEvidence', kind: 'INVALID_RESPONSE', code: 'StagingError' });
    expect(errorOf(MEMBER_ACCOUNT)?.message).toContain(
      `s3://staging/${stagedKey(RUN_ID, MEMBER)} is of accountId ${HOME_ACCOUNT}, not ${MEMBER_ACCOUNT}`,
    );
    expect(errorOf(other.accountId, 'Collect')).toMatchObject({ operation: 'Collect', code: 'UnreadableFailureRecord' });
    expect(errorOf(other.accountId, 'Collect')?.message).toContain(`s3://staging/${failedTargetKey(RUN_ID, other)} is not a failed target`);
    expect(errorOf(HOME_ACCOUNT)).toBeUndefined();
  });

  it('chains a run to the previous sealed run', async () => {
    const first = await invoke(await prepare([HOME]));
    const secondId = '20261127T120000000Z-89abcdef';
    await invoke(await prepare([HOME], { runId: secondId, startedAt: '2026-11-27T12:00:00.000Z' }));

    const second = await loadSealedRun(store(), secondId);
    expect(second.manifest.previous?.runId).toBe(first.runId);
    expect((await verifyStore(store(), { publicKey: kms.publicKeyPem })).ok).toBe(true);
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
    evidence.delete(runKeys.sigstoreBundle(RUN_ID)); // the first invocation timed out before its last write

    const again = await invoke(event);
    expect(again).toEqual(first);
    expect(evidence.get(runKeys.sigstoreBundle(RUN_ID))).toEqual(bundle);
    expect((await verifyStore(store(), { publicKey: kms.publicKeyPem })).problems).toEqual([]);
  });

  it('completes a run that an earlier invocation left without its statement, keeping the manifest it stored', async () => {
    const event = await prepare([HOME]);
    await invoke(event);
    const evidence = s3.bucket('evidence');
    const manifest = evidence.get(runKeys.manifest(RUN_ID));
    // The first invocation timed out before its last two writes: the statement and its Sigstore bundle.
    evidence.delete(runKeys.statement(RUN_ID));
    evidence.delete(runKeys.sigstoreBundle(RUN_ID));

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
    await expect(invoke(await prepare([HOME]))).rejects.toThrow('kms:Sign');
    expect(evidenceKeys()).toEqual([]);
  });

  it('stops with the action named when the staging bucket refuses to be read, before anything is sealed', async () => {
    const event = await prepare([HOME]);
    s3.denied.add('staging');
    await expect(invoke(event)).rejects.toThrow(`s3:GetObject on s3://staging/${targetsKey(RUN_ID)} is denied`);
    expect(evidenceKeys()).toEqual([]);
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
    const run = await loadSealedRun(store(), RUN_ID);
    const { attestations } = attestationsOf(run.evidence);
    const nist = frameworks.find((f) => f.id === 'nist-ai-rmf');
    if (!nist) throw new Error('no NIST AI RMF');
    const result = rollUp(
      nist,
      catalog,
      run.findings.map((f) => f.finding),
      { attestations, at: run.manifest.startedAt },
    );
    return result.requirements.find((r) => r.id === id);
  }

  it('seals the trust list and every attestation of the bucket with the run, so a trusted one attests its requirement', async () => {
    setEnv({ ATTESTATIONS_BUCKET: ATTESTATIONS });
    const names = uploadDemo();
    const result = await invoke(await prepare([HOME, MEMBER]));

    expect(result.evidence).toBe(2 + 1 + names.length);
    expect(result.coverageGaps).toBe(0);
    const run = await loadSealedRun(store(), RUN_ID);
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
    expect(run.manifest.coverage.filter((c) => c.region === 'global')).toEqual([
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
    expect((await verifyStore(store(), { publicKey: kms.publicKeyPem })).ok).toBe(true);
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
    const run = await loadSealedRun(store(), RUN_ID);
    const entry = (collector: string) => run.manifest.coverage.find((c) => c.collector === collector);
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

  it('completes a run an earlier invocation left without its statement with the same attestation records and manifest', async () => {
    setEnv({ ATTESTATIONS_BUCKET: ATTESTATIONS });
    uploadDemo();
    const event = await prepare([HOME]);
    await invoke(event);
    const evidence = s3.bucket('evidence');
    const manifest = evidence.get(runKeys.manifest(RUN_ID));
    evidence.delete(runKeys.statement(RUN_ID));
    evidence.delete(runKeys.sigstoreBundle(RUN_ID));

    const retried = createEvaluateAndSealHandler({ now: () => new Date('2026-11-26T12:20:00.000Z') });
    await retried(event, lambdaContext('evaluate-and-seal'));
    expect(evidence.get(runKeys.manifest(RUN_ID))).toEqual(manifest);
    expect((await verifyStore(store(), { publicKey: kms.publicKeyPem })).problems).toEqual([]);
  });

  it('without ATTESTATIONS_BUCKET (an older deployment) reads no attestation and seals no trust list, as before', async () => {
    uploadDemo();
    const result = await invoke(await prepare([HOME]));

    expect(result.evidence).toBe(1);
    const run = await loadSealedRun(store(), RUN_ID);
    expect(run.evidence.map((e) => e.record.source.collector)).toEqual([NOTEBOOK]);
    expect(run.manifest.coverage.some((c) => c.region === 'global')).toBe(false);
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
      // The handler's clock is fixed in 2026-11; the TSA's is real, so the time check gets a wide tolerance.
      const report = await verifyStore(store(), {
        publicKey: kms.publicKeyPem,
        tsaAnchorsPem: tsa.caPem,
        timeToleranceMs: 10 * 365 * 86_400_000,
      });
      expect(report.problems).toEqual([]);
      expect(report.runs[0]?.timestamp.status).toBe('verified');
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
