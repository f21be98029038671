import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, catalogVersion } from '../../lib/controls/index.js';
import { canonicalJson, sha256Hex } from '../../lib/evidence/canonical.js';
import type { EvidenceRecord } from '../../lib/evidence/record.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { storeSealedRun } from '../../lib/pipeline/seal-run.js';
import { evaluateShard, type ShardStepResult, splitIntoShards, storeShard } from '../../lib/pipeline/shard-step.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { sealedControls } from '../../lib/seal/reevaluation.js';
import { RUN_SHARD_ID, sealShard, sealShardedRun, shardKeys } from '../../lib/seal/shard.js';
import {
  checkShardedItemProof,
  checkShardManifest,
  packItems,
  readShardedItems,
  readShardedManifest,
  runFormatOf,
  ShardReadError,
  shardedItemProof,
} from '../../lib/seal/shard-read.js';
import { readStatement } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo } from '../helpers/demo-assess.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

/** The demo run sealed the v1 way: its records, coverage and findings are what the shards must reproduce. */
let demo: Awaited<ReturnType<typeof loadSealedRun>>;
let shards: ShardStepResult[];
const RUN = '20261208T010000000Z-0a0b0c0d';
const STARTED = '2026-12-08T01:00:00.000Z';

beforeAll(async () => {
  const store = new LocalFolderStore(await temp.make('shard-v1'));
  const run = await assessDemo(store, signer);
  demo = await loadSealedRun(store, run.runId);
  const records: EvidenceRecord[] = demo.evidence.map((e) => e.record);
  shards = splitIntoShards(demo.manifest.scopes, records, demo.manifest.coverage).map((shard) =>
    evaluateShard({
      runId: RUN,
      startedAt: demo.manifest.startedAt,
      shard,
      accounts: demo.manifest.scopes.map((s) => s.accountId),
      catalog,
    }),
  );
}, 120_000);

describe('shards of the demo estate', () => {
  it('split by account, with the run shard last, and lose no record or coverage entry', () => {
    const ids = shards.map((s) => s.sealed.shardId);
    const accounts = [...new Set(demo.manifest.scopes.map((s) => s.accountId))].sort();
    expect(ids).toEqual([...accounts, RUN_SHARD_ID]);
    const evidence = shards.reduce((n, s) => n + s.sealed.summary.evidence, 0);
    expect(evidence).toBe(demo.evidence.length);
    const coverage = shards.reduce((n, s) => n + s.sealed.manifest.coverage.length, 0);
    expect(coverage).toBe(demo.manifest.coverage.length);
    // The run shard holds the attestations and the trust list, and no finding.
    const runShard = shards.at(-1);
    expect(runShard?.sealed.summary.findings).toBe(0);
    expect(runShard?.sealed.summary.evidence).toBeGreaterThan(0);
  });

  it('give, shard by shard, exactly the findings of the whole run evaluated at once', () => {
    // No control reads another account's evidence: the account is a shard whose controls are whole.
    const sharded = shards.flatMap((s) => s.findings.map((f) => sha256Hex(canonicalJson(f)))).sort();
    const whole = demo.findings.map((f) => f.sha256).sort();
    expect(sharded).toEqual(whole);
  });

  it('seal the same bytes when sealed again, whatever order the evidence came in', () => {
    const shard = splitIntoShards(
      demo.manifest.scopes,
      [...demo.evidence].reverse().map((e) => e.record),
      [...demo.manifest.coverage].reverse(),
    )[0];
    if (shard === undefined) throw new Error('no shard');
    const again = evaluateShard({
      runId: RUN,
      startedAt: demo.manifest.startedAt,
      shard,
      accounts: demo.manifest.scopes.map((s) => s.accountId),
      catalog,
    });
    const first = shards[0];
    expect(again.sealed.objects.map((o) => o.sha256)).toEqual(first?.sealed.objects.map((o) => o.sha256));
  });
});

describe('a shard and its packs', () => {
  const items = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => {
      const bytes = canonicalJson({ i, tag });
      return { bytes, sha256: sha256Hex(bytes) };
    });
  const sealed = sealShard({
    runId: RUN,
    shardId: '111122223333',
    scopes: [{ accountId: '111122223333', region: 'us-east-1' }],
    coverage: [],
    evidence: [...items(5, 'e'), ...items(2, 'e')],
    findings: items(3, 'f'),
  });
  const [evidencePack, findingsPack, manifestObject] = sealed.objects;

  it('packs each item once, by SHA-256, and the index reads every item back', () => {
    expect(sealed.summary).toMatchObject({ evidence: 5, findings: 3, treeSize: 8 });
    const read = [...packItems(sealed.manifest, 'evidence', evidencePack?.bytes as Buffer)];
    expect(read.map((r) => sha256Hex(r.bytes))).toEqual(sealed.manifest.index.evidence.map(([sha]) => sha));
    expect(read[0]?.item.key).toBe(shardKeys.item(RUN, '111122223333', 'evidence', read[0]?.item.sha256 as string));
  });

  it('refuses a pack with one byte changed, an item outside the index, or a shard manifest not the run manifest names', () => {
    const flipped = Buffer.from(findingsPack?.bytes as Buffer);
    flipped[3] = flipped[3] === 0x61 ? 0x62 : 0x61;
    expect(() => [...packItems(sealed.manifest, 'finding', flipped)]).toThrow(/findings\.jsonl does not match its SHA-256/);
    const longer = Buffer.concat([findingsPack?.bytes as Buffer, Buffer.from('{}\n')]);
    const manifest = structuredClone(sealed.manifest);
    manifest.packs.findings = { ...manifest.packs.findings, sha256: sha256Hex(longer), size: longer.length };
    expect(() => [...packItems(manifest, 'finding', longer)]).toThrow(/bytes after its last indexed item/);
    expect(() => checkShardManifest(manifestObject?.bytes as Buffer, RUN, { ...sealed.summary, sha256: sha256Hex('other') })).toThrow(
      ShardReadError,
    );
    expect(() => checkShardManifest(manifestObject?.bytes as Buffer, '20261208T020000000Z-0a0b0c0d', { ...sealed.summary })).toThrow(
      /not of/,
    );
  });

  it('refuses a shard manifest whose root is not the tree of its index', () => {
    const forged = structuredClone(sealed.manifest);
    forged.index.evidence.reverse();
    const bytes = Buffer.from(canonicalJson(forged));
    expect(() => checkShardManifest(bytes, RUN, { ...sealed.summary, sha256: sha256Hex(bytes), size: bytes.length })).toThrow(
      /Merkle root/,
    );
  });
});

describe('a sharded run, stored', () => {
  it('is what assess seals with format 2: the same findings, shard by shard, and three objects an account', async () => {
    const store = new LocalFolderStore(await temp.make('shard-assess'));
    const run = await assessDemo(store, signer, undefined, undefined, undefined, 2);
    const read = await readShardedManifest(store, run.runId);
    expect(read?.manifest.shards.length).toBe(shards.length);
    expect(run.findings.length).toBe(demo.findings.length);
    expect(run.evidenceCount).toBe(demo.evidence.length);
    const labels = (list: { controlId: string; status: string; resource: { id: string }; accountId: string; region: string }[]) =>
      list.map((f) => `${f.controlId} ${f.accountId} ${f.region} ${f.resource.id} ${f.status}`).sort();
    expect(labels(run.findings)).toEqual(labels(demo.findings.map((f) => f.finding)));
    const keys = await store.list(runKeys.prefix(run.runId));
    expect(keys.filter((k) => k.includes('/shards/')).length).toBe(3 * shards.length);
  });

  it('signs one statement over the shard roots; every item reads back and proves its way to the signed root', async () => {
    const store = new LocalFolderStore(await temp.make('shard-v2'));
    for (const s of shards) await storeShard(store, s.sealed);
    const sealed = await sealShardedRun({
      runId: RUN,
      startedAt: STARTED,
      finishedAt: STARTED,
      toolVersion: 'test',
      catalogVersion,
      controls: sealedControls(catalog),
      scopes: demo.manifest.scopes,
      shards: [...shards].reverse().map((s) => s.sealed.summary),
      previous: null,
      signer,
    });
    await storeSealedRun(store, sealed);
    // Stored again (a retried step): nothing new is written.
    for (const s of shards) expect((await storeShard(store, s.sealed)).written).toBe(0);

    const read = await readShardedManifest(store, RUN);
    if (read === undefined) throw new Error('not sharded');
    expect(runFormatOf(read.bytes)).toBe(2);
    expect(read.manifest.shards.map((s) => s.shardId)).toEqual(shards.map((s) => s.sealed.shardId));
    const { statement } = readStatement(await store.get(runKeys.statement(RUN)), runKeys.statement(RUN));
    const signedRoot = statement.subject.find((s) => s.name === 'merkle-root')?.digest.sha256;
    expect(read.manifest.merkle.root).toBe(signedRoot);
    expect(statement.subject[0]?.digest.sha256).toBe(sha256Hex(read.bytes));

    let count = 0;
    let checked = 0;
    for await (const { shard, item, bytes } of readShardedItems(store, read.manifest)) {
      count++;
      // One item per shard and kind is proved: the proof needs only the two manifests.
      if (count % 97 !== 1) continue;
      const proof = shardedItemProof(read.manifest, shard, item.key);
      expect(proof.run.root).toBe(signedRoot);
      expect(checkShardedItemProof(proof, bytes)).toBe(true);
      expect(checkShardedItemProof(proof, Buffer.concat([bytes, Buffer.from(' ')]))).toBe(false);
      const wrongShard = { ...proof, run: { ...proof.run, leafIndex: (proof.run.leafIndex + 1) % proof.run.treeSize } };
      expect(checkShardedItemProof(wrongShard, bytes)).toBe(false);
      checked++;
    }
    expect(count).toBe(demo.evidence.length + demo.findings.length);
    expect(checked).toBeGreaterThan(3);
    // Three objects a shard, whatever it holds.
    const keys = await store.list(shardKeys.prefix(RUN));
    expect(keys.length).toBe(3 * shards.length);
  });
});
