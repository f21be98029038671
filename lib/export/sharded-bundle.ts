import { sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import type { ManifestItem } from '../seal/manifest.js';
import { MerkleTree } from '../seal/merkle.js';
import { encodeTreeLevels } from '../seal/seal.js';
import {
  PACK_KINDS,
  type PackKind,
  parseShardItemKey,
  runTree,
  type ShardedManifest,
  type ShardManifest,
  shardKeys,
  shardLeafEntries,
} from '../seal/shard.js';
import { type InclusionStep, packItems, readPack, readShardManifest, type ShardedItemProof, shardItem } from '../seal/shard-read.js';
import { type EvidenceStore, runKeys } from '../store/types.js';
import { getOrCreate } from '../util/maps.js';
import { type EvidenceLookup, type RunDescription, shardEvidenceLookup } from './load.js';

/**
 * What an evidence bundle holds of a sharded (v2) run, beside what it holds of any run (manifest,
 * statement, Sigstore bundle, token): the run's stored objects as the store holds them, byte for
 * byte, so that verifying the bundle re-checks exactly what was sealed (`proofs.bin`, the public
 * key, and per shard its `shard.json` and two packs); and, as for a run of the first format, each
 * item's bytes as a file of its own under its item name (`runs/<run>/shards/<shard>/(evidence|
 * findings)/<sha256>.json`, the same bytes as its line in the pack) with its two-level proof beside
 * it under `runs/<run>/proofs/shards/<shard>/...`, so that an auditor checks one finding, and the
 * evidence it cites, without reading a pack.
 */

/** index.json's entry of one shard of a sharded run: its stored objects and what they hold. */
export interface IndexShard {
  shardId: string;
  /** runs/<run>/shards/<shard>/shard.json, with the SHA-256 and size the run manifest lists. */
  manifest: string;
  sha256: string;
  size: number;
  /** The shard's Merkle root: leaf `shards` index of the run's tree. */
  root: string;
  packs: { evidence: string; findings: string };
  evidence: number;
  findings: number;
}

/** index.json's entry of a sharded run, beside the fields of every run. */
export interface IndexShardedRun {
  /** 2: the run is sharded. Runs of the first format have no such field. */
  format: 2;
  /** runs/<run>/proofs.bin: the levels of the run's tree over its shard roots. */
  proofs: string;
  /** runs/<run>/keys/<sha256>.pem: the signer's public key the run manifest names. */
  publicKey: string;
  shards: IndexShard[];
}

/** The index entry fields of a sharded run, from its manifest. */
export function indexShardedRun(manifest: ShardedManifest): IndexShardedRun {
  const { runId } = manifest;
  return {
    format: 2,
    proofs: runKeys.proofs(runId),
    publicKey: manifest.publicKey.key,
    shards: manifest.shards.map((s) => ({
      shardId: s.shardId,
      manifest: s.key,
      sha256: s.sha256,
      size: s.size,
      root: s.root,
      packs: { evidence: shardKeys.pack(runId, s.shardId, 'evidence'), findings: shardKeys.pack(runId, s.shardId, 'finding') },
      evidence: s.evidence,
      findings: s.findings,
    })),
  };
}

/**
 * A sharded run as the report and the OSCAL document describe a run (load.ts's describeRun of its
 * head, without one): the run manifest's fields and the coverage of its shards, appended by whoever
 * reads them, in shard order.
 */
export function describeShardedRun(m: ShardedManifest, coverage: CoverageEntry[]): RunDescription {
  return {
    schemaVersion: 2,
    runId: m.runId,
    startedAt: m.startedAt,
    finishedAt: m.finishedAt,
    toolVersion: m.toolVersion,
    catalogVersion: m.catalogVersion,
    controls: m.controls,
    scopes: m.scopes,
    coverage,
    merkle: m.merkle,
    previous: m.previous,
    signer: m.signer,
  };
}

/** How many items (evidence records and findings) a sharded run holds. */
export function shardedItemCount(manifest: ShardedManifest): number {
  return manifest.shards.reduce((n, s) => n + s.treeSize, 0);
}

/**
 * The two-level proofs of one shard's items, with the shard's tree built once (building it for
 * every item, as `shardedItemProof` does, would be quadratic in the shard). `leafIndex` is the
 * item's place in the shard's tree: its evidence records, then its findings, in pack order.
 */
export class ShardProofs {
  private readonly shardTree: MerkleTree;
  private readonly run: InclusionStep;

  constructor(
    private readonly manifest: ShardedManifest,
    private readonly shard: ShardManifest,
    /** The run's tree over the shard roots, built once per run. */
    tree: MerkleTree = runTree(manifest.shards),
  ) {
    const shardIndex = manifest.shards.findIndex((s) => s.shardId === shard.shardId);
    if (shardIndex < 0) throw new Error(`Run ${manifest.runId} has no shard ${shard.shardId}.`);
    this.shardTree = MerkleTree.fromEntries(shardLeafEntries(shard.index));
    this.run = { leafIndex: shardIndex, treeSize: tree.size, path: hex(tree.inclusionProof(shardIndex)), root: tree.root.toString('hex') };
  }

  /** The proof of the item at `leafIndex` of the shard's tree, of kind `kind` and SHA-256 `sha256`. */
  proof(kind: PackKind, sha256: string, leafIndex: number): ShardedItemProof {
    const { runId } = this.manifest;
    const { shardId } = this.shard;
    return {
      runId,
      key: shardKeys.item(runId, shardId, kind, sha256),
      kind,
      sha256,
      shardId,
      shard: {
        leafIndex,
        treeSize: this.shardTree.size,
        path: hex(this.shardTree.inclusionProof(leafIndex)),
        root: this.shardTree.root.toString('hex'),
      },
      run: this.run,
    };
  }
}

function hex(nodes: readonly Buffer[]): string[] {
  return nodes.map((n) => n.toString('hex'));
}

/** An object of a sharded run whose bytes are not what its manifest says: names it. */
export class ShardedExportError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'ShardedExportError';
  }
}

/** Where the first pass writes: the zip's `add`. */
export type AddEntry = (name: string, data: Uint8Array | string) => void;

/** What the first pass over a sharded run tells of each item, for the derived files. */
export interface ShardedItemSink {
  /** Each shard's manifest, checked, before its items. */
  shard(shard: ShardManifest): void;
  /** Each item, checked, in pack order; `evidenceKey` answers for the item's shard (what its findings may cite). */
  item(item: ManifestItem, bytes: Buffer, evidenceKey: EvidenceLookup): void;
}

/**
 * The first pass of an export over a sharded run, after its manifest, statement and Sigstore
 * bundle: `proofs.bin` (checked to be the levels of the tree over the shard roots) and the public
 * key (checked against the manifest), then shard by shard its `shard.json` (checked against the run
 * manifest), each pack (checked against the shard manifest) and, for each item of the pack, its
 * bytes as a file of its own and its two-level proof. One shard is in memory at a time.
 */
export async function copyShardedRun(store: EvidenceStore, manifest: ShardedManifest, add: AddEntry, sink: ShardedItemSink): Promise<void> {
  const { runId } = manifest;
  const tree = runTree(manifest.shards);
  const proofsKey = runKeys.proofs(runId);
  const proofs = await store.get(proofsKey);
  if (!proofs.equals(encodeTreeLevels(tree)))
    throw new ShardedExportError(proofsKey, `${proofsKey} does not hold the tree over the shard roots of run ${runId}.`);
  add(proofsKey, proofs);
  const key = await store.get(manifest.publicKey.key);
  if (key.length !== manifest.publicKey.size || sha256Hex(key) !== manifest.publicKey.sha256)
    throw new ShardedExportError(
      manifest.publicKey.key,
      `${manifest.publicKey.key} does not match its SHA-256 in the manifest of run ${runId}.`,
    );
  add(manifest.publicKey.key, key);
  for (const summary of manifest.shards) {
    const shard = await readShardManifest(store, runId, summary);
    add(summary.key, await store.get(summary.key));
    sink.shard(shard);
    const shardProofs = new ShardProofs(manifest, shard, tree);
    const evidenceKey = shardEvidenceLookup(shard);
    let leafIndex = 0;
    for (const kind of PACK_KINDS) {
      const ref = kind === 'evidence' ? shard.packs.evidence : shard.packs.findings;
      const pack = await store.get(ref.key);
      let first = true;
      for (const { item, bytes } of packItems(shard, kind, pack)) {
        // The pack is added once its digest is checked (packItems checks it before the first item).
        if (first) add(ref.key, pack);
        first = false;
        add(item.key, bytes);
        add(proofPath(runId, item.key), `${JSON.stringify(shardProofs.proof(kind, item.sha256, leafIndex), null, 2)}\n`);
        sink.item(item, bytes, evidenceKey);
        leafIndex++;
      }
      if (first) {
        // An empty pack: packItems checked its digest and gave nothing.
        add(ref.key, pack);
      }
    }
  }
}

/** The bundle path of an item's proof, as {@link import('./bundle.js').proofPath} gives it (kept here so this module needs nothing of bundle.ts). */
function proofPath(runId: string, key: string): string {
  const prefix = runKeys.prefix(runId);
  return `${prefix}proofs/${key.slice(prefix.length).replace(/\.[A-Za-z0-9]+$/u, '')}.json`;
}

/** A sharded run's items of one kind read again from the store, shard by shard, each checked. */
export async function* shardedItems(
  store: EvidenceStore,
  manifest: ShardedManifest,
  kind: PackKind,
): AsyncGenerator<{ item: ManifestItem; bytes: Buffer }> {
  for (const summary of manifest.shards) {
    const shard = await readShardManifest(store, manifest.runId, summary);
    yield* readPack(store, shard, kind);
  }
}

/** A sharded run's items as index.json lists them, from its shard manifests read again: shard by shard, evidence then findings. */
export async function* shardedIndexItems(store: EvidenceStore, manifest: ShardedManifest): AsyncGenerator<ManifestItem> {
  for (const summary of manifest.shards) {
    const shard = await readShardManifest(store, manifest.runId, summary);
    for (const kind of PACK_KINDS) {
      for (const e of kind === 'evidence' ? shard.index.evidence : shard.index.findings)
        yield shardItem(manifest.runId, shard.shardId, kind, e);
    }
  }
}

/** The first finding of a sharded run (of its first shard that has one), for the README's commands; undefined when it has none. */
export async function firstShardedFinding(store: EvidenceStore, manifest: ShardedManifest): Promise<ManifestItem | undefined> {
  const summary = manifest.shards.find((s) => s.findings > 0);
  if (summary === undefined) return undefined;
  const shard = await readShardManifest(store, manifest.runId, summary);
  const entry = shard.index.findings[0];
  return entry === undefined ? undefined : shardItem(manifest.runId, shard.shardId, 'finding', entry);
}

/**
 * The bytes of the evidence records the report shows (`cited`: SHA-256 to item name, as the
 * report's findings resolved them in their own shards), read again from their shards' packs, each
 * shard once: a sharded run's items are not objects of their own.
 */
export async function shardedRecords(
  store: EvidenceStore,
  manifest: ShardedManifest,
  cited: ReadonlyMap<string, string>,
): Promise<Map<string, Buffer>> {
  const wanted = new Map<string, Set<string>>();
  for (const [sha, key] of cited) {
    const at = parseShardItemKey(key);
    if (at === undefined || at.runId !== manifest.runId || at.kind !== 'evidence' || at.sha256 !== sha)
      throw new ShardedExportError(key, `${key} is not an evidence record of run ${manifest.runId}.`);
    getOrCreate(wanted, at.shardId, () => new Set<string>()).add(sha);
  }
  const records = new Map<string, Buffer>();
  for (const summary of manifest.shards) {
    const shas = wanted.get(summary.shardId);
    if (shas === undefined) continue;
    const shard = await readShardManifest(store, manifest.runId, summary);
    for await (const { item, bytes } of readPack(store, shard, 'evidence')) {
      if (shas.has(item.sha256)) records.set(item.sha256, Buffer.from(bytes));
    }
  }
  for (const [sha, key] of cited) if (!records.has(sha)) throw new ShardedExportError(key, `${key} is not in its shard's evidence pack.`);
  return records;
}
