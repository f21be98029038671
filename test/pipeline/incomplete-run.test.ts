import { chmod, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEstate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { assess, latestSealedRun } from '../../lib/pipeline/assess.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import type { Signer } from '../../lib/seal/signer.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';

describe('a run that crashed before its signed statement', () => {
  let dir: string;
  let store: LocalFolderStore;
  let signer: Signer;

  const run = async () =>
    assess({ store, signer, scopes: estateScopes(demoEstate), clientsFor: (accountId) => estateClients(demoEstate, accountId) });
  const dropStatement = async (runId: string) => {
    const path = join(dir, 'evidence', ...runKeys.statement(runId).split('/'));
    await chmod(join(dir, 'evidence', 'runs', runId), 0o755);
    await unlink(path);
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai-evidence-incomplete-'));
    store = new LocalFolderStore(join(dir, 'evidence'));
    signer = (await loadOrCreateLocalSigner(join(dir, 'key.pem'))).signer;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails verification by default and is only a warning when incomplete runs are allowed', async () => {
    await run();
    const crashed = await run();
    await dropStatement(crashed.runId);

    const strict = await verifyStore(store);
    expect(strict.ok).toBe(false);
    expect(strict.problems.map((p) => p.object)).toEqual([runKeys.statement(crashed.runId)]);

    const lenient = await verifyStore(store, { allowIncomplete: true });
    expect(lenient.ok).toBe(true);
    expect(lenient.warnings.map((w) => w.runId)).toEqual([crashed.runId]);
  });

  it('chains the next run to the last complete run, skipping the incomplete one', async () => {
    const first = await run();
    const crashed = await run();
    await dropStatement(crashed.runId);

    expect((await latestSealedRun(store))?.runId).toBe(first.runId);
    const next = await run();
    expect(next.sealed.statement.predicate.previous?.runId).toBe(first.runId);
    expect((await verifyStore(store, { allowIncomplete: true })).ok).toBe(true);
  });

  it('still fails when the statement of a run that a later run chains to is removed', async () => {
    await run();
    const middle = await run();
    await run();
    await dropStatement(middle.runId);

    const report = await verifyStore(store, { allowIncomplete: true });
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.message.includes(middle.runId) && p.message.includes('removed'))).toBe(true);
  });
});
