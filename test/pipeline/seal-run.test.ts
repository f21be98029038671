import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectors } from '../../lib/collectors/index.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import { evaluateAndSealRun, OverlappingRunError, storeSealedRun } from '../../lib/pipeline/seal-run.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { type EvidenceStore, runKeys } from '../../lib/store/types.js';

const SCOPE = { accountId: '111122223333', region: 'eu-west-1' };
const coverage: CoverageEntry[] = collectors.map((c) => ({ collector: c.id, ...SCOPE, status: 'COMPLETE', records: 0, errors: [] }));
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

describe('evaluateAndSealRun', () => {
  let dir: string;
  let store: LocalFolderStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai-evidence-seal-run-'));
    store = new LocalFolderStore(join(dir, 'evidence'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const seal = (runId: string, startedAt: string, finishedAt: string) =>
    evaluateAndSealRun({
      store,
      signer,
      runId,
      startedAt,
      scopes: [SCOPE],
      records: [],
      coverage,
      now: () => new Date(finishedAt),
      // The resume of a run of one object per item (format 1); a sharded run's shards are stored by storeShard, pure and write-once.
      format: 1,
    });

  it('chains a run to the newest sealed run, whatever order the coverage comes in', async () => {
    const first = await seal('20261126T120000000Z-00000001', '2026-11-26T12:00:00.000Z', '2026-11-26T12:05:00.000Z');
    const second = await evaluateAndSealRun({
      store,
      signer,
      runId: '20261126T130000000Z-00000002',
      startedAt: '2026-11-26T13:00:00.000Z',
      scopes: [SCOPE],
      records: [],
      coverage: [...coverage].reverse(),
      now: () => new Date('2026-11-26T13:05:00.000Z'),
    });
    expect(second.sealed.statement.predicate.previous?.runId).toBe(first.runId);
    expect(second.coverage).toEqual(first.coverage);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('refuses, writing nothing, a run that started before the newest sealed run finished', async () => {
    await seal('20261126T120000000Z-00000001', '2026-11-26T12:00:00.000Z', '2026-11-26T12:05:00.000Z');
    const overlapping = seal('20261126T120300000Z-00000002', '2026-11-26T12:03:00.000Z', '2026-11-26T12:06:00.000Z');
    await expect(overlapping).rejects.toThrow(OverlappingRunError);
    await expect(overlapping).rejects.toThrow(
      'Run 20261126T120300000Z-00000002 started at 2026-11-26T12:03:00.000Z, before the newest sealed run 20261126T120000000Z-00000001 finished (2026-11-26T12:05:00.000Z)',
    );
    expect(await store.listRuns()).toEqual(['20261126T120000000Z-00000001']);
  });

  it('resumes a seal that stopped before its statement without reading or writing again the objects it stored', async () => {
    const runId = '20261126T120000000Z-00000001';
    const first = await seal(runId, '2026-11-26T12:00:00.000Z', '2026-11-26T12:05:00.000Z');
    // The store of an invocation that timed out after its objects: everything but the statement.
    const resumed = new LocalFolderStore(join(dir, 'resumed'));
    for (const o of first.sealed.objects) await resumed.put(o.key, o.bytes);
    const calls: string[] = [];
    const watched: EvidenceStore = {
      location: resumed.location,
      put: (key, bytes) => {
        calls.push(`put ${key}`);
        return resumed.put(key, bytes);
      },
      get: (key) => {
        calls.push(`get ${key}`);
        return resumed.get(key);
      },
      list: (prefix) => resumed.list(prefix),
      listRuns: () => resumed.listRuns(),
    };

    const outcome = await storeSealedRun(watched, first.sealed);

    expect(outcome).toEqual({ written: 4, existing: first.sealed.objects.length });
    expect(calls).toEqual([
      `put ${runKeys.proofs(runId)}`,
      `put ${runKeys.manifest(runId)}`,
      `put ${runKeys.statement(runId)}`,
      `put ${runKeys.sigstoreBundle(runId)}`,
    ]);
    expect((await verifyStore(resumed)).problems).toEqual([]);
  });
});
