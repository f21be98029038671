import { createHash } from 'node:crypto';

/** Bytes of a digest kept per entry: 128 bits, far beyond any chance collision among millions. */
const KEY_BYTES = 16;

/**
 * A map from 128-bit digests to 128-bit digests (or a set, with no values) in typed arrays: 32
 * bytes per entry of capacity (16 for a set) and a 4-byte slot in an open-addressing table kept at
 * most half full; the capacity doubles as it fills, so a map costs 40 to 80 bytes per entry (a set
 * 24 to 48), where a JavaScript Map of hex strings costs a few hundred. Verification uses it to
 * hold what it must compare later (the index's objects, a run's findings) as digests.
 */
export class DigestMap {
  private count = 0;
  private keys: Buffer;
  private values: Buffer;
  private slots: Int32Array;

  constructor(
    private readonly valueBytes: 0 | 16 = 16,
    entries = 1024,
  ) {
    let capacity = 1;
    while (capacity < entries) capacity *= 2;
    this.keys = Buffer.alloc(KEY_BYTES * capacity);
    this.values = Buffer.alloc(valueBytes * capacity);
    this.slots = new Int32Array(2 * capacity).fill(-1);
  }

  /** The 128-bit key of a string: the first 16 bytes of its SHA-256. */
  static keyOf(text: string): Buffer {
    return createHash('sha256').update(text, 'utf8').digest().subarray(0, KEY_BYTES);
  }

  /** A hex SHA-256 as a key: its first 16 bytes. */
  static fromHex(sha256: string): Buffer {
    return Buffer.from(sha256.slice(0, 2 * KEY_BYTES), 'hex');
  }

  get size(): number {
    return this.count;
  }

  /** Sets `key` to `value` (the last value set wins). */
  set(key: Buffer, value?: Buffer): void {
    const found = this.find(key);
    let index = found;
    if (index < 0) {
      if (2 * (this.count + 1) > this.slots.length) this.grow();
      index = this.count++;
      key.copy(this.keys, KEY_BYTES * index, 0, KEY_BYTES);
      this.place(index);
    }
    if (this.valueBytes > 0 && value !== undefined) value.copy(this.values, this.valueBytes * index, 0, this.valueBytes);
  }

  has(key: Buffer): boolean {
    return this.find(key) >= 0;
  }

  /** The value of `key` (a view into the map: copy it to keep it), or undefined. */
  get(key: Buffer): Buffer | undefined {
    const index = this.find(key);
    return index < 0 ? undefined : this.values.subarray(this.valueBytes * index, this.valueBytes * (index + 1));
  }

  private find(key: Buffer): number {
    const mask = this.slots.length - 1;
    for (let slot = key.readUInt32LE(0) & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] as number;
      if (index < 0) return -1;
      if (key.compare(this.keys, KEY_BYTES * index, KEY_BYTES * (index + 1), 0, KEY_BYTES) === 0) return index;
    }
  }

  private place(index: number): void {
    const mask = this.slots.length - 1;
    let slot = this.keys.readUInt32LE(KEY_BYTES * index) & mask;
    while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = index;
  }

  private grow(): void {
    const capacity = this.slots.length; // entries: twice the old entry capacity
    const keys = Buffer.alloc(KEY_BYTES * capacity);
    this.keys.copy(keys);
    const values = Buffer.alloc(this.valueBytes * capacity);
    this.values.copy(values);
    this.keys = keys;
    this.values = values;
    this.slots = new Int32Array(2 * capacity).fill(-1);
    for (let i = 0; i < this.count; i++) this.place(i);
  }
}
