/**
 * The Lambda handlers against moto server, in process, as the state machine runs them:
 * list-targets (which writes the run's targets to S3) -> collect per target, read back from that
 * object as the Distributed Map's ItemReader does (runCollectMap; moto's Step Functions runs no
 * ItemReader) -> evaluate-and-seal (which reads the targets and what became of each from S3) ->
 * export. Four accounts: the home account (the functions' own), a member account whose role is
 * assumed, a member account whose role cannot be assumed, and one whose collect function fails
 * (its Map child's Catch writes the failed-target object). moto assumes any role whatever its
 * trust policy, so that refusal is injected at the STS client's HTTP handler (functions-seed.ts)
 * as AWS's 403 answer.
 */

import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteNotebookInstanceCommand, StopNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { type AwsSecurityFinding, EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { type CollectResult, createCollectHandler } from '../../functions/collect.js';
import { createEvaluateAndSealHandler } from '../../functions/evaluate-and-seal.js';
import { createExportHandler } from '../../functions/export.js';
import { createListTargetsHandler } from '../../functions/list-targets.js';
import { createPublishHandler, securityHubClient } from '../../functions/publish.js';
import { createSealShardHandler } from '../../functions/seal-shard.js';
import { awsClients } from '../../functions/shared/clients.js';
import { collectors } from '../../lib/collectors/index.js';
import { catalog } from '../../lib/controls/index.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { verifyBundle } from '../../lib/export/verify-bundle.js';
import { PublishIncompleteError } from '../../lib/publish/accounts.js';
import { asffId } from '../../lib/publish/asff.js';
import { asffProblems } from '../../lib/publish/asff-schema.js';
import { headFindingId, isHeadFinding } from '../../lib/publish/head.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { S3ObjectLockStore } from '../../lib/store/s3.js';
import { runKeys } from '../../lib/store/types.js';
import { lambdaContext } from '../functions/fakes.js';
import {
  type Deployment,
  deploy,
  functionEnvironment,
  refusingSts,
  runCollectMap,
  runShardMap,
  signingPublicKeyPem,
} from './functions-seed.js';
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
const RETENTION_DAYS = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

// The cloud seals sharded (v2) runs; what this file checks of them (loadSealedRun, verifyStore, export,
// publish) reads v2 runs once the readers do (other helpers' work): skipped until then, saying so.

describe.skipIf(moto.endpoint === null)(`the functions against moto server${skipReason}`, () => {
  let home: MotoAccount;
  let member: MotoAccount;
  const refusedAccount = '210000000042';
  /** Its collect function fails (here at once; in AWS e.g. a timeout): the Map's Catch records it. */
  const crashingAccount = '210000000043';
  let deployment: Deployment;
  let scratch: string;
  let restoreEnv: () => void;
  let s3: S3Client;
  let publicKeyPem: string;
  const refusal = refusingSts(refusedAccount);

  let runId = '';
  let collected: CollectResult[] = [];
  let sealed: Awaited<ReturnType<ReturnType<typeof createEvaluateAndSealHandler>>>;

  const store = () => new S3ObjectLockStore({ client: s3, bucket: deployment.evidenceBucket, retentionDays: RETENTION_DAYS });

  /** The first run's sealed findings, read back once for the tests that compare with them. */
  let firstRun: Promise<Awaited<ReturnType<typeof loadSealedRun>>['findings']> | undefined;
  const firstRunFindings = () => {
    firstRun ??= loadSealedRun(store(), runId).then((r) => r.findings);
    return firstRun;
  };

  /** Every finding Security Hub of the home account holds (moto ignores GetFindings filters). */
  async function heldFindings(): Promise<AwsSecurityFinding[]> {
    const hub = new SecurityHubClient({ endpoint: endpoint(), region: REGION, credentials: home.credentials });
    const findings: AwsSecurityFinding[] = [];
    let NextToken: string | undefined;
    do {
      const page = await hub.send(new GetFindingsCommand({ MaxResults: 100, ...(NextToken ? { NextToken } : {}) }));
      findings.push(...(page.Findings ?? []));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    hub.destroy();
    return findings;
  }

  beforeAll(async () => {
    [home, member] = await Promise.all([freshAccount(), freshAccount()]);
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-functions-'));
    deployment = await deploy(home, REGION);
    const hub = new SecurityHubClient({ endpoint: endpoint(), region: REGION, credentials: home.credentials });
    await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    hub.destroy();
    for (const account of [home, member]) {
      const seed = seedClients(account, REGION);
      await createNotebooks(seed.sagemaker, account, distinctNotebooks(account, REGION));
      await putLogging(seed.bedrock, fullLoggingConfig(account));
      seed.sagemaker.destroy();
      seed.bedrock.destroy();
    }
    // The functions run as the home account, with the configuration the CDK app gives them.
    restoreEnv = setEnv({
      ...functionEnvironment(home, REGION, scratch, deployment, RETENTION_DAYS),
      EXPORT_BUCKET: deployment.exportBucket,
      EXPORT_URL_TTL_SECONDS: '600',
    });
    s3 = new S3Client({ endpoint: endpoint(), region: REGION, credentials: home.credentials, forcePathStyle: true });
    publicKeyPem = await signingPublicKeyPem(home, REGION, deployment.keyArn);
  }, 120_000);

  afterAll(async () => {
    restoreEnv?.();
    s3?.destroy();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('runs list-targets, collect for every target and evaluate-and-seal into the Object Lock bucket, through S3 only', async () => {
    const started = await createListTargetsHandler()(
      { accounts: [home.accountId, member.accountId, refusedAccount, crashingAccount] },
      lambdaContext('list-targets'),
    );
    runId = started.runId;
    // Only a pointer comes back: the targets are in the staging bucket.
    expect(started.targets).toEqual({ key: `staging/${runId}/targets.jsonl`, count: 4 });

    const collect = createCollectHandler({ clients: { s3: awsClients.s3, sts: refusal.sts } });
    const children = await runCollectMap(s3, deployment.stagingBucket, started, (event) =>
      event.accountId === crashingAccount
        ? Promise.reject(Object.assign(new Error('Task timed out after 600.00 seconds'), { name: 'Sandbox.Timedout' }))
        : collect(event, lambdaContext('collect')),
    );
    expect(children.map((c) => c.item.accountId)).toEqual([home.accountId, member.accountId, refusedAccount, crashingAccount]);
    expect(children.filter((c) => c.error).map((c) => c.item.accountId)).toEqual([crashingAccount]);
    collected = children.flatMap((c) => (c.result ? [c.result as CollectResult] : []));
    expect(refusal.handler.refused).toEqual([`arn:aws:iam::${refusedAccount}:role/AiEvidenceReadOnly`]);

    // The state machine hands evaluate-and-seal what list-targets returned, nothing gathered from the Map.
    const shardSteps = createSealShardHandler();
    await runShardMap(s3, deployment.stagingBucket, started, (event) => shardSteps(event, lambdaContext('seal-shard')));
    sealed = await createEvaluateAndSealHandler()(
      { runId, startedAt: started.startedAt, targets: started.targets, accounts: started.accounts },
      lambdaContext('evaluate-and-seal'),
    );
    expect(sealed.runId).toBe(runId);
    expect(sealed.coverageGaps).toBeGreaterThanOrEqual(2 * collectors.length);
    expect(sealed.statementKey).toBe(runKeys.statement(runId));
    expect(sealed.evidence).toBeGreaterThanOrEqual(10); // 4 notebooks and a logging setting in each of two accounts
  });

  it('records the account whose role cannot be assumed as FAILED coverage naming sts:AssumeRole, while the others are collected', async () => {
    const refused = collected.find((c) => c.accountId === refusedAccount);
    expect(refused?.coverage.map((c) => c.status)).toEqual(collectors.map(() => 'FAILED'));
    const run = await loadSealedRun(store(), runId);
    for (const entry of run.manifest.coverage.filter((c) => c.accountId === refusedAccount)) {
      expect(entry.status).toBe('FAILED');
      const assume = entry.errors.find((e) => e.operation === 'AssumeRole');
      expect(assume).toMatchObject({ kind: 'ACCESS_DENIED', code: 'AccessDenied' });
      expect(assume?.message).toContain(`sts:AssumeRole on arn:aws:iam::${refusedAccount}:role/AiEvidenceReadOnly failed: AccessDenied`);
    }
    const findings = run.findings.map((f) => f.finding);
    // Nothing was read there: every control of the catalog is INSUFFICIENT_EVIDENCE there.
    const ofRefused = findings.filter((f) => f.accountId === refusedAccount);
    expect(new Set(ofRefused.map((f) => f.controlId))).toEqual(new Set(catalog.map((c) => c.id)));
    expect(ofRefused.filter((f) => f.status !== 'INSUFFICIENT_EVIDENCE').map((f) => `${f.controlId}: ${f.status}`)).toEqual([]);

    // The account whose collect function failed: FAILED coverage with the error the Map's Catch recorded, never dropped.
    expect(run.manifest.scopes.map((s) => s.accountId)).toContain(crashingAccount);
    const crashed = run.manifest.coverage.filter((c) => c.accountId === crashingAccount);
    expect(crashed.map((c) => c.status)).toEqual(collectors.map(() => 'FAILED'));
    for (const entry of crashed) {
      expect(entry.errors).toContainEqual({
        operation: 'Collect',
        kind: 'ERROR',
        code: 'Sandbox.Timedout',
        message: `The collect function failed for ${crashingAccount}/${REGION}: Sandbox.Timedout: Task timed out after 600.00 seconds`,
      });
    }
    const ofCrashed = findings.filter((f) => f.accountId === crashingAccount);
    expect(new Set(ofCrashed.map((f) => f.status))).toEqual(new Set(['INSUFFICIENT_EVIDENCE']));

    for (const account of [home, member]) {
      const notebooks = run.manifest.coverage.find(
        (c) => c.accountId === account.accountId && c.collector === 'sagemaker.notebook-instances',
      );
      expect(notebooks).toMatchObject({ status: 'COMPLETE', records: 4 });
      const root = findings.filter((f) => f.accountId === account.accountId && f.controlId === 'sagemaker_notebook_root_access_disabled');
      expect(root.map((f) => [f.resource.id.split('/').pop(), f.status]).sort()).toEqual([
        ['nb-kms-internet', 'PASS'],
        ['nb-locked', 'PASS'],
        ['nb-open', 'FAIL'],
        ['nb-vpc-root', 'FAIL'],
      ]);
      const logging = findings.find((f) => f.accountId === account.accountId && f.controlId === 'bedrock_model_invocation_logging_enabled');
      expect(logging?.status).toBe('PASS');
    }
  });

  it('stores every object with COMPLIANCE retention, and a locked version cannot be deleted', async () => {
    const keys = await store().list(runKeys.prefix(runId));
    expect(keys).toContain(runKeys.statement(runId));
    for (const key of [runKeys.statement(runId), runKeys.manifest(runId), runKeys.proofs(runId), keys[0] as string]) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: deployment.evidenceBucket, Key: key }));
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
      const until = head.ObjectLockRetainUntilDate?.getTime() ?? 0;
      expect(until).toBeGreaterThan(Date.now() + RETENTION_DAYS * DAY_MS - 10 * 60_000);
      expect(until).toBeLessThanOrEqual(Date.now() + RETENTION_DAYS * DAY_MS + 2000);
    }
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: deployment.evidenceBucket, Prefix: runKeys.statement(runId) }));
    const versionId = versions.Versions?.[0]?.VersionId;
    expect(versionId).toBeTruthy();
    await expect(
      s3.send(new DeleteObjectCommand({ Bucket: deployment.evidenceBucket, Key: runKeys.statement(runId), VersionId: versionId })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(await store().list(runKeys.prefix(runId))).toEqual(keys);
  });

  it('verifies offline with the KMS public key pinned, and fails with any other key', async () => {
    const pinned = await verifyStore(store(), { publicKey: publicKeyPem, publicKeySource: 'KMS GetPublicKey' });
    expect(pinned.problems).toEqual([]);
    expect(pinned.ok).toBe(true);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // Another key fails at the signed statement: the run's objects need not be read again for that.
    const wrong = await verifyStore(store(), { publicKey: other, inFull: () => false });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems.map((p) => p.object)).toContain(runKeys.statement(runId));
  });

  it('exports the run as a bundle behind a presigned URL, and the downloaded bundle verifies with the pinned key', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const exported = await createExportHandler()({ from: today, to: today }, lambdaContext('export'));
    expect(exported.bucket).toBe(deployment.exportBucket);
    expect(exported.key).toMatch(/^exports\/.+\.zip$/);
    expect(Date.parse(exported.expiresAt) - Date.now()).toBeGreaterThan(500_000);
    expect(exported.url.startsWith(`${endpoint()}/${deployment.exportBucket}/`)).toBe(true);
    expect(exported.url).toContain('X-Amz-Expires=600');

    const response = await fetch(exported.url);
    expect(response.status).toBe(200);
    const bundle = new Uint8Array(await response.arrayBuffer());
    const report = await verifyBundle(bundle, 'bundle.zip', { publicKey: publicKeyPem, publicKeySource: 'KMS GetPublicKey' });
    expect(report.problems).toEqual([]);
    expect(report.runs.map((r) => r.runId)).toEqual([runId]);
  });

  it('publishes the run to Security Hub in the home account: its own findings, under its own product ARN', async () => {
    const summary = await createPublishHandler()({ runId }, lambdaContext('publish'));
    const findings = await firstRunFindings();
    const own = findings.filter((f) => f.finding.accountId === home.accountId);
    expect(summary).toMatchObject({ accountsPublished: 1, imported: own.length, importFailed: 0, memberPublishing: false });
    // Member publishing is off: the three members' findings are counted.
    expect(summary.notPublished).toEqual({ accounts: 3, findings: findings.length - own.length });

    const all = await heldFindings();
    const held = all.filter((f) => !isHeadFinding(f));
    expect(held).toHaveLength(own.length);
    // And the chain head, naming the run's statement digest, the one the summary returns.
    const sealed = await loadSealedRun(store(), runId);
    const heads = all.filter(isHeadFinding);
    expect(heads.map((h) => [h.Id, h.ProductFields?.['ai-evidence/StatementSha256']])).toEqual([
      [headFindingId(home.accountId, REGION), sealed.statementSha256],
    ]);
    expect(asffProblems(heads[0])).toBeUndefined();
    expect(summary.head).toEqual({ statementSha256: sealed.statementSha256, written: 1, failed: 0 });
    for (const f of held) {
      expect(f.AwsAccountId).toBe(home.accountId);
      expect(f.ProductArn).toBe(`arn:aws:securityhub:${REGION}:${home.accountId}:product/${home.accountId}/default`);
      expect(f.RecordState).toBe('ACTIVE');
      expect(f.ProductFields?.['ai-evidence/RunId']).toBe(runId);
    }
  });

  it("with member publishing on, imports the member account's findings into its own Security Hub through the member publish role, and names the account whose role is refused", async () => {
    const memberHub = new SecurityHubClient({ endpoint: endpoint(), region: REGION, credentials: member.credentials });
    await memberHub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    const restore = setEnv({ MEMBER_PUBLISH_ROLE_NAME: 'AiEvidencePublishFindings' });
    const publishSts = refusingSts(refusedAccount);
    try {
      const handler = createPublishHandler({ clients: { s3: awsClients.s3, sts: publishSts.sts, securityhub: securityHubClient } });
      const error = await handler({ runId }, lambdaContext('publish')).catch((e: unknown) => e);

      const refusedRole = `arn:aws:iam::${refusedAccount}:role/AiEvidencePublishFindings`;
      expect(publishSts.handler.refused).toEqual([refusedRole]);
      expect(error).toBeInstanceOf(PublishIncompleteError);
      expect((error as Error).message).toContain(`Account ${refusedAccount}: sts:AssumeRole on ${refusedRole} failed: AccessDenied`);
      const report = (error as PublishIncompleteError).report;
      expect(report.failedAccounts.map((f) => [f.accountId, f.roleArn, f.action])).toEqual([
        [refusedAccount, refusedRole, 'sts:AssumeRole'],
        // The account whose collect failed has its findings (INSUFFICIENT_EVIDENCE) published like any
        // other's; moto's fresh account has no Security Hub enabled, so that account is named too.
        [crashingAccount, `arn:aws:iam::${crashingAccount}:role/AiEvidencePublishFindings`, 'securityhub:DescribeHub'],
      ]);
      const findings = await firstRunFindings();
      const ofMember = findings.filter((f) => f.finding.accountId === member.accountId);
      // The home account's findings of this run were published by the test above: Security Hub holds
      // them as they are, so none is sent again; the member's are new there.
      expect(report.accounts.map((a) => [a.accountId, a.imported.succeeded, a.unchanged, a.imported.failed.length])).toEqual([
        [home.accountId, 0, findings.filter((f) => f.finding.accountId === home.accountId).length, 0],
        [member.accountId, ofMember.length, 0, 0],
      ]);

      // In the member account's own Security Hub, read as that account: its findings, under its own product.
      const held: AwsSecurityFinding[] = [];
      let NextToken: string | undefined;
      do {
        const page = await memberHub.send(new GetFindingsCommand({ MaxResults: 100, ...(NextToken ? { NextToken } : {}) }));
        held.push(...(page.Findings ?? []));
        NextToken = page.NextToken || undefined;
      } while (NextToken);
      expect(
        held
          .filter((f) => !isHeadFinding(f))
          .map((f) => f.Id)
          .sort(),
      ).toEqual(ofMember.map((s) => asffId(s.finding)).sort());
      expect(held.filter(isHeadFinding).map((f) => f.Id)).toEqual([headFindingId(member.accountId, REGION)]);
      for (const f of held) {
        // moto accepts incomplete findings: what we sent must pass our own ASFF check.
        expect(asffProblems(f)).toBeUndefined();
        expect(f).toMatchObject({
          AwsAccountId: member.accountId,
          ProductArn: `arn:aws:securityhub:${REGION}:${member.accountId}:product/${member.accountId}/default`,
          RecordState: 'ACTIVE',
        });
      }
      // The home account's hub holds its own findings only.
      const inHome = await heldFindings();
      expect(new Set(inHome.map((f) => f.AwsAccountId))).toEqual(new Set([home.accountId]));
    } finally {
      restore();
      memberHub.destroy();
    }
  });

  it('runs again after a notebook is deleted: the run chains to the first, and Security Hub archives what is gone', {
    timeout: 120_000,
  }, async () => {
    const sagemaker = seedClients(home, REGION).sagemaker;
    await sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'nb-open' }));
    await sagemaker.send(new DeleteNotebookInstanceCommand({ NotebookInstanceName: 'nb-open' }));
    sagemaker.destroy();
    const openNotebook = `arn:aws:sagemaker:${REGION}:${home.accountId}:notebook-instance/nb-open`;

    const started = await createListTargetsHandler()({ accounts: [home.accountId, member.accountId] }, lambdaContext('list-targets'));
    const collect = createCollectHandler({ clients: { s3: awsClients.s3, sts: refusal.sts } });
    await runCollectMap(s3, deployment.stagingBucket, started, (event) => collect(event, lambdaContext('collect')));
    const shardSteps = createSealShardHandler();
    await runShardMap(s3, deployment.stagingBucket, started, (event) => shardSteps(event, lambdaContext('seal-shard')));
    await createEvaluateAndSealHandler()(
      { runId: started.runId, startedAt: started.startedAt, targets: started.targets, accounts: started.accounts },
      lambdaContext('evaluate-and-seal'),
    );
    const second = await loadSealedRun(store(), started.runId);
    expect(second.manifest.previous?.runId).toBe(runId);
    // The new run in full, the first by its statement and link (the first was verified in full above).
    const verified = await verifyStore(store(), { publicKey: publicKeyPem, inFull: (run) => run.runId === started.runId });
    expect(verified.problems).toEqual([]);
    expect(verified.runs.map((r) => r.depth)).toEqual(['statement', 'full']);
    expect(verified.runs.map((r) => r.runId)).toEqual([runId, started.runId]);

    const report = await createPublishHandler()({ runId: started.runId }, lambdaContext('publish'));
    const gone = (await heldFindings()).filter((f) => f.Resources?.[0]?.Id === openNotebook);
    expect(gone.length).toBeGreaterThanOrEqual(4); // at least one per notebook control
    expect(report.archived).toBe(gone.length);
    for (const f of gone) expect(f.RecordState).toBe('ARCHIVED');
    // The head moved to the second run; it was never archived with the findings.
    const heads = (await heldFindings()).filter(isHeadFinding);
    expect(heads.map((h) => [h.RecordState, h.ProductFields?.['ai-evidence/RunId']])).toEqual([['ACTIVE', started.runId]]);
    expect(report.head).toMatchObject({ statementSha256: second.statementSha256, written: 1 });
  });
});
