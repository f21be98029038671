import { hash } from 'node:crypto';

// RFC 9162 section 2.1.1: leaves and interior nodes are hashed with distinct one-byte prefixes, so
// that a leaf can never be passed off as a node (second-preimage resistance of the tree).
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
const HASH_SIZE = 32;

function sha256(data: Uint8Array): Buffer {
  return hash('sha256', data, 'buffer');
}

/** MTH of a one-entry list: SHA-256(0x00 || entry). */
export function leafHash(entry: Uint8Array): Buffer {
  const buffer = Buffer.allocUnsafe(entry.length + 1);
  buffer[0] = LEAF_PREFIX;
  buffer.set(entry, 1);
  return sha256(buffer);
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const buffer = Buffer.allocUnsafe(1 + 2 * HASH_SIZE);
  buffer[0] = NODE_PREFIX;
  buffer.set(left, 1);
  buffer.set(right, 1 + HASH_SIZE);
  return sha256(buffer);
}

/**
 * A Merkle tree over a list of entries, kept as its levels (level 0 = leaf hashes). Pairing
 * neighbours bottom-up and lifting an odd last node unchanged gives exactly the RFC 9162 tree,
 * whose recursive definition splits at the largest power of two below the size.
 */
export class MerkleTree {
  readonly levels: readonly Buffer[][];

  private constructor(levels: Buffer[][]) {
    this.levels = levels;
  }

  /** Builds the tree whose leaves are the given entries (each hashed as a leaf). */
  static fromEntries(entries: readonly Uint8Array[]): MerkleTree {
    return MerkleTree.fromLeafHashes(entries.map(leafHash));
  }

  static fromLeafHashes(leaves: Buffer[]): MerkleTree {
    const levels: Buffer[][] = [leaves];
    let current = leaves;
    while (current.length > 1) {
      const next: Buffer[] = new Array(Math.ceil(current.length / 2));
      for (let i = 0; i + 1 < current.length; i += 2) next[i >> 1] = nodeHash(current[i] as Buffer, current[i + 1] as Buffer);
      if (current.length % 2 === 1) next[next.length - 1] = current[current.length - 1] as Buffer;
      levels.push(next);
      current = next;
    }
    return new MerkleTree(levels);
  }

  get size(): number {
    return this.levels[0]?.length ?? 0;
  }

  /** The tree head; for the empty tree, SHA-256 of the empty string (RFC 9162 section 2.1.1). */
  get root(): Buffer {
    if (this.size === 0) return sha256(new Uint8Array(0));
    return this.levels[this.levels.length - 1]?.[0] as Buffer;
  }

  /** The RFC 9162 inclusion proof (audit path) of leaf `index`, from the leaf's sibling upwards. */
  inclusionProof(index: number): Buffer[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`Leaf index ${index} is outside a tree of ${this.size} leaves.`);
    }
    const path: Buffer[] = [];
    let i = index;
    for (let level = 0; level < this.levels.length - 1; level++) {
      const nodes = this.levels[level] as Buffer[];
      const sibling = i ^ 1;
      if (sibling < nodes.length) path.push(nodes[sibling] as Buffer);
      i >>= 1;
    }
    return path;
  }
}

/**
 * Verifies an inclusion proof as RFC 9162 section 2.1.3.2 describes: true when `path` leads from
 * `leaf` (a leaf hash) at `index` in a tree of `treeSize` leaves to `root`.
 */
export function verifyInclusion(leaf: Uint8Array, index: number, treeSize: number, path: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (p.length !== HASH_SIZE || sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1) === 0) {
        while ((fn & 1) === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}
