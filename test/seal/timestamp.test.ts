import { generateKeyPairSync } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TSA_ROOT_FILE, demoTimestampOptions, demoTsaRootPem } from '../../lib/demo/tsa.js';
import { evaluateAndSealRun, TIMESTAMP_COLLECTOR } from '../../lib/pipeline/seal-run.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { requestTimestamp, type TimestampOptions, TimestampRequestError, verifyTimestampToken } from '../../lib/seal/timestamp.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { TempDirs } from '../helpers/temp.js';
import { startDeadTsa, startTestTsa, type TestTsa } from '../helpers/tsa.js';

const temp = new TempDirs();
let tsa: TestTsa;
let other: TestTsa;
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const scope = { accountId: '111122223333', region: 'us-east-1' };

beforeAll(async () => {
  [tsa, other] = await Promise.all([startTestTsa(await temp.make('tsa'), 'first'), startTestTsa(await temp.make('tsa-other'), 'other')]);
});
afterAll(async () => {
  await Promise.all([tsa.close(), other.close()]);
  await temp.removeAll();
});

/** A small run (no evidence, no controls) sealed into `store`, chained to its newest run. */
async function sealSmallRun(store: LocalFolderStore, options: { at?: Date; timestamp?: TimestampOptions } = {}) {
  const at = options.at ?? new Date();
  return evaluateAndSealRun({
    store,
    signer,
    runId: `${at.toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(16).slice(2, 10)}`,
    startedAt: at.toISOString(),
    scopes: [scope],
    records: [],
    coverage: [],
    catalog: [],
    now: () => at,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
}

const tsaOptions = (): TimestampOptions => ({ urls: [tsa.url], anchorsPem: tsa.caPem, timeoutMs: 5000 });
const pinned = () => ({ tsaAnchorsPem: tsa.caPem, tsaAnchorsSource: tsa.caFile });

async function storeWithRuns(count: number, timestamp: TimestampOptions | null = tsaOptions()) {
  const root = join(await temp.make('store'), 'evidence');
  const store = new LocalFolderStore(root);
  const runs = [];
  for (let i = 0; i < count; i++) runs.push(await sealSmallRun(store, timestamp === null ? {} : { timestamp }));
  return { root, store, runs };
}

const file = (root: string, key: string) => join(root, ...key.split('/'));
async function replaceFile(root: string, key: string, bytes: Uint8Array): Promise<void> {
  await rm(file(root, key), { force: true });
  await writeFile(file(root, key), bytes);
}

describe('requestTimestamp against an openssl TSA on 127.0.0.1', () => {
  it('gets a token over the SHA-256 of the envelope that verifies against the TSA root and no other', async () => {
    // Prepare
    const envelope = Buffer.from('{"payload":"e30=","payloadType":"application/vnd.in-toto+json","signatures":[]}');

    // Act
    const stamp = await requestTimestamp(envelope, tsaOptions());

    // Assess
    expect(stamp.tsaName).toBe('first test TSA');
    expect(Math.abs(stamp.genTime.getTime() - Date.now())).toBeLessThan(60_000);
    expect(stamp.chainPem).toContain('BEGIN CERTIFICATE');
    expect(await verifyTimestampToken(stamp.token, envelope, tsa.caPem)).toMatchObject({ ok: true, tsaName: 'first test TSA' });
    const untrusted = await verifyTimestampToken(stamp.token, envelope, other.caPem);
    expect(untrusted).toMatchObject({ ok: false });
    expect(untrusted.ok ? '' : untrusted.problem).toMatch(/does not chain to the pinned TSA anchors/);
    const elsewhere = await verifyTimestampToken(stamp.token, Buffer.from('another envelope'), tsa.caPem);
    expect(elsewhere.ok ? '' : elsewhere.problem).toMatch(/token of another statement/);
  });

  it('names each TSA that failed or timed out, and takes the next one that answers', async () => {
    // Prepare
    const [failing, hanging] = await Promise.all([startDeadTsa('fail'), startDeadTsa('hang')]);
    const envelope = Buffer.from('envelope');
    try {
      // Act
      const none = await requestTimestamp(envelope, { urls: [failing.url, hanging.url], timeoutMs: 300 }).catch((e: unknown) => e);
      const next = await requestTimestamp(envelope, { urls: [failing.url, tsa.url], anchorsPem: tsa.caPem, timeoutMs: 5000 });

      // Assess
      expect(none).toBeInstanceOf(TimestampRequestError);
      expect((none as TimestampRequestError).failures).toEqual([
        expect.objectContaining({ url: failing.url, code: 'HttpError', httpStatus: 500 }),
        expect.objectContaining({ url: hanging.url, code: 'Timeout' }),
      ]);
      expect(next.url).toBe(tsa.url);
    } finally {
      await Promise.all([failing.close(), hanging.close()]);
    }
  });
});

describe('sealing with a TSA', () => {
  it('stores the token and the TSA chain beside the statement, lists the token in the next run, and verifies', async () => {
    // Act
    const { store, runs } = await storeWithRuns(2);
    const report = await verifyStore(store, pinned());

    // Assess
    const [first, second] = runs;
    expect(first?.timestamp?.tsaName).toBe('first test TSA');
    const token = await store.get(runKeys.timestamp(first?.runId as string));
    expect(await store.get(runKeys.tsaChain(first?.runId as string))).toBeDefined();
    expect(second?.sealed.statement.predicate.previous).toEqual({
      runId: first?.runId,
      statementSha256: first?.sealed.statementSha256,
      timestampSha256: first?.timestamp?.sha256,
    });
    expect(first?.timestamp?.sha256).toBe((await import('node:crypto')).createHash('sha256').update(token).digest('hex'));
    expect(report.problems).toEqual([]);
    expect(report.runs.map((r) => r.timestamp.status)).toEqual(['verified', 'verified']);
    expect(report.head).toMatchObject({ runId: second?.runId, source: 'timestamp' });
  });

  it('seals the run without a token when the TSA is down, with the failure as a coverage entry', async () => {
    // Prepare
    const root = join(await temp.make('down'), 'evidence');
    const store = new LocalFolderStore(root);
    const down = await startDeadTsa('fail');

    try {
      // Act
      const run = await sealSmallRun(store, { timestamp: { urls: [down.url], timeoutMs: 2000 } });
      const next = await sealSmallRun(store);
      const report = await verifyStore(store);

      // Assess
      expect(run.timestamp).toBeUndefined();
      expect(run.coverage).toEqual([
        expect.objectContaining({
          collector: TIMESTAMP_COLLECTOR,
          status: 'FAILED',
          errors: [
            expect.objectContaining({
              operation: 'TimeStampRequest',
              code: 'HttpError',
              httpStatus: 500,
              message: expect.stringContaining(down.url),
            }),
          ],
        }),
      ]);
      expect(await store.list(runKeys.prefix(run.runId))).toContain(runKeys.statement(run.runId));
      expect(next.sealed.statement.predicate.previous?.timestampSha256).toBeNull();
      expect(report.ok).toBe(true);
      expect(report.runs.map((r) => r.timestamp.status)).toEqual(['none', 'none']);
      expect(report.head?.source).toBe('signed statement');
    } finally {
      await down.close();
    }
  });
});

describe('verifying time', () => {
  it('fails a flipped byte in a token, naming the run', async () => {
    // Prepare
    const { root, store, runs } = await storeWithRuns(1);
    const key = runKeys.timestamp(runs[0]?.runId as string);
    const bytes = Buffer.from(await readFile(file(root, key)));
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0x01;
    await replaceFile(root, key, bytes);

    // Act
    const report = await verifyStore(store, pinned());

    // Assess
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ runId: runs[0]?.runId, object: key, message: expect.stringMatching(/altered/) }),
    ]);
  });

  it("fails a token over another run's statement", async () => {
    // Prepare
    const { root, store, runs } = await storeWithRuns(2);
    const [first, second] = runs.map((r) => r.runId as string);
    await replaceFile(root, runKeys.timestamp(second as string), await readFile(file(root, runKeys.timestamp(first as string))));

    // Act
    const report = await verifyStore(store, pinned());

    // Assess
    expect(report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/token of another statement/)]);
  });

  it('fails a token from a TSA that does not chain to the pinned anchor', async () => {
    // Prepare
    const { store } = await storeWithRuns(1, { urls: [other.url], anchorsPem: other.caPem });

    // Act
    const report = await verifyStore(store, pinned());
    const unpinned = await verifyStore(store);

    // Assess
    expect(report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/does not chain to the pinned TSA anchors/)]);
    expect(unpinned.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/only the demo TSA is trusted: pin the TSA root with --tsa-ca/),
    ]);
  });

  it('fails a back-dated run: its signed finish is long before its token time', async () => {
    // Prepare
    const root = join(await temp.make('backdated'), 'evidence');
    const store = new LocalFolderStore(root);
    await sealSmallRun(store, { at: new Date(Date.now() - 2 * 86_400_000), timestamp: tsaOptions() });

    // Act
    const report = await verifyStore(store, pinned());
    const tolerant = await verifyStore(store, { ...pinned(), timeToleranceMs: 3 * 86_400_000 });

    // Assess
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/timestamped only at .*, 2d later \(tolerance 10m\): the run was back-dated/),
    ]);
    expect(tolerant.ok).toBe(true);
  });

  it('fails a removed token, which the next run lists', async () => {
    // Prepare
    const { root, store, runs } = await storeWithRuns(2);
    const first = runs[0]?.runId as string;
    await rm(file(root, runKeys.timestamp(first)));

    // Act
    const report = await verifyStore(store, pinned());

    // Assess
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(new RegExp(`lists timestamp token .* of its previous run ${first}, which is missing: it was removed`)),
    ]);
  });

  it('fails a run without a token only when a timestamp is required', async () => {
    // Prepare
    const { store } = await storeWithRuns(1, null);

    // Act
    const lenient = await verifyStore(store);
    const strict = await verifyStore(store, { requireTimestamp: true });

    // Assess
    expect(lenient.ok).toBe(true);
    expect(strict.problems.map((p) => p.message)).toEqual([expect.stringMatching(/has no timestamp token, and a timestamp is required/)]);
  });

  it('verifies demo tokens against the demo root only when no anchor is pinned, and says DEMO', async () => {
    // Prepare
    const { store } = await storeWithRuns(1, demoTimestampOptions());

    // Act
    const report = await verifyStore(store);
    const pinnedElsewhere = await verifyStore(store, pinned());

    // Assess
    expect(report.ok).toBe(true);
    expect(report.tsaAnchorsSource).toMatch(/DEMO TSA root/);
    expect(report.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/from the DEMO TSA/)]);
    expect(report.head?.source).toBe('demo timestamp');
    expect(pinnedElsewhere.ok).toBe(false);
    expect(demoTsaRootPem()).toBe(await readFile(DEMO_TSA_ROOT_FILE, 'utf8'));
  });
});

describe('fresh heads', () => {
  it('fails --max-age when the newest runs were removed, and passes the intact store', async () => {
    // Prepare: hourly runs (by their signed times), the newest 30 minutes old.
    const root = join(await temp.make('fresh'), 'evidence');
    const store = new LocalFolderStore(root);
    const now = Date.now();
    const runs = [];
    for (const hoursAgo of [3.5, 2.5, 1.5, 0.5]) runs.push(await sealSmallRun(store, { at: new Date(now - hoursAgo * 3_600_000) }));
    const options = { maxAgeMs: 2 * 3_600_000, now: () => new Date(now) };

    // Act
    const intact = await verifyStore(store, options);
    for (const run of runs.slice(2)) await rm(file(root, runKeys.prefix(run.runId)), { recursive: true });
    const truncated = await verifyStore(store, options);

    // Assess
    expect(intact.problems).toEqual([]);
    expect(intact.head).toMatchObject({ runId: runs[3]?.runId, source: 'signed statement' });
    expect(truncated.ok).toBe(false);
    expect(truncated.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        new RegExp(`newest run ${runs[1]?.runId} is from .* \\(by its signed statement\\), 2.5h ago, older than --max-age 2h`),
      ),
    ]);
  });

  it('fails --expect-head unless the chain ends at that statement', async () => {
    // Prepare
    const { store, runs } = await storeWithRuns(2, null);
    const [first, second] = runs;

    // Act
    const good = await verifyStore(store, { expectHead: second?.sealed.statementSha256 as string });
    const older = await verifyStore(store, { expectHead: first?.sealed.statementSha256 as string });
    const unknown = await verifyStore(store, { expectHead: 'ab'.repeat(32) });

    // Assess
    expect(good.ok).toBe(true);
    expect(older.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(new RegExp(`not at the expected head .* \\(run ${first?.runId}, which is not the newest\\)`)),
    ]);
    expect(unknown.problems.map((p) => p.message)).toEqual([expect.stringMatching(/which no run here has/)]);
  });
});
