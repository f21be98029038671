import { sha256Hex } from '../evidence/canonical.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import type { ManifestItem } from './manifest.js';
import { leafHash, MerkleTree, verifyInclusion } from './merkle.js';
import {
  type PackEntry,
  type PackKind,
  runTree,
  type ShardedManifest,
  ShardedManifestSchema,
  type ShardManifest,
  ShardManifestSchema,
  type ShardSummary,
  shardKeys,
  shardLeafEntries,
} from './shard.js';

/** A sharded run's object that is missing, altered or malformed: names the key. */
export class ShardReadError extends Error {
  readonly key: string;
  constructor(key: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ShardReadError';
    this.key = key;
  }
}

/**
 * The format version of a stored run manifest (`1`: one object per item; `2`: sharded), read from
 * its bytes without parsing them: a manifest is canonical JSON and holds one `schemaVersion` key, at
 * its top level (scopes, coverage, items, shards and controls have none), so the first is it. A v1
 * manifest of a large run is tens of megabytes, which its reader parses in its own way.
 */
export function runFormatOf(manifestBytes: Buffer): number | undefined {
  const m = /"schemaVersion":([0-9]+)[,}]/u.exec(manifestBytes.toString('latin1'));
  return m === null ? undefined : Number(m[1]);
}

/** Parses a sharded run's manifest, naming what is wrong. */
export function parseShardedManifest(bytes: Buffer, key: string): ShardedManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ShardReadError(key, `${key} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = ShardedManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new ShardReadError(key, `${key} is not a sharded run manifest: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

async function get(store: EvidenceStore, key: string): Promise<Buffer> {
  try {
    return await store.get(key);
  } catch (error) {
    const why = error instanceof ObjectNotFoundError ? 'is missing from the store' : `cannot be read: ${(error as Error).message}`;
    throw new ShardReadError(key, `${key} ${why}.`, { cause: error });
  }
}

/**
 * Checks a shard manifest's bytes against what the run manifest says of it (SHA-256, size, run,
 * shard, root, tree size, counts) and parses it; and checks that its root is the tree of its index.
 */
export function checkShardManifest(bytes: Buffer, runId: string, summary: ShardSummary): ShardManifest {
  const key = summary.key;
  if (bytes.length !== summary.size || sha256Hex(bytes) !== summary.sha256) {
    throw new ShardReadError(key, `${key} does not match its SHA-256 in the manifest of run ${runId}: it was altered or replaced.`);
  }
  let shard: ShardManifest;
  try {
    shard = ShardManifestSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    throw new ShardReadError(key, `${key} is not a valid shard manifest: ${(error as Error).message}`, { cause: error });
  }
  const wrong = (what: string) => new ShardReadError(key, `${key} ${what}.`);
  if (shard.runId !== runId) throw wrong(`is a shard of run ${shard.runId}, not of ${runId}`);
  if (shard.shardId !== summary.shardId) throw wrong(`is shard ${shard.shardId}, not ${summary.shardId}`);
  if (shard.merkle.root !== summary.root || shard.merkle.treeSize !== summary.treeSize) {
    throw wrong(
      `gives root ${shard.merkle.root} over ${shard.merkle.treeSize} items, the run manifest ${summary.root} over ${summary.treeSize}`,
    );
  }
  if (shard.index.evidence.length !== summary.evidence || shard.index.findings.length !== summary.findings) {
    throw wrong('holds other item counts than the run manifest says');
  }
  for (const kind of ['evidence', 'findings'] as const) {
    if (shard.packs[kind].key !== shardKeys.pack(runId, shard.shardId, kind === 'evidence' ? 'evidence' : 'finding')) {
      throw wrong(`names ${shard.packs[kind].key} as its ${kind} pack, which is not the shard's`);
    }
    if (shard.packs[kind].count !== shard.index[kind].length)
      throw wrong(`counts ${shard.packs[kind].count} ${kind} but indexes ${shard.index[kind].length}`);
  }
  const root = MerkleTree.fromEntries(shardLeafEntries(shard.index)).root.toString('hex');
  if (root !== shard.merkle.root || shard.merkle.treeSize !== shard.index.evidence.length + shard.index.findings.length) {
    throw wrong(`gives Merkle root ${shard.merkle.root}, but its items make ${root}`);
  }
  return shard;
}

/** Reads and checks one shard's manifest ({@link checkShardManifest}). */
export async function readShardManifest(store: EvidenceStore, runId: string, summary: ShardSummary): Promise<ShardManifest> {
  if (summary.key !== shardKeys.manifest(runId, summary.shardId)) {
    throw new ShardReadError(summary.key, `${summary.key} is not the manifest of shard ${summary.shardId} of run ${runId}.`);
  }
  return checkShardManifest(await get(store, summary.key), runId, summary);
}

/** One item of a sharded run, named as a manifest item (its key is {@link shardKeys.item}). */
export function shardItem(runId: string, shardId: string, kind: PackKind, entry: PackEntry): ManifestItem {
  return { kind, key: shardKeys.item(runId, shardId, kind, entry[0]), sha256: entry[0], size: entry[2] };
}

/**
 * The items of one pack, each checked: the pack's bytes against the shard manifest, then every
 * entry of the index in turn (it starts where the last ended, ends with a newline, and its bytes
 * hash to its SHA-256). Nothing outside the index may be in the pack.
 */
export function* packItems(shard: ShardManifest, kind: PackKind, bytes: Buffer): Generator<{ item: ManifestItem; bytes: Buffer }> {
  const ref = kind === 'evidence' ? shard.packs.evidence : shard.packs.findings;
  const entries = kind === 'evidence' ? shard.index.evidence : shard.index.findings;
  if (bytes.length !== ref.size || sha256Hex(bytes) !== ref.sha256) {
    throw new ShardReadError(
      ref.key,
      `${ref.key} does not match its SHA-256 in ${shardKeys.manifest(shard.runId, shard.shardId)}: it was altered.`,
    );
  }
  let offset = 0;
  let previous = '';
  for (const entry of entries) {
    const [sha256, start, length] = entry;
    const item = shardItem(shard.runId, shard.shardId, kind, entry);
    if (start !== offset || bytes[start + length] !== 0x0a) {
      throw new ShardReadError(
        ref.key,
        `${ref.key}: the index entry of ${sha256} (offset ${start}, ${length} bytes) does not follow the pack's lines.`,
      );
    }
    if (sha256 <= previous) throw new ShardReadError(ref.key, `${ref.key}: its index is not in SHA-256 order at ${sha256}.`);
    const itemBytes = bytes.subarray(start, start + length);
    if (sha256Hex(itemBytes) !== sha256)
      throw new ShardReadError(item.key, `${item.key} does not match its SHA-256 in ${ref.key}'s index: it was altered.`);
    yield { item, bytes: itemBytes };
    offset = start + length + 1;
    previous = sha256;
  }
  if (offset !== bytes.length)
    throw new ShardReadError(ref.key, `${ref.key} holds ${bytes.length - offset} bytes after its last indexed item.`);
}

/** Reads and checks one pack of a shard, item by item ({@link packItems}). */
export async function* readPack(
  store: EvidenceStore,
  shard: ShardManifest,
  kind: PackKind,
): AsyncGenerator<{ item: ManifestItem; bytes: Buffer }> {
  const ref = kind === 'evidence' ? shard.packs.evidence : shard.packs.findings;
  // An empty pack is still an object (its SHA-256 is that of no bytes), so a removed one is seen.
  yield* packItems(shard, kind, await get(store, ref.key));
}

/**
 * The items of a sharded run of the given kinds, shard by shard (evidence before findings within a
 * shard), each checked against its shard's manifest, which is checked against the run manifest.
 * Memory holds one pack at a time, whatever the size of the run.
 */
export async function* readShardedItems(
  store: EvidenceStore,
  manifest: ShardedManifest,
  kinds: readonly PackKind[] = ['evidence', 'finding'],
): AsyncGenerator<{ shard: ShardManifest; item: ManifestItem; bytes: Buffer }> {
  for (const summary of manifest.shards) {
    const shard = await readShardManifest(store, manifest.runId, summary);
    for (const kind of ['evidence', 'finding'] as const) {
      if (!kinds.includes(kind)) continue;
      for await (const read of readPack(store, shard, kind)) yield { shard, ...read };
    }
  }
}

/** Reads a sharded run's manifest: undefined for a v1 run. The caller checks it against the statement. */
export async function readShardedManifest(
  store: EvidenceStore,
  runId: string,
): Promise<{ bytes: Buffer; manifest: ShardedManifest } | undefined> {
  const key = runKeys.manifest(runId);
  const bytes = await get(store, key);
  if (runFormatOf(bytes) !== 2) return undefined;
  return { bytes, manifest: parseShardedManifest(bytes, key) };
}

/** One inclusion proof of RFC 9162: the leaf's index, the tree's size, the audit path (hex) and the root it leads to. */
export interface InclusionStep {
  leafIndex: number;
  treeSize: number;
  path: string[];
  root: string;
}

/**
 * An item's proof in a sharded run, self-contained: the item in its shard's tree, then the shard's
 * root in the run's tree, whose root the run's statement signs.
 */
export interface ShardedItemProof {
  runId: string;
  key: string;
  kind: PackKind;
  /** SHA-256 of the item's bytes: the leaf entry of the shard's tree. */
  sha256: string;
  shardId: string;
  shard: InclusionStep;
  run: InclusionStep;
}

/** The proof of the item named `key` ({@link shardKeys.item}) of a sharded run. */
export function shardedItemProof(manifest: ShardedManifest, shard: ShardManifest, key: string): ShardedItemProof {
  const entries = [
    ...shard.index.evidence.map((e) => ['evidence', e] as const),
    ...shard.index.findings.map((e) => ['finding', e] as const),
  ];
  const leafIndex = entries.findIndex(([kind, [sha256]]) => shardKeys.item(manifest.runId, shard.shardId, kind, sha256) === key);
  const found = entries[leafIndex];
  if (found === undefined) throw new ShardReadError(key, `${key} is not an item of shard ${shard.shardId} of run ${manifest.runId}.`);
  const shardIndex = manifest.shards.findIndex((s) => s.shardId === shard.shardId);
  if (shardIndex < 0) throw new ShardReadError(key, `Run ${manifest.runId} has no shard ${shard.shardId}.`);
  const shardTree = MerkleTree.fromEntries(shardLeafEntries(shard.index));
  const tree = runTree(manifest.shards);
  const hex = (nodes: Buffer[]) => nodes.map((n) => n.toString('hex'));
  return {
    runId: manifest.runId,
    key,
    kind: found[0],
    sha256: found[1][0],
    shardId: shard.shardId,
    shard: { leafIndex, treeSize: shardTree.size, path: hex(shardTree.inclusionProof(leafIndex)), root: shardTree.root.toString('hex') },
    run: { leafIndex: shardIndex, treeSize: tree.size, path: hex(tree.inclusionProof(shardIndex)), root: tree.root.toString('hex') },
  };
}

/**
 * True when `bytes` are the item, the first proof leads from them to the shard's root and the
 * second from that root to the run's root. The caller compares `proof.run.root` with the root the
 * run's signed statement names.
 */
export function checkShardedItemProof(proof: ShardedItemProof, bytes: Uint8Array): boolean {
  if (sha256Hex(bytes) !== proof.sha256) return false;
  const step = (leaf: Buffer, s: InclusionStep) =>
    verifyInclusion(
      leafHash(leaf),
      s.leafIndex,
      s.treeSize,
      s.path.map((p) => Buffer.from(p, 'hex')),
      Buffer.from(s.root, 'hex'),
    );
  return step(Buffer.from(proof.sha256, 'hex'), proof.shard) && step(Buffer.from(proof.shard.root, 'hex'), proof.run);
}
