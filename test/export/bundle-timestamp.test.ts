import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_FILES, writeBundle } from '../../lib/export/bundle.js';
import { verifyBundle } from '../../lib/export/verify-bundle.js';
import { evaluateAndSealRun, type SealRunStepResult } from '../../lib/pipeline/seal-run.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { TempDirs } from '../helpers/temp.js';
import { startTestTsa, type TestTsa } from '../helpers/tsa.js';

const temp = new TempDirs();
let tsa: TestTsa;
let runs: SealRunStepResult[];
let entries: Record<string, Uint8Array>;
const RANGE = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };

beforeAll(async () => {
  tsa = await startTestTsa(await temp.make('tsa'));
  const store = new LocalFolderStore(join(await temp.make('store'), 'evidence'));
  const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  runs = [];
  for (const i of [0, 1]) {
    const at = new Date(Date.now() - (1 - i) * 1000);
    runs.push(
      await evaluateAndSealRun({
        store,
        signer,
        runId: `${at.toISOString().replace(/[-:.]/g, '')}-0000000${i}`,
        startedAt: at.toISOString(),
        scopes: [{ accountId: '111122223333', region: 'us-east-1' }],
        records: [],
        coverage: [],
        catalog: [],
        now: () => at,
        timestamp: { urls: [tsa.url], anchorsPem: tsa.caPem, timeoutMs: 5000 },
      }),
    );
  }
  const out = join(await temp.make('bundle'), 'bundle.zip');
  await writeBundle(store, await store.listRuns(), out, RANGE);
  entries = unzipSync(await readFile(out));
});
afterAll(async () => {
  await tsa.close();
  await temp.removeAll();
});

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes as Uint8Array).toString('utf8');
const pinned = () => ({ tsaAnchorsPem: tsa.caPem, tsaAnchorsSource: tsa.caFile });

describe('an export of timestamped runs', () => {
  it("carries each run's token and TSA chain, with the head statement digest on the README's first line", () => {
    // Assess
    for (const run of runs) {
      expect(entries[runKeys.timestamp(run.runId)]).toBeDefined();
      expect(text(entries[runKeys.tsaChain(run.runId)])).toContain('BEGIN CERTIFICATE');
    }
    const head = runs[1] as SealRunStepResult;
    expect(text(entries[ROOT_FILES.readme]).split('\n')[0]).toBe(
      `Head statement SHA-256: ${head.sealed.statementSha256} (run ${head.runId})`,
    );
  });

  it('verifies with the TSA root pinned, and reports the head by its token time', async () => {
    // Act
    const report = await verifyBundle(zipSync(entries), 'bundle.zip', pinned());

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.runs.map((r) => r.timestamp.status)).toEqual(['verified', 'verified']);
    expect(report.head).toMatchObject({ runId: runs[1]?.runId, source: 'timestamp', statementSha256: runs[1]?.sealed.statementSha256 });
  });

  it('fails a flipped byte in a token, a removed token, and a token from a TSA that is not pinned', async () => {
    // Prepare
    const [first, second] = runs.map((r) => r.runId);
    const flipped = { ...entries };
    const token = Buffer.from(entries[runKeys.timestamp(second as string)] as Uint8Array);
    token[token.length - 20] = (token[token.length - 20] as number) ^ 0x01;
    flipped[runKeys.timestamp(second as string)] = token;
    const removed = { ...entries };
    delete removed[runKeys.timestamp(first as string)];

    // Act
    const [a, b, c] = await Promise.all([
      verifyBundle(zipSync(flipped), 'flipped.zip', pinned()),
      verifyBundle(zipSync(removed), 'removed.zip', pinned()),
      verifyBundle(zipSync(entries), 'bundle.zip'),
    ]);

    // Assess
    expect(a.problems.map((p) => p.message)).toEqual([expect.stringMatching(/timestamp\.tsr .*altered/)]);
    expect(b.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(new RegExp(`previous run ${first}, which is missing: it was removed`)),
    ]);
    expect(c.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/does not chain to the pinned TSA anchors/),
      expect.stringMatching(/does not chain to the pinned TSA anchors/),
    ]);
  });

  it('fails --max-age when the bundle is older than asked, and --expect-head for another head', async () => {
    // Act
    const fresh = await verifyBundle(zipSync(entries), 'bundle.zip', { ...pinned(), maxAgeMs: 3_600_000 });
    const stale = await verifyBundle(zipSync(entries), 'bundle.zip', {
      ...pinned(),
      maxAgeMs: 3_600_000,
      now: () => new Date(Date.now() + 2 * 3_600_000),
    });
    const withheld = await verifyBundle(zipSync(entries), 'bundle.zip', { ...pinned(), expectHead: 'cd'.repeat(32) });

    // Assess
    expect(fresh.ok).toBe(true);
    expect(stale.problems.map((p) => p.message)).toEqual([expect.stringMatching(/\(by its timestamp\), 2h ago, older than --max-age 1h/)]);
    expect(withheld.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/not at the expected head (cd){32}, which no run here has/),
    ]);
  });
});

describe("the README's openssl ts command", () => {
  /** Unzips `files` into a folder with the TSA root as tsa-root.pem, and runs the README's `openssl ts -verify` line there. */
  async function runCommand(files: Record<string, Uint8Array>): Promise<{ ok: boolean; output: string }> {
    const target = await temp.make('openssl-ts');
    for (const [name, data] of Object.entries(files)) {
      await mkdir(dirname(join(target, name)), { recursive: true });
      await writeFile(join(target, name), data);
    }
    await writeFile(join(target, 'tsa-root.pem'), tsa.caPem);
    const readme = text(files[ROOT_FILES.readme]);
    const command = readme.split('\n').find((line) => line.startsWith('openssl ts -verify ')) as string;
    expect(command).toContain(
      `-in runs/${runs[0]?.runId}/timestamp.tsr -token_in -data runs/${runs[0]?.runId}/statement.dsse.json -CAfile tsa-root.pem`,
    );
    try {
      const output = execFileSync('bash', ['-e', '-c', command], { cwd: target, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { ok: true, output };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }

  it('verifies the token of a run exactly as written, and fails on a changed statement', async () => {
    // Act
    const good = await runCommand(entries);
    const key = runKeys.statement(runs[0]?.runId as string);
    const changed = Buffer.from(entries[key] as Uint8Array);
    changed[10] = (changed[10] as number) ^ 0x01;
    const bad = await runCommand({ ...entries, [key]: changed });

    // Assess
    expect(good.output).toContain('Verification: OK');
    expect(good.ok).toBe(true);
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain('Verification: FAILED');
  });
});
