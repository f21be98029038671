import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FindingSchema } from '../../lib/controls/types.js';
import { demoEstate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { sha256Hex } from '../../lib/evidence/canonical.js';
import { runTags, TAGGING_COLLECTOR } from '../../lib/evidence/resource-tags.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { assess } from '../../lib/pipeline/assess.js';
import type { RunPublishReport } from '../../lib/publish/accounts.js';
import { publishSummary } from '../../lib/publish/cli.js';
import { newestSealedRun, PublishRunError, readRunToPublish } from '../../lib/publish/run.js';
import type { PublishReport } from '../../lib/publish/securityhub.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import { ManifestSchema } from '../../lib/seal/manifest.js';
import { readStatement } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { type DemoStore, fileOf, replaceByte, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

describe('readRunToPublish', () => {
  const temp = new TempDirs();
  let demo: DemoStore;
  beforeEach(async () => {
    demo = await sharedDemoStore(await temp.make('publish-run'), 2);
  });
  afterEach(() => temp.removeAll());

  it('reads every finding of the run with the key and SHA-256 it is sealed under, and where the run is sealed', async () => {
    const runId = demo.runs[1]?.runId as string;
    const run = await readRunToPublish(demo.store, runId);
    const manifest = ManifestSchema.parse(JSON.parse((await demo.store.get(runKeys.manifest(runId))).toString('utf8')));
    const items = manifest.items.filter((i) => i.kind === 'finding');
    expect(run.findings.map((f) => f.key)).toEqual(items.map((i) => i.key));
    for (const f of run.findings) {
      const bytes = await demo.store.get(f.key);
      expect(sha256Hex(bytes)).toBe(f.sha256);
      expect(f.finding).toEqual(FindingSchema.parse(JSON.parse(bytes.toString('utf8'))));
    }
    expect(run.findings).toHaveLength(demo.runs[1]?.findingCount as number);
    expect(run.link).toMatchObject({
      runId,
      storeLocation: demo.store.location,
      statementKey: runKeys.statement(runId),
      merkleRoot: manifest.merkle.root,
      catalogVersion: manifest.catalogVersion,
    });
    expect(run.startedAt).toBe(manifest.startedAt);
    // The head finding's facts come from the signed statement; the demo chain is sealed without a TSA.
    const { statement, payload } = readStatement(await demo.store.get(runKeys.statement(runId)), 'statement');
    expect(run.link.statementSha256).toBe(sha256Hex(payload));
    expect(run.head).toEqual({
      startedAt: statement.predicate.startedAt,
      finishedAt: statement.predicate.finishedAt,
      sealedBy: statement.predicate.toolVersion,
      timestamp: { status: 'none' },
    });
    expect(run.scopes).toEqual(manifest.scopes);
    expect(run.coverage).toEqual(manifest.coverage);
  });

  it('reads the tags the run sealed, each tagging record checked against the manifest', async () => {
    const runId = demo.runs[1]?.runId as string;
    const run = await readRunToPublish(demo.store, runId);
    const sealed = await loadSealedRun(demo.store, runId);
    expect(run.tags).toEqual(runTags(sealed.evidence.map((e) => e.record)));
    expect(
      run.tags?.get(
        sealed.findings.find((f) => f.finding.resource.id.endsWith(':notebook-instance/genai-prototyping'))?.finding.resource.id as string,
      ),
    ).toMatchObject({ Owner: 'ml-platform-team' });
    // An altered tagging record is refused by name.
    const tagging = sealed.evidence.find((e) => e.record.source.collector === TAGGING_COLLECTOR) as (typeof sealed.evidence)[number];
    await replaceByte(fileOf(demo.root, tagging.key), 12, 0x20);
    const error = await readRunToPublish(demo.store, runId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishRunError);
    expect((error as PublishRunError).key).toBe(tagging.key);
  });

  it('reads no evidence record for a run whose coverage counts no tagging record (sealed before tags, or none tagged)', async () => {
    // Prepare: the demo estate without its Tagging API answers, so the collector reads nothing.
    const estate = structuredClone(demoEstate);
    for (const regions of Object.values(estate.accounts)) for (const services of Object.values(regions)) delete services.tagging;
    const store = new LocalFolderStore(await temp.make('untagged'));
    const { signer } = await loadOrCreateLocalSigner(join(await temp.make('untagged-key'), 'key.pem'));
    const { runId } = await assess({ store, signer, scopes: estateScopes(estate), clientsFor: (a) => estateClients(estate, a) });
    const gets: string[] = [];
    const counting = Object.assign(Object.create(store) as LocalFolderStore, {
      get: (key: string) => {
        gets.push(key);
        return store.get(key);
      },
    });

    // Act
    const run = await readRunToPublish(counting, runId);

    // Assess
    expect(run.tags?.size).toBe(0);
    expect(run.findings.length).toBeGreaterThan(0);
    expect(gets.filter((k) => k.includes('/evidence/'))).toEqual([]);
  });

  it('refuses a finding altered after sealing, naming it', async () => {
    const runId = demo.runs[0]?.runId as string;
    const key = (await demo.store.list(`${runKeys.prefix(runId)}findings/`))[0] as string;
    await replaceByte(fileOf(demo.root, key), 10, 0x20);
    const error = await readRunToPublish(demo.store, runId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishRunError);
    expect((error as PublishRunError).key).toBe(key);
    expect((error as Error).message).toContain('it was altered');
  });

  it('refuses a manifest that does not match the signed statement', async () => {
    const runId = demo.runs[0]?.runId as string;
    await replaceByte(fileOf(demo.root, runKeys.manifest(runId)), 5, 0x20);
    await expect(readRunToPublish(demo.store, runId)).rejects.toThrow(
      `${runKeys.manifest(runId)} does not match the SHA-256 in the signed statement`,
    );
  });

  it('names a run that has no statement', async () => {
    await expect(readRunToPublish(demo.store, '20990101T000000000Z-00000000')).rejects.toThrow(
      'runs/20990101T000000000Z-00000000/statement.dsse.json in',
    );
  });
});

describe('newestSealedRun', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  it('picks the newest run that has its signed statement', async () => {
    const demo = await sharedDemoStore(await temp.make('newest'), 2);
    expect(await newestSealedRun(demo.store)).toBe(demo.runs[1]?.runId);
    await rm(fileOf(demo.root, runKeys.statement(demo.runs[1]?.runId as string)));
    expect(await newestSealedRun(demo.store)).toBe(demo.runs[0]?.runId);
  });

  it('finds nothing in an empty store', async () => {
    expect(await newestSealedRun(new LocalFolderStore(await temp.make('empty')))).toBeUndefined();
  });
});

describe('publishSummary', () => {
  const account: PublishReport = {
    runId: 'run-2',
    accountId: '111122223333',
    region: 'us-east-1',
    productArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
    runFindings: 12,
    otherAccountFindings: 2,
    otherRegionFindings: 0,
    imported: {
      sent: 10,
      succeeded: 9,
      failed: [{ id: 'x', controlId: 'c_one', resourceId: 'arn:r', code: 'LimitExceeded', message: 'rate exceeded', attempts: 4 }],
    },
    unchanged: 7,
    archived: { sent: 1, succeeded: 1, failed: [] },
    keptUnobserved: 3,
    outsideRun: 0,
    requests: 5,
    retries: 3,
    head: {
      id: 'ai-evidence/chain-head/111122223333/us-east-1',
      runId: 'run-2',
      store: 's3://evidence-bucket/org/',
      statementSha256: 'e'.repeat(64),
      previous: { runId: 'run-1', statementSha256: 'd'.repeat(64) },
      written: true,
    },
  };
  const report = (overrides: Partial<RunPublishReport> = {}): RunPublishReport => ({
    runId: 'run-2',
    statementSha256: 'e'.repeat(64),
    region: 'us-east-1',
    runFindings: 12,
    memberPublishing: false,
    accounts: [account],
    failedAccounts: [],
    notPublished: [],
    complete: true,
    ...overrides,
  });

  it('says what was imported, archived and kept, and why each failure failed', () => {
    const text = publishSummary(report());
    expect(text).toContain('Run run-2 published to Security Hub in account 111122223333, region us-east-1');
    expect(text).toContain('imported (new, changed or due for a refresh): 9 of 10 sent, 1 failed');
    expect(text).toContain('unchanged (Security Hub holds them as they are, not sent): 7');
    expect(text).toContain('archived (no longer reported by this run): 1 of 1 sent, 0 failed');
    expect(text).toContain('kept active, because this run could not list their account and region: 3');
    expect(text).toContain('c_one arn:r: LimitExceeded: rate exceeded (after 4 attempt(s))');
    expect(text).not.toContain('regions this run did not assess');
    expect(text).not.toContain('workflow');
    expect(text).not.toContain('Not published');
    expect(publishSummary(report({ accounts: [{ ...account, workflowResolved: { sent: 2, succeeded: 1, failed: [] } }] }))).toContain(
      'workflow set to RESOLVED (fixed or no longer reported): 1 of 2, 0 failed',
    );
  });

  it('prints the head digest it published, with the verify command that checks a store against it', () => {
    const text = publishSummary(report());
    expect(text).toContain(`chain head: run run-2, statement SHA-256 ${'e'.repeat(64)} (it held run run-1 before)`);
    expect(text).toContain(`Head digest published (1 of 1 Security Hub(s)): ${'e'.repeat(64)}`);
    expect(text).toContain(
      `check the store still ends there: ai-evidence verify --s3-bucket evidence-bucket --s3-prefix org/ --expect-head ${'e'.repeat(64)}`,
    );
  });

  it('says when no Security Hub took the head, and why', () => {
    const failure = { id: account.head.id, controlId: undefined, resourceId: 's3://b/', code: 'InvalidInput', message: 'no', attempts: 1 };
    const text = publishSummary(report({ accounts: [{ ...account, head: { ...account.head, written: false, failure } }] }));
    expect(text).toContain("chain head NOT written (run run-2): Security Hub's head is behind this run (it held run run-1 before)");
    expect(text).toContain('s3://b/: InvalidInput: no (after 1 attempt(s))');
    expect(text).toContain('Head digest NOT published: no Security Hub took the chain head of run run-2.');
    expect(text).not.toContain('--expect-head');
  });

  it("with member publishing off, counts each member account's findings left unsent and says how to publish them", () => {
    const text = publishSummary(
      report({
        notPublished: [
          { accountId: '444455556666', findings: 2 },
          { accountId: '777788889999', findings: 5 },
        ],
      }),
    );
    expect(text).toContain('Not published: 7 finding(s) of 2 member account(s) (444455556666: 2, 777788889999: 5)');
    expect(text).toContain('memberPublishRole=true');
    expect(text).toContain('--member-role-name and --external-id');
  });

  it('names each account that could not be published, after those that were', () => {
    const message = 'Account 444455556666: sts:AssumeRole on arn:aws:iam::444455556666:role/P failed: AccessDenied: no.';
    const text = publishSummary(
      report({
        memberPublishing: true,
        complete: false,
        failedAccounts: [
          {
            accountId: '444455556666',
            roleArn: 'arn:aws:iam::444455556666:role/P',
            action: 'sts:AssumeRole',
            kind: 'ACCESS_DENIED',
            message,
          },
        ],
      }),
    );
    const lines = text.split('\n');
    expect(lines[0]).toContain('account 111122223333');
    expect(lines.at(-1)).toBe(`NOT published: ${message}`);
  });
});
