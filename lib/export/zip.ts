import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { Zip, ZipDeflate, type ZipInputFile } from 'fflate';

// zlib.crc32 is in Node 20.15 and later; before it, entries are compressed by fflate alone.
const nativeCrc32: ((data: Uint8Array) => number) | undefined = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/**
 * A zip file written as entries are added: each entry is compressed and its bytes go to the file
 * before `add` returns, so nothing but the entry being added (and the central directory's few
 * bytes per entry) is held in memory. The file is written under a temporary name and renamed into
 * place by {@link finish}, so a failed export leaves no half bundle.
 */
export class StreamingZipWriter {
  private readonly zip: Zip;
  private readonly fd: number;
  private readonly partial: string;
  private error: Error | undefined;
  private done = false;
  private readonly mtime: Date;

  constructor(
    readonly path: string,
    options: { mtime?: Date } = {},
  ) {
    this.partial = `${path}.partial`;
    this.fd = openSync(this.partial, 'w', 0o644);
    this.mtime = options.mtime ?? new Date();
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.error = error;
        return;
      }
      writeSync(this.fd, chunk);
      if (final) this.done = true;
    });
  }

  /**
   * Adds one whole entry. Node's zlib compresses it where it can: a bundle holds one small entry per
   * object, and fflate's deflate costs about five times as much per small entry (its per-stream
   * tables); the bytes are the same DEFLATE format either way.
   */
  add(name: string, data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (nativeCrc32 === undefined) {
      this.open(name).push(bytes, true);
    } else {
      const entry: ZipInputFile = { filename: name, size: bytes.length, crc: nativeCrc32(bytes), compression: 8, mtime: this.mtime };
      this.zip.add(entry);
      entry.ondata?.(null, zlib.deflateRawSync(bytes, { level: 6 }), true);
    }
    this.check();
  }

  /**
   * Adds one entry from text chunks, compressed by a zlib stream as they come (batched to 64 KiB),
   * so that a large entry is never one string or buffer.
   */
  async addChunks(name: string, chunks: Iterable<string>): Promise<void> {
    if (nativeCrc32 === undefined) {
      const entry = this.open(name);
      for (const chunk of batches(chunks)) entry.push(chunk);
      entry.push(new Uint8Array(0), true);
      this.check();
      return;
    }
    const crc32 = nativeCrc32 as (data: Uint8Array, previous?: number) => number;
    const entry: ZipInputFile = { filename: name, size: 0, crc: 0, compression: 8, mtime: this.mtime };
    this.zip.add(entry);
    const deflate = zlib.createDeflateRaw({ level: 6 });
    deflate.on('data', (out: Buffer) => entry.ondata?.(null, out as Uint8Array<ArrayBuffer>, false));
    const ended = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    for (const chunk of batches(chunks)) {
      entry.crc = crc32(chunk, entry.crc);
      entry.size += chunk.length;
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
    }
    deflate.end();
    await ended;
    entry.ondata?.(null, new Uint8Array(0), true);
    this.check();
  }

  /** Writes the central directory and moves the file into place. */
  finish(): void {
    this.zip.end();
    this.check();
    closeSync(this.fd);
    if (!this.done) throw new Error(`The zip ${this.path} was not completed.`);
    renameSync(this.partial, this.path);
  }

  /** Removes the temporary file after a failure. */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(this.partial);
    } catch {
      // never created or already gone
    }
  }

  private open(name: string): ZipDeflate {
    const entry = new ZipDeflate(name, { level: 6 });
    entry.mtime = this.mtime;
    this.zip.add(entry);
    return entry;
  }

  private check(): void {
    if (this.error) throw this.error;
  }
}

/** Text chunks joined into buffers of about 64 KiB. */
function* batches(chunks: Iterable<string>): Generator<Buffer> {
  let pending: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= 64 * 1024) {
      yield Buffer.from(pending.join(''), 'utf8');
      pending = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.from(pending.join(''), 'utf8');
}
