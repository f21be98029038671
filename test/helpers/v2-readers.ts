/**
 * Whether the readers of runs (lib/export/load.ts, lib/seal/verify.ts) read sharded (v2) runs yet:
 * other helpers bring that, and the lead lands it. The cloud seals v2 runs only, so the tests of
 * what reads a sealed cloud run (publish, export, verifyStore) run once it is there and are
 * skipped, saying so, before. Probed on a small v2 demo run in a temp folder, not assumed.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSealedRun } from '../../lib/export/load.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { assessDemo } from './demo-assess.js';

export async function v2ReadersLanded(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'ai-evidence-v2-probe-'));
  try {
    const store = new LocalFolderStore(dir);
    const run = await assessDemo(
      store,
      localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
      () => new Date('2026-11-26T12:00:00.000Z'),
      1,
      undefined,
      2,
    );
    const loaded = await loadSealedRun(store, run.runId);
    const report = await verifyStore(store);
    return loaded.findings.length === run.findings.length && report.ok;
  } catch {
    return false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
