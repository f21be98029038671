import { sha256Hex } from '../evidence/canonical.js';
import { type EvidenceStore, runKeys } from '../store/types.js';
import { ManifestSchema } from './manifest.js';
import { leafHash, MerkleTree, verifyInclusion } from './merkle.js';
import { parseShardItemKey, SHARDED_RUN_SCHEMA_VERSION } from './shard.js';
import {
  checkShardedItemProof,
  readShardedManifest,
  readShardManifest,
  runFormatOf,
  type ShardedItemProof,
  ShardReadError,
  shardedItemProof,
} from './shard-read.js';
import { readStatement } from './verify.js';

/** One item's inclusion proof, self-contained: check it with {@link checkItemProof} or by hand. */
export interface ItemProof {
  runId: string;
  key: string;
  /** SHA-256 of the item's bytes: the Merkle leaf entry. */
  sha256: string;
  leafIndex: number;
  treeSize: number;
  /** Audit path from the leaf's sibling upwards, hex. */
  path: string[];
  /** The Merkle root the run's signed statement names. */
  root: string;
}

export class ProofError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProofError';
  }
}

/** Reads the inclusion proof of the object `key` of a run from its stored tree levels. */
export async function itemProof(store: EvidenceStore, runId: string, key: string): Promise<ItemProof> {
  return (await runProofs(store, runId)).proof(key);
}

/** The Merkle root a run's signed statement names. */
async function signedRoot(store: EvidenceStore, runId: string): Promise<string> {
  const { statement } = readStatement(await store.get(runKeys.statement(runId)), runKeys.statement(runId));
  const root = statement.subject.find((s) => s.name === 'merkle-root')?.digest.sha256;
  if (root === undefined) throw new ProofError(`The statement of run ${runId} names no Merkle root.`);
  return root;
}

/** A run's stored tree levels (proofs.bin), checked to be a tree of `size` leaves. */
async function storedTree(store: EvidenceStore, runId: string, size: number): Promise<MerkleTree> {
  try {
    return MerkleTree.fromNodes(await store.get(runKeys.proofs(runId)), size);
  } catch (error) {
    throw new ProofError(`${runKeys.proofs(runId)} does not hold the tree of run ${runId}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A run's manifest, tree levels and signed root, read once: the inclusion proof of any of its
 * objects without reading (or parsing a manifest of thousands of items) again for each.
 */
export async function runProofs(store: EvidenceStore, runId: string): Promise<{ proof: (key: string) => ItemProof }> {
  const manifestBytes = await store.get(runKeys.manifest(runId));
  if (runFormatOf(manifestBytes) === SHARDED_RUN_SCHEMA_VERSION) {
    throw new ProofError(
      `Run ${runId} is sharded: name one of its items as runs/${runId}/shards/<shard>/(evidence|findings)/<sha256>.json.`,
    );
  }
  const manifest = ManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  const indexOf = new Map(manifest.items.map((item, index) => [item.key, index]));
  const tree = await storedTree(store, runId, manifest.items.length);
  const root = await signedRoot(store, runId);
  return {
    proof: (key) => {
      const leafIndex = indexOf.get(key);
      const item = leafIndex === undefined ? undefined : manifest.items[leafIndex];
      if (leafIndex === undefined || item === undefined) throw new ProofError(`${key} is not an item of run ${runId}.`);
      const path = tree.inclusionProof(leafIndex).map((node) => node.toString('hex'));
      return { runId, key, sha256: item.sha256, leafIndex, treeSize: manifest.items.length, path, root };
    },
  };
}

/**
 * The two-level proof of an item of a sharded run (`key` is {@link shardKeys.item}'s name of it),
 * self-contained, and the item's bytes, read from its pack. The first step (item to shard root) is
 * made from the shard manifest's index, which is checked against the run manifest; the second
 * (shard root to run root) is read from the run's stored tree levels, like a v1 proof, and ends at
 * the root the signed statement names: a proofs file or manifest that was altered gives a proof
 * that does not hold.
 */
export async function shardedProof(store: EvidenceStore, key: string): Promise<{ proof: ShardedItemProof; bytes: Buffer }> {
  const name = parseShardItemKey(key);
  if (name === undefined) throw new ProofError(`${key} is not the name of an item of a sharded run.`);
  const { runId, shardId } = name;
  try {
    const read = await readShardedManifest(store, runId);
    if (read === undefined)
      throw new ProofError(`Run ${runId} is not sharded: name its objects as runs/${runId}/(evidence|findings)/<sha256>.json.`);
    const { manifest } = read;
    const summary = manifest.shards.find((s) => s.shardId === shardId);
    if (summary === undefined) throw new ProofError(`Run ${runId} has no shard ${shardId}.`);
    const shard = await readShardManifest(store, runId, summary);
    const proof = shardedItemProof(manifest, shard, key);
    const tree = await storedTree(store, runId, manifest.shards.length);
    proof.run = {
      ...proof.run,
      path: tree.inclusionProof(proof.run.leafIndex).map((node) => node.toString('hex')),
      root: await signedRoot(store, runId),
    };
    const entries = name.kind === 'evidence' ? shard.index.evidence : shard.index.findings;
    const entry = entries.find(([sha256]) => sha256 === name.sha256);
    if (entry === undefined) throw new ProofError(`${key} is not an item of shard ${shardId} of run ${runId}.`);
    const pack = await store.get(name.kind === 'evidence' ? shard.packs.evidence.key : shard.packs.findings.key);
    return { proof, bytes: pack.subarray(entry[1], entry[1] + entry[2]) };
  } catch (error) {
    if (error instanceof ShardReadError) throw new ProofError(error.message, { cause: error });
    throw error;
  }
}

/** Whether a proof is the two-level proof of an item of a sharded run. */
export function isShardedItemProof(proof: ItemProof | ShardedItemProof): proof is ShardedItemProof {
  return 'shard' in proof && 'run' in proof;
}

/**
 * True when `bytes` are the item and the proof leads from them to the root: for a sharded run's
 * proof, to its shard's root and from there to the run's root ({@link checkShardedItemProof}).
 */
export function checkItemProof(proof: ItemProof | ShardedItemProof, bytes: Uint8Array): boolean {
  if (isShardedItemProof(proof)) return checkShardedItemProof(proof, bytes);
  if (sha256Hex(bytes) !== proof.sha256) return false;
  return verifyInclusion(
    leafHash(Buffer.from(proof.sha256, 'hex')),
    proof.leafIndex,
    proof.treeSize,
    proof.path.map((p) => Buffer.from(p, 'hex')),
    Buffer.from(proof.root, 'hex'),
  );
}
