/**
 * Verification of a range: the runs asked for are checked in full, the others by their signed
 * statements and their links in the chain. The cryptographic checks of every run's statement and
 * of the chain hold whatever the range; only the objects of runs outside it are not read.
 */
import { readFile, unlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsCheckedInFull, startedBetween, verifyStore } from '../../lib/seal/verify.js';
import { type EvidenceStore, runKeys } from '../../lib/store/types.js';
import { type DemoStore, fileOf, overwrite, replaceByte, sharedDemoStore, storedKeys } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let chain: DemoStore;

beforeAll(async () => {
  chain = await sharedDemoStore(await temp.make('range'), 3);
});
afterAll(() => temp.removeAll());

/** A store that counts the objects read from it. */
function counting(store: EvidenceStore): { store: EvidenceStore; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    store: {
      location: store.location,
      put: (key, bytes) => store.put(key, bytes),
      get: (key) => {
        reads.push(key);
        return store.get(key);
      },
      list: (prefix) => store.list(prefix),
      listRuns: () => store.listRuns(),
    },
  };
}

const newest = () => chain.runs[2]?.runId as string;
const onlyNewest = ({ runId }: { runId: string }) => runId === newest();

describe('verifying a range of runs', () => {
  it('reads every object of the runs in the range and only the statement of the others', async () => {
    const { store, reads } = counting(chain.store);
    const report = await verifyStore(store, { inFull: onlyNewest });

    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => [r.runId, r.depth, r.reEvaluated])).toEqual([
      [chain.runs[0]?.runId, 'statement', false],
      [chain.runs[1]?.runId, 'statement', false],
      [newest(), 'full', true],
    ]);
    for (const run of chain.runs.slice(0, 2)) {
      // The oldest run also gives the trusted key (no key was pinned).
      const read = reads.filter((k) => k.startsWith(runKeys.prefix(run.runId)) && !k.includes('/keys/'));
      expect(read).toEqual([runKeys.statement(run.runId)]);
    }
    const newestKeys = (await storedKeys(chain.root)).filter((k) => k.startsWith(runKeys.prefix(newest())));
    expect(new Set(reads.filter((k) => k.startsWith(runKeys.prefix(newest()))))).toEqual(new Set(newestKeys));
  });

  it('still fails on a tampered object inside the range, and names it', async () => {
    const { root, store } = await sharedDemoStore(await temp.make('range-tamper'), 3);
    const evidence = (await storedKeys(root)).find((k) => k.startsWith(`${runKeys.prefix(newest())}evidence/`)) as string;
    await replaceByte(fileOf(root, evidence), 10, 0x20);

    const report = await verifyStore(store, { inFull: onlyNewest });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.object)).toContain(evidence);
  });

  it('does not read an object of a run outside the range, and says that run was checked by its statement only', async () => {
    const { root, store } = await sharedDemoStore(await temp.make('range-outside'), 3);
    const oldest = chain.runs[0]?.runId as string;
    const evidence = (await storedKeys(root)).find((k) => k.startsWith(`${runKeys.prefix(oldest)}evidence/`)) as string;
    await replaceByte(fileOf(root, evidence), 10, 0x20);

    const partial = await verifyStore(store, { inFull: onlyNewest });
    expect(partial.ok).toBe(true);
    expect(partial.runs.find((r) => r.runId === oldest)).toMatchObject({ depth: 'statement', reEvaluated: false, items: 0 });
    // The same store checked in full fails on that object: the range is a choice, never a blind spot of `verify`.
    const full = await verifyStore(store);
    expect(full.ok).toBe(false);
    expect(full.problems.map((p) => p.object)).toContain(evidence);
  });

  it('checks the signature of every statement outside the range', async () => {
    const { root, store } = await sharedDemoStore(await temp.make('range-statement'), 3);
    const middle = chain.runs[1]?.runId as string;
    const key = runKeys.statement(middle);
    const envelope = JSON.parse(await readFile(fileOf(root, key), 'utf8'));
    const sig = Buffer.from(envelope.signatures[0].sig, 'base64');
    sig[sig.length - 1] = (sig[sig.length - 1] as number) ^ 0x01;
    envelope.signatures[0].sig = sig.toString('base64');
    await overwrite(fileOf(root, key), Buffer.from(JSON.stringify(envelope)));

    const report = await verifyStore(store, { inFull: onlyNewest });
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ runId: middle, object: key }));
  });

  it('checks the chain across runs outside the range: a removed run is found', async () => {
    const { root, store } = await sharedDemoStore(await temp.make('range-chain'), 3);
    const middle = chain.runs[1]?.runId as string;
    for (const key of (await storedKeys(root)).filter((k) => k.startsWith(runKeys.prefix(middle)))) await unlink(fileOf(root, key));

    const report = await verifyStore(store, { inFull: onlyNewest });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.message).join('\n')).toContain(`names previous run ${middle}`);
  });

  it('names as checked in full the complete runs that started in the range, which export then exports', async () => {
    const [first, second, third] = chain.runs.map((r) => r.startedAt);
    const middle = await verifyStore(chain.store, { inFull: startedBetween(new Date(second as string), new Date(second as string)) });
    expect(middle.ok).toBe(true);
    expect(runsCheckedInFull(middle)).toEqual([chain.runs[1]?.runId]);
    const all = await verifyStore(chain.store, { inFull: startedBetween(new Date(first as string), new Date(third as string)) });
    expect(runsCheckedInFull(all)).toEqual(chain.runs.map((r) => r.runId));
  });

  it('startedBetween takes the runs whose start is in [from, to], either end open', () => {
    const at = (iso: string) => ({ startedAt: iso });
    const inRange = startedBetween(new Date('2026-01-02T00:00:00Z'), new Date('2026-01-03T23:59:59.999Z'));
    expect(inRange(at('2026-01-01T23:59:59Z'))).toBe(false);
    expect(inRange(at('2026-01-02T00:00:00Z'))).toBe(true);
    expect(inRange(at('2026-01-03T23:59:59Z'))).toBe(true);
    expect(inRange(at('2026-01-04T00:00:00Z'))).toBe(false);
    expect(startedBetween(undefined, new Date('2026-01-02T00:00:00Z'))(at('2020-01-01T00:00:00Z'))).toBe(true);
    expect(startedBetween(new Date('2026-01-02T00:00:00Z'))(at('2099-01-01T00:00:00Z'))).toBe(true);
  });
});
