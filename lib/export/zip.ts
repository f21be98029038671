import { closeSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import * as zlib from 'node:zlib';

// zlib.crc32 is in Node 20.15 and later; before it, a table-driven CRC-32 (the same polynomial).
type Crc32 = (data: Uint8Array, previous?: number) => number;
const nativeCrc32: Crc32 | undefined = (zlib as { crc32?: Crc32 }).crc32;
let table: Uint32Array | undefined;
function tableCrc32(data: Uint8Array, previous = 0): number {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~previous >>> 0;
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}
/** CRC-32 as zip uses it, continued from `previous` when given: the writer's and the reader's (lib/export/unzip.ts). */
export const crc32: Crc32 = nativeCrc32 ?? tableCrc32;

// The zip format's record signatures, the ZIP64 extra field's id and the field limits above which
// ZIP64 records take over (APPNOTE 6.3): shared with the reader, lib/export/unzip.ts.
export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_HEADER = 0x02014b50;
export const END_OF_CENTRAL = 0x06054b50;
export const ZIP64_END = 0x06064b50;
export const ZIP64_LOCATOR = 0x07064b50;
export const ZIP64_EXTRA = 0x0001;
export const MAX32 = 0xffffffff;
export const MAX16 = 0xffff;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
/** "Version needed to extract": 2.0 for deflate, 4.5 for ZIP64. */
const VERSION_DEFLATE = 20;
const VERSION_ZIP64 = 45;

/** MS-DOS date and time of `date` (local fields read as UTC, so that the bytes do not depend on the time zone). */
function dosTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, Math.min(2107, date.getUTCFullYear()));
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

interface EntryFacts {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/**
 * Appends to a file through a buffer, so that the many small pieces of a zip (a header and a few
 * hundred compressed bytes per entry) cost one write call per MiB rather than two per entry.
 */
class AppendBuffer {
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  /** Bytes appended so far, flushed or not: the offset of the next byte. */
  length = 0;

  constructor(private readonly fd: number) {}

  append(bytes: Uint8Array): void {
    if (bytes.length > this.buffer.length - this.used) this.flush();
    if (bytes.length > this.buffer.length) writeFully(this.fd, bytes);
    else {
      this.buffer.set(bytes, this.used);
      this.used += bytes.length;
    }
    this.length += bytes.length;
  }

  /** Writes what the buffer holds to the file. */
  flush(): void {
    if (this.used > 0) writeFully(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** Overwrites bytes already appended, at `position`. */
  patch(bytes: Uint8Array, position: number): void {
    this.flush();
    writeFully(this.fd, bytes, position);
  }
}

function writeFully(fd: number, bytes: Uint8Array, position?: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position === undefined ? null : position + done);
}

/**
 * A zip file written as entries are added, with bounded memory whatever the number of entries:
 * each entry is compressed (DEFLATE, Node's zlib) and its bytes go to the file (through a 1 MiB
 * buffer) as it is added, and each central directory record goes to a side file as its entry is
 * written (it is copied behind the entries by {@link finish}), so the writer holds neither the
 * entries nor the directory. ZIP64 records are written where a count, size or offset needs them (a bundle of 100k
 * notebooks has a million entries; ZIP's 16-bit count ends at 65,535). The file is written under a
 * temporary name and renamed into place by {@link finish}, so a failed export leaves no half bundle.
 */
export class StreamingZipWriter {
  private readonly fd: number;
  private readonly directoryFd: number;
  private readonly out: AppendBuffer;
  private readonly directory: AppendBuffer;
  private readonly partial: string;
  private readonly directoryPath: string;
  private readonly stamp: { time: number; date: number };
  private count = 0;
  private zip64 = false;
  private closed = false;

  constructor(
    readonly path: string,
    options: { mtime?: Date } = {},
  ) {
    this.partial = `${path}.partial`;
    this.directoryPath = `${path}.directory.partial`;
    this.fd = openSync(this.partial, 'w', 0o644);
    try {
      this.directoryFd = openSync(this.directoryPath, 'w+', 0o600);
    } catch (error) {
      closeSync(this.fd);
      unlinkSync(this.partial);
      throw error;
    }
    this.out = new AppendBuffer(this.fd);
    this.directory = new AppendBuffer(this.directoryFd);
    this.stamp = dosTime(options.mtime ?? new Date());
  }

  /** Entries written so far. */
  get entries(): number {
    return this.count;
  }

  /** Adds one whole entry, compressed. */
  add(name: string, data: Uint8Array | string): void {
    this.checkOpen();
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const compressed = zlib.deflateRawSync(bytes, deflateOptionsFor(bytes.length));
    const facts: EntryFacts = {
      name: Buffer.from(name, 'utf8'),
      crc: crc32(bytes),
      compressed: compressed.length,
      size: bytes.length,
      offset: this.out.length,
    };
    this.write(this.localHeader(facts, false));
    this.write(compressed);
    this.record(facts);
  }

  /**
   * Adds one entry from text or byte chunks, compressed by a zlib stream as they come (text is
   * batched to 64 KiB), so that a large entry is never one string or buffer. Its local header is
   * written first with room for 64-bit sizes and completed in place when the entry ends.
   */
  async addChunks(name: string, chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<void> {
    this.checkOpen();
    const facts: EntryFacts = { name: Buffer.from(name, 'utf8'), crc: 0, compressed: 0, size: 0, offset: this.out.length };
    this.write(this.localHeader(facts, true));
    // Room for a few batches ahead, so that the entry's text is made while zlib compresses the last
    // batch on the thread pool, rather than each batch waiting for the one before it.
    const deflate = zlib.createDeflateRaw({ level: 6, writableHighWaterMark: 1 << 20 } as zlib.ZlibOptions);
    deflate.on('data', (out: Buffer) => {
      facts.compressed += out.length;
      this.write(out);
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    try {
      for await (const chunk of batches(chunks)) {
        facts.crc = crc32(chunk, facts.crc);
        facts.size += chunk.length;
        if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
      }
    } catch (error) {
      deflate.destroy();
      throw error;
    }
    deflate.end();
    await ended;
    // Complete the local header: CRC-32, sizes, and the 64-bit sizes in its ZIP64 field.
    const patch = this.localHeader(facts, true);
    this.out.patch(patch, facts.offset);
    this.record(facts);
  }

  /** Copies the central directory behind the entries, ends the file, and moves it into place. */
  finish(): void {
    this.checkOpen();
    const directoryOffset = this.out.length;
    const directorySize = this.directory.length;
    this.directory.flush();
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let position = 0; position < directorySize; ) {
      const read = readSync(this.directoryFd, buffer, 0, buffer.length, position);
      if (read === 0) throw new Error(`The central directory of ${this.path} could not be read back.`);
      this.write(buffer.subarray(0, read));
      position += read;
    }
    const needs64 = this.zip64 || this.count > MAX16 || directoryOffset >= MAX32 || directorySize >= MAX32;
    if (needs64) {
      const end64Offset = this.out.length;
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(ZIP64_END, 0);
      end64.writeBigUInt64LE(44n, 4); // size of the rest of this record
      end64.writeUInt16LE(VERSION_ZIP64, 12);
      end64.writeUInt16LE(VERSION_ZIP64, 14);
      end64.writeBigUInt64LE(BigInt(this.count), 24);
      end64.writeBigUInt64LE(BigInt(this.count), 32);
      end64.writeBigUInt64LE(BigInt(directorySize), 40);
      end64.writeBigUInt64LE(BigInt(directoryOffset), 48);
      this.write(end64);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(ZIP64_LOCATOR, 0);
      locator.writeBigUInt64LE(BigInt(end64Offset), 8);
      locator.writeUInt32LE(1, 16); // number of disks
      this.write(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL, 0);
    end.writeUInt16LE(Math.min(this.count, MAX16), 8);
    end.writeUInt16LE(Math.min(this.count, MAX16), 10);
    end.writeUInt32LE(Math.min(directorySize, MAX32), 12);
    end.writeUInt32LE(Math.min(directoryOffset, MAX32), 16);
    this.write(end);
    this.out.flush();
    this.close();
    unlinkSync(this.directoryPath);
    renameSync(this.partial, this.path);
  }

  /** Removes the temporary files after a failure. */
  abort(): void {
    this.close();
    for (const file of [this.partial, this.directoryPath]) {
      try {
        unlinkSync(file);
      } catch {
        // never created or already gone
      }
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fd of [this.fd, this.directoryFd]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`The zip ${this.path} is already finished or aborted.`);
  }

  private write(bytes: Uint8Array): void {
    this.out.append(bytes);
  }

  /** The local file header; a streamed entry always has a ZIP64 field, filled in when it ends. */
  private localHeader(facts: EntryFacts, streamed: boolean): Buffer {
    const big = streamed || facts.size >= MAX32 || facts.compressed >= MAX32;
    const header = Buffer.alloc(30 + facts.name.length + (big ? 20 : 0));
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(big ? VERSION_ZIP64 : VERSION_DEFLATE, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(facts.crc >>> 0, 14);
    header.writeUInt32LE(big ? MAX32 : facts.compressed, 18);
    header.writeUInt32LE(big ? MAX32 : facts.size, 22);
    header.writeUInt16LE(facts.name.length, 26);
    header.writeUInt16LE(big ? 20 : 0, 28);
    facts.name.copy(header, 30);
    if (big) {
      const at = 30 + facts.name.length;
      header.writeUInt16LE(ZIP64_EXTRA, at);
      header.writeUInt16LE(16, at + 2);
      header.writeBigUInt64LE(BigInt(facts.size), at + 4);
      header.writeBigUInt64LE(BigInt(facts.compressed), at + 12);
    }
    return header;
  }

  /** Writes the entry's central directory record to the side file. */
  private record(facts: EntryFacts): void {
    const wide = [facts.size >= MAX32, facts.compressed >= MAX32, facts.offset >= MAX32];
    const extraLength = wide.some(Boolean) ? 4 + 8 * wide.filter(Boolean).length : 0;
    const header = Buffer.alloc(46 + facts.name.length + extraLength);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(extraLength > 0 ? VERSION_ZIP64 : VERSION_DEFLATE, 4); // made by: MS-DOS attributes
    header.writeUInt16LE(extraLength > 0 ? VERSION_ZIP64 : VERSION_DEFLATE, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(DEFLATE, 10);
    header.writeUInt16LE(this.stamp.time, 12);
    header.writeUInt16LE(this.stamp.date, 14);
    header.writeUInt32LE(facts.crc >>> 0, 16);
    header.writeUInt32LE(wide[1] ? MAX32 : facts.compressed, 20);
    header.writeUInt32LE(wide[0] ? MAX32 : facts.size, 24);
    header.writeUInt16LE(facts.name.length, 28);
    header.writeUInt16LE(extraLength, 30);
    header.writeUInt32LE(wide[2] ? MAX32 : facts.offset, 42);
    facts.name.copy(header, 46);
    if (extraLength > 0) {
      // APPNOTE 4.5.3: only the fields that overflowed, in this order.
      let at = 46 + facts.name.length;
      header.writeUInt16LE(ZIP64_EXTRA, at);
      header.writeUInt16LE(extraLength - 4, at + 2);
      at += 4;
      for (const [i, value] of [facts.size, facts.compressed, facts.offset].entries()) {
        if (!wide[i]) continue;
        header.writeBigUInt64LE(BigInt(value), at);
        at += 8;
      }
      this.zip64 = true;
    }
    this.directory.append(header);
    this.count++;
  }
}

/**
 * DEFLATE at level 6 with a window no larger than the entry and a smaller hash table for small
 * entries: most bundle entries are JSON objects of a few hundred bytes, for which zlib's default
 * 32 KiB window and 64 Ki-entry hash table cost more to set up than to use. Any inflater reads the
 * result (a window size only bounds how far back a match may reach).
 */
function deflateOptionsFor(size: number): zlib.ZlibOptions {
  if (size >= 1 << 15) return { level: 6 };
  return { level: 6, windowBits: Math.max(9, Math.ceil(Math.log2(size + 1))), memLevel: size >= 1 << 12 ? 8 : 4 };
}

/** Chunks as buffers of about 64 KiB: text is joined and encoded, bytes pass through. */
async function* batches(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending: string[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    if (typeof chunk !== 'string') {
      if (size > 0) yield Buffer.from(pending.join(''), 'utf8');
      pending = [];
      size = 0;
      if (chunk.length > 0) yield chunk;
      continue;
    }
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
