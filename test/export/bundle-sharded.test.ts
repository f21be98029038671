/**
 * The evidence bundle of sharded (v2) runs: what it holds (the stored objects verbatim, and each
 * item as a file with its two-level proof), that it verifies offline, that verify_proof.py checks a
 * v2 finding, and that tampering with a pack, a shard manifest, a proof or an item fails naming it.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleIndex, proofPath, ROOT_FILES, runsInRange, writeBundle } from '../../lib/export/bundle.js';
import { findingsCsv } from '../../lib/export/csv.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { type BundleVerifyReport, verifyBundle } from '../../lib/export/verify-bundle.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import type { ShardedManifest } from '../../lib/seal/shard.js';
import { shardKeys } from '../../lib/seal/shard.js';
import { checkShardedItemProof, readShardedManifest, readShardManifest, type ShardedItemProof } from '../../lib/seal/shard-read.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo } from '../helpers/demo-assess.js';
import { TempDirs } from '../helpers/temp.js';
import { oscalValidator } from './oscal-schema.js';

const temp = new TempDirs();
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const ALL_TIME = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
let store: LocalFolderStore;
let runs: string[];
let manifests: ShardedManifest[];
let bundle: Buffer;
let entries: Record<string, Uint8Array>;
let index: BundleIndex;

beforeAll(async () => {
  const dir = await temp.make('bundle-sharded');
  store = new LocalFolderStore(join(dir, 'evidence'));
  // Two chained sharded runs of the demo's first four scopes: two account shards and the run shard each.
  let clock = Date.parse('2026-12-01T10:00:00.000Z');
  const now = () => {
    clock += 1000;
    return new Date(clock);
  };
  runs = [];
  for (let i = 0; i < 2; i++) runs.push((await assessDemo(store, signer, now, 4, undefined, 2)).runId);
  manifests = [];
  for (const runId of runs) manifests.push((await readShardedManifest(store, runId))?.manifest as ShardedManifest);
  const out = join(dir, 'bundle.zip');
  await writeBundle(store, await runsInRange(store, ALL_TIME.from, ALL_TIME.to), out, ALL_TIME);
  bundle = await readFile(out);
  entries = unzipSync(bundle);
  index = JSON.parse(Buffer.from(entries[ROOT_FILES.index] as Uint8Array).toString('utf8')) as BundleIndex;
}, 120_000);
afterAll(() => temp.removeAll());

/** The bundle re-zipped with `change` applied to a copy of its entries, stored (not deflated): what is checked is the verifier. */
function tampered(change: (files: Record<string, Uint8Array>) => void): Buffer {
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(entries)) files[name] = Uint8Array.from(data);
  change(files);
  return Buffer.from(zipSync(files, { level: 0 }));
}

function expectFailureNaming(report: BundleVerifyReport, name: string): void {
  expect(report.ok).toBe(false);
  expect(
    report.problems.some((p) => p.object === name || p.message.includes(name)),
    JSON.stringify(report.problems, null, 2),
  ).toBe(true);
}

const accountShard = (run: number) => manifests[run]?.shards.find((s) => s.shardId !== 'run' && s.findings > 0)?.shardId as string;
const firstFinding = async (run: number) => {
  const manifest = manifests[run] as ShardedManifest;
  const shard = await readShardManifest(store, manifest.runId, manifest.shards.find((s) => s.shardId === accountShard(run)) as never);
  return shardKeys.item(manifest.runId, shard.shardId, 'finding', shard.index.findings[0]?.[0] as string);
};

describe('the evidence bundle of sharded runs', { timeout: 60_000 }, () => {
  it("holds each run's stored objects byte for byte, and every item as a file with its two-level proof", async () => {
    expect(index.runs.map((r) => r.runId)).toEqual(runs);
    for (const [i, runId] of runs.entries()) {
      const manifest = manifests[i] as ShardedManifest;
      const stored = [runKeys.manifest(runId), runKeys.statement(runId), runKeys.proofs(runId), manifest.publicKey.key];
      for (const s of manifest.shards) {
        stored.push(s.key, shardKeys.pack(runId, s.shardId, 'evidence'), shardKeys.pack(runId, s.shardId, 'finding'));
      }
      for (const key of stored) expect(Buffer.from(entries[key] as Uint8Array).equals(await store.get(key)), key).toBe(true);
      const run = index.runs[i];
      expect(run).toMatchObject({ format: 2, proofs: runKeys.proofs(runId), publicKey: manifest.publicKey.key });
      expect(run?.shards?.map((s) => s.manifest)).toEqual(manifest.shards.map((s) => s.key));
      const items = manifest.shards.reduce((n, s) => n + s.treeSize, 0);
      expect(run?.items).toBe(items);
      const objects = index.objects.filter((o) => o.runId === runId);
      expect(objects).toHaveLength(items);
      for (const o of objects) {
        const bytes = entries[o.key] as Uint8Array;
        const proof = JSON.parse(Buffer.from(entries[o.proof] as Uint8Array).toString('utf8')) as ShardedItemProof;
        expect(o.proof).toBe(proofPath(runId, o.key));
        expect(proof.run.root).toBe(manifest.merkle.root);
        expect(checkShardedItemProof(proof, bytes), o.key).toBe(true);
      }
    }
    // Nothing else: per run 4 stored objects + 3 a shard + 2 an item, the Sigstore bundle, and the root files.
    const expected = runs.reduce((n, runId, i) => {
      const m = manifests[i] as ShardedManifest;
      return (
        n +
        5 +
        (runKeys.timestamp(runId) in entries ? 1 : 0) +
        (runKeys.tsaChain(runId) in entries ? 1 : 0) +
        3 * m.shards.length +
        2 * (index.runs[i]?.items ?? 0)
      );
    }, Object.values(ROOT_FILES).length);
    expect(Object.keys(entries).filter((n) => !n.endsWith('/'))).toHaveLength(expected);
  });

  it('describes the sharded layout in its README and carries a valid OSCAL document and the CSV of the sharded runs', async () => {
    const readme = Buffer.from(entries[ROOT_FILES.readme] as Uint8Array).toString('utf8');
    expect(readme).toContain('`runs/<run>/shards/<shard>/shard.json`');
    expect(readme).toContain('runs/<run>/proofs/shards/<shard>/');
    const oscal = JSON.parse(Buffer.from(entries[ROOT_FILES.oscal] as Uint8Array).toString('utf8'));
    const validate = oscalValidator();
    expect(validate(oscal), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(oscal['assessment-results'].results).toHaveLength(2);
    const csv = Buffer.from(entries[ROOT_FILES.csv] as Uint8Array).toString('utf8');
    const loaded = await Promise.all(runs.map((runId) => loadSealedRun(store, runId)));
    expect(csv).toBe([...findingsCsv(loaded)].join(''));
  });

  it('verifies: signature, shard manifests, packs, proofs, re-evaluation shard by shard, and the derived files', async () => {
    const report = await verifyBundle(bundle, 'bundle.zip');
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => r.reEvaluated)).toEqual([true, true]);
    expect(report.runs.every((r) => r.proofsChecked === r.items && r.included === r.items && r.findings > 0)).toBe(true);
    expect(report.anchor).toEqual({ runId: runs[0], previous: null });
    expect(report.derived.sort()).toEqual([ROOT_FILES.oscal, ROOT_FILES.csv, ROOT_FILES.requirements, ROOT_FILES.index].sort());
  });

  it('fails on a byte changed in a pack, naming the pack', async () => {
    const pack = shardKeys.pack(runs[0] as string, accountShard(0), 'finding');
    const report = await verifyBundle(
      tampered((files) => {
        const data = files[pack] as Uint8Array;
        data[20] = (data[20] as number) ^ 0x01;
      }),
      'b.zip',
    );
    expectFailureNaming(report, pack);
  });

  it('fails when a shard manifest is removed, naming it and not every entry of the shard', async () => {
    const key = shardKeys.manifest(runs[0] as string, accountShard(0));
    const report = await verifyBundle(
      tampered((files) => {
        delete files[key];
      }),
      'b.zip',
    );
    expectFailureNaming(report, key);
    expect(report.problems.filter((p) => p.message.includes('an entry was added'))).toEqual([]);
  });

  it("fails on a shard taken from another run, naming the shard's manifest", async () => {
    const [a, b] = runs as [string, string];
    const shardId = accountShard(0);
    const report = await verifyBundle(
      tampered((files) => {
        for (const name of Object.keys(files)) {
          if (name.startsWith(shardKeys.shardPrefix(a, shardId)) || name.startsWith(`runs/${a}/proofs/shards/${shardId}/`))
            delete files[name];
        }
        for (const [name, data] of Object.entries(entries)) {
          if (name.startsWith(shardKeys.shardPrefix(b, shardId)) || name.startsWith(`runs/${b}/proofs/shards/${shardId}/`)) {
            files[name.replace(`runs/${b}/`, `runs/${a}/`)] = Uint8Array.from(data);
          }
        }
      }),
      'b.zip',
    );
    expectFailureNaming(report, shardKeys.manifest(a, shardId));
  });

  it('fails when a proof file or an item file is altered, naming it', async () => {
    const finding = await firstFinding(0);
    const proof = proofPath(runs[0] as string, finding);
    const changedProof = await verifyBundle(
      tampered((files) => {
        const json = JSON.parse(Buffer.from(files[proof] as Uint8Array).toString('utf8')) as ShardedItemProof;
        json.shard.path[0] = `${json.shard.path[0]?.slice(0, -1)}${json.shard.path[0]?.endsWith('0') ? '1' : '0'}`;
        files[proof] = Buffer.from(`${JSON.stringify(json, null, 2)}\n`);
      }),
      'b.zip',
    );
    expectFailureNaming(changedProof, proof);
    const changedItem = await verifyBundle(
      tampered((files) => {
        const data = files[finding] as Uint8Array;
        data[5] = (data[5] as number) ^ 0x01;
      }),
      'b.zip',
    );
    expectFailureNaming(changedItem, finding);
  });

  it('fails on an entry no manifest lists, naming it', async () => {
    const added = `${shardKeys.shardPrefix(runs[1] as string, accountShard(1))}extra.json`;
    const report = await verifyBundle(
      tampered((files) => {
        files[added] = Buffer.from('{}');
      }),
      'b.zip',
    );
    expectFailureNaming(report, added);
  });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python)('verify_proof.py on a sharded run', () => {
  /** The README's Python command, run in a folder holding what it reads, with `change` applied. */
  async function runReadmeCommand(change?: (files: Record<string, Uint8Array>) => void) {
    const readme = Buffer.from(entries[ROOT_FILES.readme] as Uint8Array).toString('utf8');
    const at = readme.indexOf('\n### Check one finding with Python alone\n');
    const script = /```sh\n([\s\S]*?)```/u.exec(readme.slice(at))?.[1] as string;
    const [, finding, proof] = /verify_proof\.py (\S+) \\\n\s+(\S+)/u.exec(script) ?? [];
    const files: Record<string, Uint8Array> = {};
    for (const name of [ROOT_FILES.proofScript, runKeys.statement(runs[0] as string), finding as string, proof as string]) {
      files[name] = Uint8Array.from(entries[name] as Uint8Array);
    }
    change?.(files);
    const folder = await temp.make('verify-proof-v2');
    for (const [name, data] of Object.entries(files)) {
      await mkdir(dirname(join(folder, name)), { recursive: true });
      await writeFile(join(folder, name), data);
    }
    const result = spawnSync('bash', ['-e', '-c', script], { cwd: folder, encoding: 'utf8' });
    return { finding: finding as string, proof: proof as string, status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it("checks the README's v2 finding through both levels of its proof", async () => {
    const { finding, status, output } = await runReadmeCommand();
    expect(finding).toBe(await firstFinding(0));
    expect(output).toContain(`OK: ${finding}`);
    expect(output).toContain(`of shard ${accountShard(0)}`);
    expect(status).toBe(0);
  });

  it('fails when the shard level or the run level of the proof changes', async () => {
    const flip = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;
    for (const level of ['shard', 'run'] as const) {
      const { status, output } = await runReadmeCommand((files) => {
        const name = Object.keys(files).find((n) => n.includes('/proofs/')) as string;
        const json = JSON.parse(Buffer.from(files[name] as Uint8Array).toString('utf8')) as ShardedItemProof;
        if (level === 'shard') json.shard.root = flip(json.shard.root);
        else json.run.path[0] = flip(json.run.path[0] as string);
        files[name] = Buffer.from(JSON.stringify(json));
      });
      expect(output, level).toContain('FAILED');
      expect(status, level).toBe(1);
    }
  });
});
