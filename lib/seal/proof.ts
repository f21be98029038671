import { sha256Hex } from '../evidence/canonical.js';
import { type EvidenceStore, runKeys } from '../store/types.js';
import { ManifestSchema } from './manifest.js';
import { leafHash, MerkleTree, verifyInclusion } from './merkle.js';
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

/**
 * A run's manifest, tree levels and signed root, read once: the inclusion proof of any of its
 * objects without reading (or parsing a manifest of thousands of items) again for each.
 */
export async function runProofs(store: EvidenceStore, runId: string): Promise<{ proof: (key: string) => ItemProof }> {
  const manifest = ManifestSchema.parse(JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')));
  const indexOf = new Map(manifest.items.map((item, index) => [item.key, index]));
  let tree: MerkleTree;
  try {
    tree = MerkleTree.fromNodes(await store.get(runKeys.proofs(runId)), manifest.items.length);
  } catch (error) {
    throw new ProofError(`${runKeys.proofs(runId)} does not hold the tree of run ${runId}: ${(error as Error).message}`, { cause: error });
  }
  const { statement } = readStatement(await store.get(runKeys.statement(runId)), runKeys.statement(runId));
  const root = statement.subject.find((s) => s.name === 'merkle-root')?.digest.sha256;
  if (root === undefined) throw new ProofError(`The statement of run ${runId} names no Merkle root.`);
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

/** True when `bytes` are the item and the proof leads from them to the root. */
export function checkItemProof(proof: ItemProof, bytes: Uint8Array): boolean {
  if (sha256Hex(bytes) !== proof.sha256) return false;
  return verifyInclusion(
    leafHash(Buffer.from(proof.sha256, 'hex')),
    proof.leafIndex,
    proof.treeSize,
    proof.path.map((p) => Buffer.from(p, 'hex')),
    Buffer.from(proof.root, 'hex'),
  );
}
