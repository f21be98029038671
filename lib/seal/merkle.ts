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

/** Node counts per level of an RFC 9162 tree of `size` leaves, leaves first. */
export function levelCounts(size: number): number[] {
  const counts = [size];
  for (let n = size; n > 1; ) {
    n = Math.ceil(n / 2);
    counts.push(n);
  }
  return counts;
}

// The tree is built into one buffer. A digest returned as a Buffer costs an ArrayBuffer of its own,
// which for a million nodes was most of the tree's time; returned as a binary (latin1) string and written into
// place, it costs none. crypto.hash reads its input before it returns, so one input buffer serves all.
const leafInput = Buffer.alloc(1 + HASH_SIZE);
leafInput[0] = LEAF_PREFIX;
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeInput[0] = NODE_PREFIX;

function hashInto(input: Uint8Array, out: Buffer, offset: number): void {
  out.write(hash('sha256', input, 'binary'), offset, 'binary');
}

/**
 * A Merkle tree over a list of entries, kept as its levels (level 0 = leaf hashes). Pairing
 * neighbours bottom-up and lifting an odd last node unchanged gives exactly the RFC 9162 tree,
 * whose recursive definition splits at the largest power of two below the size.
 */
export class MerkleTree {
  /** Every node, level by level from the leaf hashes up, 32 bytes each: the layout of a run's proofs file. */
  readonly nodes: Buffer;
  private readonly counts: readonly number[];
  private views: Buffer[][] | undefined;

  private constructor(nodes: Buffer, counts: readonly number[]) {
    this.nodes = nodes;
    this.counts = counts;
  }

  /** Builds the tree whose leaves are the given entries (each hashed as a leaf). */
  static fromEntries(entries: readonly Uint8Array[]): MerkleTree {
    const counts = levelCounts(entries.length);
    const nodes = Buffer.allocUnsafe(counts.reduce((a, b) => a + b, 0) * HASH_SIZE);
    entries.forEach((entry, i) => {
      if (entry.length === HASH_SIZE) {
        leafInput.set(entry, 1);
        hashInto(leafInput, nodes, i * HASH_SIZE);
      } else {
        leafHash(entry).copy(nodes, i * HASH_SIZE);
      }
    });
    return MerkleTree.build(nodes, counts);
  }

  /**
   * The tree of `size` leaves whose nodes were stored (a run's proofs file), taken as they are:
   * proofs read from it hold only if the stored nodes are right, which verification checks.
   */
  static fromNodes(nodes: Buffer, size: number): MerkleTree {
    const counts = levelCounts(size);
    const expected = counts.reduce((a, b) => a + b, 0) * HASH_SIZE;
    if (nodes.length !== expected) throw new RangeError(`A tree of ${size} leaves has ${expected} bytes of nodes, not ${nodes.length}.`);
    return new MerkleTree(nodes, counts);
  }

  static fromLeafHashes(leaves: readonly Uint8Array[]): MerkleTree {
    const counts = levelCounts(leaves.length);
    const nodes = Buffer.allocUnsafe(counts.reduce((a, b) => a + b, 0) * HASH_SIZE);
    leaves.forEach((leaf, i) => {
      if (leaf.length !== HASH_SIZE) throw new RangeError(`Leaf hash ${i} is ${leaf.length} bytes, not ${HASH_SIZE}.`);
      nodes.set(leaf, i * HASH_SIZE);
    });
    return MerkleTree.build(nodes, counts);
  }

  /** Fills in the levels above the leaves. */
  private static build(nodes: Buffer, counts: readonly number[]): MerkleTree {
    let start = 0;
    for (let level = 0; level + 1 < counts.length; level++) {
      const count = counts[level] as number;
      const next = start + count * HASH_SIZE;
      for (let i = 0; i + 1 < count; i += 2) {
        // Left and right neighbours are adjacent: one copy puts both after the 0x01 prefix.
        nodes.copy(nodeInput, 1, start + i * HASH_SIZE, start + (i + 2) * HASH_SIZE);
        hashInto(nodeInput, nodes, next + (i >> 1) * HASH_SIZE);
      }
      if (count % 2 === 1) nodes.copy(nodes, next + (count >> 1) * HASH_SIZE, start + (count - 1) * HASH_SIZE, next);
      start = next;
    }
    return new MerkleTree(nodes, counts);
  }

  /** The levels, leaves first, as views into {@link nodes}. */
  get levels(): readonly Buffer[][] {
    if (this.views === undefined) {
      let offset = 0;
      this.views = this.counts.map((count) =>
        Array.from({ length: count }, () => {
          const node = this.nodes.subarray(offset, offset + HASH_SIZE);
          offset += HASH_SIZE;
          return node;
        }),
      );
    }
    return this.views;
  }

  get size(): number {
    return this.counts[0] ?? 0;
  }

  /** The tree head; for the empty tree, SHA-256 of the empty string (RFC 9162 section 2.1.1). */
  get root(): Buffer {
    if (this.size === 0) return sha256(new Uint8Array(0));
    return Buffer.from(this.nodes.subarray(this.nodes.length - HASH_SIZE));
  }

  /** The RFC 9162 inclusion proof (audit path) of leaf `index`, from the leaf's sibling upwards. */
  inclusionProof(index: number): Buffer[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`Leaf index ${index} is outside a tree of ${this.size} leaves.`);
    }
    const path: Buffer[] = [];
    let i = index;
    let start = 0;
    for (let level = 0; level + 1 < this.counts.length; level++) {
      const count = this.counts[level] as number;
      const sibling = i ^ 1;
      if (sibling < count) path.push(Buffer.from(this.nodes.subarray(start + sibling * HASH_SIZE, start + (sibling + 1) * HASH_SIZE)));
      start += count * HASH_SIZE;
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
