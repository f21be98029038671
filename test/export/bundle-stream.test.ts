import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestationsOf } from '../../lib/attestations/run.js';
import { catalog } from '../../lib/controls/index.js';
import { type BundleIndex, oscalText, ROOT_FILES, writeBundle } from '../../lib/export/bundle.js';
import { findingsCsv, requirementsCsv } from '../../lib/export/csv.js';
import { loadSealedRun, readItems, type SealedRunData, SealedRunReadError } from '../../lib/export/load.js';
import { renderReport } from '../../lib/export/report.js';
import { countByControl } from '../../lib/frameworks/rollup.js';
import type { ManifestItem } from '../../lib/seal/manifest.js';
import { type EvidenceStore, runKeys } from '../../lib/store/types.js';
import { type DemoStore, overwrite, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
const ALL_TIME = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
let demo: DemoStore;
let dir: string;
let runs: SealedRunData[];

beforeAll(async () => {
  dir = await temp.make('bundle-stream');
  demo = await sharedDemoStore(dir, 3);
  runs = await Promise.all(demo.runs.map((r) => loadSealedRun(demo.store, r.runId)));
});
afterAll(() => temp.removeAll());

/** A store that counts the objects being read at once, to show that reads are bounded. */
class CountingStore implements EvidenceStore {
  inFlight = 0;
  mostInFlight = 0;
  reads = 0;
  constructor(private readonly inner: EvidenceStore) {}
  get location() {
    return this.inner.location;
  }
  put(key: string, bytes: Uint8Array | string) {
    return this.inner.put(key, bytes);
  }
  async get(key: string) {
    this.inFlight++;
    this.reads++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await this.inner.get(key);
    } finally {
      this.inFlight--;
    }
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  listRuns() {
    return this.inner.listRuns();
  }
}

describe('the streamed export', { timeout: 60_000 }, () => {
  it('writes the same root files as the builders that hold the whole runs, byte for byte', async () => {
    const out = join(dir, 'same.zip');
    const generatedAt = '2026-11-26T12:00:00.000Z';
    await writeBundle(
      demo.store,
      demo.runs.map((r) => r.runId),
      out,
      { ...ALL_TIME, framework: 'caf-ai', generatedAt, toolVersion: 'ai-evidence/test' },
    );
    // The report's run parts were kept in a side file while the runs were read: it is gone.
    expect((await readdir(dir)).filter((name) => name.startsWith('same.zip'))).toEqual(['same.zip']);
    const entries = unzipSync(await readFile(out));
    const text = (name: string) => Buffer.from(entries[name] as Uint8Array).toString('utf8');
    expect(text(ROOT_FILES.oscal)).toBe([...oscalText(runs, 'ai-evidence/test')].join(''));
    expect(text(ROOT_FILES.csv)).toBe([...findingsCsv(runs)].join(''));
    // The roll-up per requirement, from the runs' findings and attestations held whole.
    const rollUpRuns = runs.map((r) => ({
      runId: r.runId,
      startedAt: r.manifest.startedAt,
      byControl: countByControl(r.findings.map((f) => f.finding)),
      attestations: attestationsOf(r.evidence).attestations,
    }));
    expect(text(ROOT_FILES.requirements)).toBe([...requirementsCsv(rollUpRuns, catalog)].join(''));
    expect(text(ROOT_FILES.report)).toBe(renderReport(runs, { generatedAt, toolVersion: 'ai-evidence/test', framework: 'caf-ai' }));
    // index.json is JSON.stringify(index, null, 1) of the same index, written object by object.
    const index = JSON.parse(text(ROOT_FILES.index)) as BundleIndex;
    expect(text(ROOT_FILES.index)).toBe(`${JSON.stringify(index, null, 1)}\n`);
    expect(index.objects.map((o) => o.key)).toEqual(runs.flatMap((r) => r.manifest.items.map((i) => i.key)));
    expect(index.runs.map((r) => [r.runId, r.evidence, r.findings])).toEqual(
      runs.map((r) => [r.runId, r.evidence.length, r.findings.length]),
    );
  });

  it('reads the store a few objects at a time', async () => {
    const store = new CountingStore(demo.store);
    await writeBundle(store, [demo.runs[0]?.runId as string], join(dir, 'counted.zip'), ALL_TIME);
    const run = runs[0] as SealedRunData;
    // Every object at least once; the second passes read the findings and evidence again.
    expect(store.reads).toBeGreaterThan(run.manifest.items.length);
    expect(store.mostInFlight).toBeGreaterThan(1);
    expect(store.mostInFlight).toBeLessThanOrEqual(16);
  });

  it('fails naming an object changed in the store, and leaves no bundle or temporary file', async () => {
    const copy = await sharedDemoStore(await temp.make('bundle-stream-tamper'), 1);
    const runId = copy.runs[0]?.runId as string;
    const run = await loadSealedRun(copy.store, runId);
    const victim = run.findings[run.findings.length - 1]?.key as string;
    const file = join(copy.root, victim);
    await overwrite(file, Buffer.from((await readFile(file, 'utf8')).replace('"status":"', '"status":"X')));
    const outDir = await temp.make('bundle-stream-out');
    const error = await writeBundle(copy.store, [runId], join(outDir, 'bundle.zip'), ALL_TIME).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealedRunReadError);
    expect((error as SealedRunReadError).key).toBe(victim);
    expect((error as Error).message).toContain('does not match its SHA-256');
    expect(await readdir(outDir)).toEqual([]);
  });
});

describe('readItems', () => {
  it('yields the objects in the order asked, and names a missing one', async () => {
    const run = runs[1] as SealedRunData;
    const items = [...run.manifest.items].reverse();
    const keys: string[] = [];
    for await (const { item, bytes } of readItems(demo.store, run.runId, items, 3)) {
      keys.push(item.key);
      expect(bytes.length).toBe(item.size);
    }
    expect(keys).toEqual(items.map((i) => i.key));
    const missing: ManifestItem = {
      kind: 'finding',
      key: runKeys.object(run.runId, 'findings', 'f'.repeat(64), 'json'),
      sha256: 'f'.repeat(64),
      size: 1,
    };
    const read = async () => {
      for await (const _ of readItems(demo.store, run.runId, [...items.slice(0, 5), missing])) {
        // drain
      }
    };
    await expect(read()).rejects.toThrow(`${missing.key} of run ${run.runId} is missing from the store.`);
  });
});
