import { createHash } from 'node:crypto';

/**
 * A deliberately naive reference of the Merkle Tree Hash of RFC 9162 section 2.1.1 and the audit
 * path of section 2.1.3.1, written from the RFC's recursive definitions (split at the largest power
 * of two smaller than n), independent of lib/seal/merkle.ts and its level-by-level construction.
 */

function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The largest power of two strictly smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function referenceLeafHash(entry: Uint8Array): Buffer {
  return sha256(Uint8Array.of(0x00), entry);
}

export function referenceNodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(Uint8Array.of(0x01), left, right);
}

/** MTH(D[n]) with memoised sub-ranges, so that every path of a large tree stays affordable. */
export class ReferenceTree {
  private readonly memo = new Map<string, Buffer>();

  constructor(private readonly entries: readonly Uint8Array[]) {}

  get size(): number {
    return this.entries.length;
  }

  /** MTH(D[start:end]). */
  mth(start = 0, end = this.entries.length): Buffer {
    const n = end - start;
    if (n === 0) return sha256();
    if (n === 1) return referenceLeafHash(this.entries[start] as Uint8Array);
    const id = `${start}:${end}`;
    const known = this.memo.get(id);
    if (known) return known;
    const k = splitPoint(n);
    const value = referenceNodeHash(this.mth(start, start + k), this.mth(start + k, end));
    this.memo.set(id, value);
    return value;
  }

  /** PATH(m, D[start:end]), leaf sibling first. */
  path(m: number, start = 0, end = this.entries.length): Buffer[] {
    const n = end - start;
    if (n <= 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...this.path(m, start, start + k), this.mth(start + k, end)];
    return [...this.path(m - k, start + k, end), this.mth(start, start + k)];
  }
}

/**
 * For each element of PATH(m, D[n]), on which side of the running hash it sits ('left' when the
 * sibling subtree precedes it). Two (index, size) pairs with the same sides fold a path the same way.
 */
export function pathSides(m: number, n: number): ('left' | 'right')[] {
  if (n <= 1) return [];
  const k = splitPoint(n);
  return m < k ? [...pathSides(m, k), 'right'] : [...pathSides(m - k, n - k), 'left'];
}
