/**
 * A bundle of a chain that changes format: a run of the first format, then a sharded run (what a
 * store holds once the default format becomes 2). Both verify in one bundle, the sharded run's
 * signature with the key of the older v1 run, and the v1 run's index entry has no sharded field.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleIndex, ROOT_FILES, runsInRange, writeBundle } from '../../lib/export/bundle.js';
import { verifyBundle } from '../../lib/export/verify-bundle.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo } from '../helpers/demo-assess.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const ALL_TIME = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
let runs: string[];
let bundle: Buffer;
let index: BundleIndex;

beforeAll(async () => {
  const dir = await temp.make('bundle-mixed');
  const store = new LocalFolderStore(join(dir, 'evidence'));
  let clock = Date.parse('2026-12-02T10:00:00.000Z');
  const now = () => {
    clock += 1000;
    return new Date(clock);
  };
  runs = [];
  for (const format of [1, 2] as const) runs.push((await assessDemo(store, signer, now, 4, undefined, format)).runId);
  const out = join(dir, 'bundle.zip');
  await writeBundle(store, await runsInRange(store, ALL_TIME.from, ALL_TIME.to), out, ALL_TIME);
  bundle = await readFile(out);
  index = JSON.parse(Buffer.from(unzipSync(bundle)[ROOT_FILES.index] as Uint8Array).toString('utf8')) as BundleIndex;
}, 120_000);
afterAll(() => temp.removeAll());

describe('a bundle of a v1 run followed by a sharded run', { timeout: 60_000 }, () => {
  it('lists the v1 run as before and the sharded run with its shards', () => {
    expect(index.runs.map((r) => r.runId)).toEqual(runs);
    const [v1, v2] = index.runs;
    expect(Object.keys(v1 ?? {})).not.toContain('format');
    expect(Object.keys(v1 ?? {})).not.toContain('shards');
    expect(v2?.format).toBe(2);
    expect(v2?.shards?.length).toBeGreaterThan(1);
    expect(index.objects.some((o) => o.key.startsWith(`${runKeys.prefix(runs[0] as string)}findings/`))).toBe(true);
    expect(index.objects.some((o) => o.key.startsWith(`${runKeys.prefix(runs[1] as string)}shards/`))).toBe(true);
  });

  it('verifies both, in one chain, the sharded run with the key of the v1 run before it', async () => {
    const report = await verifyBundle(bundle, 'bundle.zip');
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.trustedKeyId).toBe(signer.keyId);
    expect(report.runs.map((r) => r.reEvaluated)).toEqual([true, true]);
    expect(report.anchor).toEqual({ runId: runs[0], previous: null });
    expect(report.derived.sort()).toEqual([ROOT_FILES.oscal, ROOT_FILES.csv, ROOT_FILES.requirements, ROOT_FILES.index].sort());
  });

  it('fails the sharded run with a pinned key that is not the signer', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const report = await verifyBundle(bundle, 'bundle.zip', { publicKey: other });
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.runId === runs[1] && p.object === runKeys.statement(runs[1] as string))).toBe(true);
  });
});
