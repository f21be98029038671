/**
 * Runs sealed by an earlier ai-evidence keep verifying. `test/fixtures/sealed-ae3aa1c/` is a store
 * written by the tool at commit ae3aa1c (`assess --demo --regions ap-southeast-2`, twice, so two runs
 * chained): before RFC 3161 tokens, Sigstore bundles, `previous.timestampSha256` and this round's
 * controls. The bytes are as that tool wrote them; nothing here re-seals them.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../lib/export/bundle.js';
import { verifyBundleFile } from '../../lib/export/verify-bundle.js';
import { runsCheckedInFull, verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { TempDirs } from '../helpers/temp.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sealed-ae3aa1c');
const RUNS = ['20261208T005823248Z-886d38ce', '20261208T005825196Z-981b9941'];
const temp = new TempDirs();
afterAll(() => temp.removeAll());

describe('a store sealed at ae3aa1c', () => {
  const store = new LocalFolderStore(FIXTURE);

  it('holds none of what later runs add: no Sigstore bundle, no timestamp token', async () => {
    const keys = await store.list('runs/');
    for (const runId of RUNS) {
      expect(keys).toContain(runKeys.statement(runId));
      expect(keys).not.toContain(runKeys.sigstoreBundle(runId));
      expect(keys).not.toContain(runKeys.timestamp(runId));
    }
  });

  it('verifies in full: signatures, digests, proofs, chain and re-evaluation, each run without a timestamp', async () => {
    const report = await verifyStore(store);

    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => [r.runId, r.complete, r.depth, r.reEvaluated])).toEqual(RUNS.map((id) => [id, true, 'full', true]));
    for (const run of report.runs) expect(run.timestamp.status).toBe('none');
  });

  it('exports to a bundle that verifies', async () => {
    const report = await verifyStore(store, { inFull: () => true });
    const out = join(await temp.make('earlier-format'), 'bundle.zip');
    const from = new Date('2026-12-08T00:00:00.000Z');
    const to = new Date('2026-12-09T00:00:00.000Z');

    await writeBundle(store, runsCheckedInFull(report), out, { from, to });
    const verified = await verifyBundleFile(out);

    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
  });
});
