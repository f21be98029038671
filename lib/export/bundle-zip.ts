import { createHash } from 'node:crypto';
import type { VerifyProblem } from '../seal/verify.js';
import { type ZipEntry, ZipFormatError, type ZipReader } from './unzip.js';

/** Manifests and a sharded run's packs are read whole (one at a time); other objects are small. */
export const MANIFEST_MAX_BYTES = 2 ** 31;
export const OBJECT_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The bundle's zip as verification reads it: entries looked up by name, every entry that a run or
 * the bundle's layout accounts for marked (one bit per entry), an entry that cannot be read
 * reported once, naming it.
 */
export class BundleZip {
  private readonly claimed: Uint8Array;
  private readonly unreadable = new Set<string>();
  private readonly digests = new Map<string, { sha256: string; size: number } | undefined>();

  constructor(
    readonly zip: ZipReader,
    private readonly problems: VerifyProblem[],
  ) {
    this.claimed = new Uint8Array((zip.count + 7) >>> 3);
  }

  /** The entry of `name`, marked as accounted for; undefined when the bundle does not hold it. */
  claim(name: string): ZipEntry | undefined {
    const entry = this.zip.entry(name);
    if (entry !== undefined) this.claimed[entry.index >>> 3] = (this.claimed[entry.index >>> 3] as number) | (1 << (entry.index & 7));
    return entry;
  }

  /**
   * Marks every entry under `prefixes` as accounted for: what a shard that failed its check leaves
   * behind (its packs, items and proofs) is reported through that failure, not once per entry as
   * added. A walk over the entry table: only on that failure.
   */
  claimUnder(prefixes: readonly string[]): void {
    for (const { name, index } of this.zip.names()) {
      if (prefixes.some((p) => name.startsWith(p))) this.claimed[index >>> 3] = (this.claimed[index >>> 3] as number) | (1 << (index & 7));
    }
  }

  isClaimed(index: number): boolean {
    return (((this.claimed[index >>> 3] as number) >>> (index & 7)) & 1) === 1;
  }

  has(name: string): boolean {
    return this.zip.has(name);
  }

  /** The bytes of `entry`, or null when the zip cannot give them (reported, naming the entry). */
  read(entry: ZipEntry, maxSize = OBJECT_MAX_BYTES, runId?: string): Buffer | null {
    try {
      return this.zip.read(entry, maxSize);
    } catch (error) {
      this.report(entry.name, error, runId);
      return null;
    }
  }

  /** The inflated chunks of `entry`; a zip error is reported, naming the entry, and thrown on. */
  async *chunks(entry: ZipEntry): AsyncGenerator<Buffer> {
    try {
      yield* this.zip.chunks(entry);
    } catch (error) {
      this.report(entry.name, error);
      throw error;
    }
  }

  /** SHA-256 and size of the entry `name`, streamed and kept; undefined when absent or unreadable. */
  async digest(name: string): Promise<{ sha256: string; size: number } | undefined> {
    if (this.digests.has(name)) return this.digests.get(name);
    const entry = this.claim(name);
    let result: { sha256: string; size: number } | undefined;
    if (entry !== undefined) {
      const hash = createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of this.chunks(entry)) {
          hash.update(chunk);
          size += chunk.length;
        }
        result = { sha256: hash.digest('hex'), size };
      } catch {
        result = undefined;
      }
    }
    this.digests.set(name, result);
    return result;
  }

  /** Keeps the digest of an entry hashed while it was read for something else. */
  remember(name: string, digest: { sha256: string; size: number }): void {
    this.digests.set(name, digest);
  }

  private report(name: string, error: unknown, runId?: string): void {
    if (this.unreadable.has(name)) return;
    this.unreadable.add(name);
    const message = error instanceof ZipFormatError ? error.message : `${name} cannot be read: ${(error as Error).message}`;
    this.problems.push({ ...(runId === undefined ? {} : { runId }), object: name, message });
  }
}
