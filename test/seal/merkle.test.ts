import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafHash, MerkleTree, nodeHash, verifyInclusion } from '../../lib/seal/merkle.js';
import { pathSides, ReferenceTree, referenceLeafHash, referenceNodeHash } from '../helpers/rfc9162.js';

/** Distinct 32-byte entries, as the seal uses (the SHA-256 of each stored object). */
function entries(n: number, salt = ''): Buffer[] {
  return Array.from({ length: n }, (_, i) => createHash('sha256').update(`${salt}entry-${i}`).digest());
}

function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[(bit >> 3) % copy.length] = (copy[(bit >> 3) % copy.length] as number) ^ (1 << (bit & 7));
  return copy;
}

const hex = (buffers: readonly Uint8Array[]) => buffers.map((b) => Buffer.from(b).toString('hex'));
const sameSides = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

describe('MerkleTree against the RFC 9162 recursive definition', () => {
  it('gives the SHA-256 of the empty string as the root of the empty tree', () => {
    // Prepare
    const tree = MerkleTree.fromEntries([]);

    // Act
    const root = tree.root.toString('hex');

    // Assess
    expect(root).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(tree.size).toBe(0);
  });

  it('reproduces the published Certificate Transparency roots for the first eight test leaves', () => {
    // Prepare: the leaf inputs and tree heads of the RFC 6962 reference test data.
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
      Buffer.from(h, 'hex'),
    );
    const published = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];

    // Act
    const roots = published.map((_, i) => MerkleTree.fromEntries(leaves.slice(0, i + 1)).root.toString('hex'));

    // Assess
    expect(roots).toEqual(published);
  });

  it('hashes leaves and nodes with the distinct 0x00 and 0x01 prefixes', () => {
    // Prepare
    const [a, b] = entries(2) as [Buffer, Buffer];

    // Act
    const leaf = leafHash(a);
    const node = nodeHash(a, b);

    // Assess
    expect(leaf.equals(referenceLeafHash(a))).toBe(true);
    expect(node.equals(referenceNodeHash(a, b))).toBe(true);
    expect(leaf.equals(createHash('sha256').update(a).digest())).toBe(false);
  });

  it('agrees with the reference root and every audit path for every tree size from 0 to 70', () => {
    for (let n = 0; n <= 70; n++) {
      // Prepare
      const data = entries(n, `size-${n}`);
      const reference = new ReferenceTree(data);

      // Act
      const tree = MerkleTree.fromEntries(data);

      // Assess
      expect(tree.size).toBe(n);
      expect(tree.root.toString('hex'), `root of ${n}`).toBe(reference.mth().toString('hex'));
      for (let i = 0; i < n; i++) {
        expect(hex(tree.inclusionProof(i)), `path of ${i} in ${n}`).toEqual(hex(reference.path(i)));
      }
    }
  });

  it('agrees with the reference for random larger trees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 71, max: 3000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (n, picks) => {
        // Prepare
        const data = entries(n, `random-${n}`);
        const reference = new ReferenceTree(data);

        // Act
        const tree = MerkleTree.fromEntries(data);

        // Assess
        expect(tree.root.equals(reference.mth())).toBe(true);
        for (const pick of picks) {
          const i = pick % n;
          expect(hex(tree.inclusionProof(i))).toEqual(hex(reference.path(i)));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('refuses an inclusion proof for a leaf index outside the tree', () => {
    // Prepare
    const tree = MerkleTree.fromEntries(entries(5));

    // Act / Assess
    for (const index of [-1, 5, 1.5, Number.NaN]) expect(() => tree.inclusionProof(index)).toThrow(RangeError);
    expect(() => MerkleTree.fromEntries([]).inclusionProof(0)).toThrow(RangeError);
  });
});

describe('verifyInclusion (RFC 9162 section 2.1.3.2)', () => {
  it('accepts every true proof and rejects any alteration of it, for every tree size from 1 to 70', () => {
    for (let n = 1; n <= 70; n++) {
      // Prepare
      const data = entries(n, `verify-${n}`);
      const reference = new ReferenceTree(data);
      const root = reference.mth();
      for (let i = 0; i < n; i++) {
        const leaf = referenceLeafHash(data[i] as Buffer);
        const path = reference.path(i);
        const check = (p: readonly Uint8Array[], index = i, size = n, l: Uint8Array = leaf, r: Uint8Array = root) =>
          verifyInclusion(l, index, size, p, r);

        // Act / Assess: the true proof.
        expect(check(path), `leaf ${i} of ${n}`).toBe(true);

        // One bit flipped in each path element, in the leaf and in the root.
        path.forEach((_, j) => {
          const altered = path.map((p, k) => (k === j ? flipBit(p, i * 31 + j * 7) : p));
          expect(check(altered), `bit flipped in element ${j} of leaf ${i} of ${n}`).toBe(false);
        });
        expect(check(path, i, n, flipBit(leaf, i))).toBe(false);
        expect(check(path, i, n, leaf, flipBit(root, i))).toBe(false);

        // A wrong index: the neighbours, the mirror and the ends; and indices outside the tree.
        for (const other of new Set([i - 1, i + 1, i ^ 1, 0, n - 1, n - 1 - i].filter((x) => x >= 0 && x < n && x !== i))) {
          expect(check(path, other), `leaf ${i} of ${n} claimed at ${other}`).toBe(false);
        }
        for (const outside of [-1, n, n + 1, 0.5 + i]) expect(check(path, outside)).toBe(false);

        // A truncated path, an extended path, and an element that is not 32 bytes.
        if (path.length > 0) {
          expect(check(path.slice(0, -1))).toBe(false);
          expect(check(path.slice(1))).toBe(false);
          expect(check([...path.slice(0, -1), (path.at(-1) as Buffer).subarray(0, 31)])).toBe(false);
        }
        expect(check([...path, root])).toBe(false);
        expect(check([...path, Buffer.alloc(32)])).toBe(false);
        expect(check([leaf, ...path])).toBe(false);
      }
    }
  });

  it('accepts a proof under another tree size only where that size gives the same audit path shape', () => {
    // RFC 9162 does not hash the tree size into the root, so a path is valid for every size that
    // folds it the same way; the signed manifest binds the size. Every other size must be refused.
    let refused = 0;
    for (let n = 1; n <= 40; n++) {
      // Prepare
      const data = entries(n, `size-claim-${n}`);
      const reference = new ReferenceTree(data);
      const root = reference.mth();
      for (let i = 0; i < n; i++) {
        const path = reference.path(i);
        const leaf = referenceLeafHash(data[i] as Buffer);
        for (let claimed = i + 1; claimed <= n + 8; claimed++) {
          if (claimed === n) continue;
          const expected = sameSides(pathSides(i, claimed), pathSides(i, n));

          // Act
          const accepted = verifyInclusion(leaf, i, claimed, path, root);

          // Assess
          expect(accepted, `leaf ${i} of ${n} claimed in a tree of ${claimed}`).toBe(expected);
          if (!accepted) refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('refuses the proof of the last leaf of five as a proof in a tree of eight', () => {
    // Prepare
    const data = entries(5);
    const reference = new ReferenceTree(data);

    // Act
    const accepted = verifyInclusion(referenceLeafHash(data[4] as Buffer), 4, 8, reference.path(4), reference.mth());

    // Assess
    expect(reference.path(4)).toHaveLength(1);
    expect(accepted).toBe(false);
  });
});
