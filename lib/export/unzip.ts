import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { CENTRAL_HEADER, crc32, END_OF_CENTRAL, LOCAL_HEADER, MAX16, MAX32, ZIP64_END, ZIP64_EXTRA, ZIP64_LOCATOR } from './zip.js';

/** Bytes that can be read at any position: a zip file on disk, or one in memory. */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes from `position`; fewer only where the source ends. */
  read(position: number, length: number): Buffer;
  close(): void;
}

/** A zip held in memory (tests, and a bundle downloaded whole). */
export class BufferSource implements ByteSource {
  private readonly bytes: Buffer;
  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get size(): number {
    return this.bytes.length;
  }
  read(position: number, length: number): Buffer {
    return this.bytes.subarray(position, Math.min(this.bytes.length, position + length));
  }
  close(): void {}
}

/** A zip file read by position (`pread`), never whole. */
export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number | undefined;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }
  read(position: number, length: number): Buffer {
    if (this.fd === undefined) throw new Error(`${this.path} is closed.`);
    const wanted = Math.max(0, Math.min(length, this.size - position));
    const buffer = Buffer.allocUnsafe(wanted);
    let done = 0;
    while (done < wanted) {
      const n = readSync(this.fd, buffer, done, wanted - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done === wanted ? buffer : buffer.subarray(0, done);
  }
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A zip that cannot be read, or an entry of it that is not what its central directory says. */
export class ZipFormatError extends Error {
  /** The entry the problem is about, when it is about one. */
  readonly entry: string | undefined;
  constructor(message: string, entry?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ZipFormatError';
    this.entry = entry;
  }
}

const ENCRYPTED = 0x0001;
const DATA_DESCRIPTOR = 0x0008;
export const STORED = 0;
export const DEFLATE = 8;
const CENTRAL_FIXED = 46;
const LOCAL_FIXED = 30;
/** The end record is 22 bytes and may carry a comment of up to 65,535. */
const END_SEARCH = 22 + MAX16;
/** How much of the central directory is read at a time while it is walked. */
const WINDOW = 1 << 20;
/** Entries of up to this many compressed bytes are read with their local header, in one read. */
const PREFETCH = 1 << 16;
/** Chunks of compressed data read for a streamed entry. */
const CHUNK = 1 << 16;

/** One entry as its central directory record describes it. */
export interface ZipEntry {
  readonly name: string;
  /** The name as the central directory spells it, byte for byte. */
  readonly nameBytes: Buffer;
  /** Its place in the central directory, from 0. */
  readonly index: number;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** The central directory's place, from the end records. */
interface Directory {
  count: number;
  offset: number;
  size: number;
  /** Where the entries' data must end: the central directory's start. */
  dataEnd: number;
}

/**
 * A zip reader over a {@link ByteSource}: it reads the end of central directory (and the ZIP64
 * end record through its locator), walks the central directory once, and reads an entry by offset
 * when asked, whole or as a stream of inflated chunks, checking its local header against the
 * central record (same name, method, and sizes and CRC unless a data descriptor follows), its
 * stored and inflated sizes, and its CRC-32. Stored and deflated entries are read; anything else
 * (encrypted, another method, a multi-disk zip) is a {@link ZipFormatError} naming the entry.
 *
 * The entry table is compact, so that a zip of a million entries costs a few tens of megabytes,
 * not the hundreds its names would: per entry, a hash of its name (8 bytes: two CRC-32s) and the
 * offset of its central record (8 bytes), and a slot in an open-addressing table of at least twice
 * the entries (4 bytes each), so 24 to 32 bytes per entry. The hash only picks a slot: the name,
 * sizes and offsets are read again from the central record (one read) when an entry is looked up,
 * and the name compared. A name held twice is kept once in the table (the first copy) and counted
 * in {@link duplicates}.
 */
export class ZipReader {
  /** Entries in the central directory, directories and second copies included. */
  readonly count: number;
  /** Names found more than once, with how many copies. */
  readonly duplicates = new Map<string, number>();
  private readonly directory: Directory;
  private readonly hashes: Uint32Array;
  private readonly offsets: Float64Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  private constructor(
    readonly source: ByteSource,
    directory: Directory,
  ) {
    this.directory = directory;
    this.count = directory.count;
    this.hashes = new Uint32Array(2 * directory.count);
    this.offsets = new Float64Array(directory.count);
    let capacity = 1;
    while (capacity < 2 * directory.count) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** Opens the zip of `source`: reads its end records and walks its central directory. Throws {@link ZipFormatError}. */
  static open(source: ByteSource): ZipReader {
    const reader = new ZipReader(source, readDirectory(source));
    for (const record of reader.walk()) {
      reader.offsets[record.index] = record.offset;
      reader.insert(record.index, record.nameBytes);
    }
    return reader;
  }

  /** Every entry's name and place, in central directory order (the directory is read again). */
  *names(): Generator<{ name: string; index: number }> {
    for (const record of this.walk()) yield { name: decodeName(record.nameBytes), index: record.index };
  }

  /** The entry named `name` (its first copy), or undefined. */
  entry(name: string): ZipEntry | undefined {
    const nameBytes = Buffer.from(name, 'utf8');
    const [lo, hi] = nameHash(nameBytes);
    for (let slot = lo & this.mask; ; slot = (slot + 1) & this.mask) {
      const index = this.slots[slot] as number;
      if (index < 0) return undefined;
      if (this.hashes[2 * index] !== lo || this.hashes[2 * index + 1] !== hi) continue;
      // One read of the central record gives both the name to compare and the entry.
      const entry = this.centralEntry(index);
      if (entry.nameBytes.equals(nameBytes)) return entry;
    }
  }

  has(name: string): boolean {
    return this.entry(name) !== undefined;
  }

  /**
   * The whole inflated data of `entry`, checked. `maxSize` bounds what is read whole: a larger
   * entry is refused (read it with {@link chunks}).
   */
  read(entry: ZipEntry, maxSize = 256 * 1024 * 1024): Buffer {
    if (entry.size > maxSize) {
      throw new ZipFormatError(`${entry.name} is ${entry.size} bytes inflated, more than ${maxSize} read whole.`, entry.name);
    }
    const { start, head } = this.local(entry, entry.compressedSize <= PREFETCH ? entry.compressedSize : 0);
    // A small entry's data came with its local header.
    const raw =
      head.length >= start - entry.localOffset + entry.compressedSize
        ? head.subarray(start - entry.localOffset, start - entry.localOffset + entry.compressedSize)
        : this.source.read(start, entry.compressedSize);
    if (raw.length !== entry.compressedSize) throw new ZipFormatError(`${entry.name} is cut short: the zip is truncated.`, entry.name);
    let data: Buffer;
    if (entry.method === STORED) data = raw;
    else {
      try {
        // One byte more than the central directory says is enough to tell that it lied.
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size + 1) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ZipFormatError(
            `${entry.name} inflates to more than the ${entry.size} bytes its central directory record says.`,
            entry.name,
          );
        }
        throw new ZipFormatError(`${entry.name} cannot be inflated: ${(error as Error).message}`, entry.name, { cause: error });
      }
    }
    if (data.length !== entry.size) {
      const got = data.length > entry.size ? `more than ${entry.size}` : `${data.length}`;
      throw new ZipFormatError(
        `${entry.name} inflates to ${got} bytes, not the ${entry.size} its central directory record says.`,
        entry.name,
      );
    }
    if (crc32(data) !== entry.crc) throw new ZipFormatError(`${entry.name} does not match its CRC-32: it is corrupt.`, entry.name);
    return data;
  }

  /** The inflated data of `entry` in chunks of about 64 KiB, checked; its size and CRC-32 are checked when it ends. */
  async *chunks(entry: ZipEntry): AsyncGenerator<Buffer> {
    const { start } = this.local(entry, 0);
    const { source } = this;
    const raw = function* () {
      for (let done = 0; done < entry.compressedSize; ) {
        const piece = source.read(start + done, Math.min(CHUNK, entry.compressedSize - done));
        if (piece.length === 0) throw new ZipFormatError(`${entry.name} is cut short: the zip is truncated.`, entry.name);
        done += piece.length;
        yield piece;
      }
    };
    let size = 0;
    let crc = 0;
    const take = (chunk: Buffer) => {
      size += chunk.length;
      if (size > entry.size) {
        throw new ZipFormatError(
          `${entry.name} inflates to more than the ${entry.size} bytes its central directory record says.`,
          entry.name,
        );
      }
      crc = crc32(chunk, crc);
    };
    if (entry.method === STORED) {
      for (const chunk of raw()) {
        take(chunk);
        yield chunk;
      }
    } else {
      const inflater = zlib.createInflateRaw();
      const feeding = pipeline(Readable.from(raw(), { objectMode: false }), inflater);
      feeding.catch(() => undefined); // its error reaches the loop below through the inflater
      try {
        for await (const chunk of inflater as AsyncIterable<Buffer>) {
          take(chunk);
          yield chunk;
        }
        await feeding;
      } catch (error) {
        inflater.destroy();
        if (error instanceof ZipFormatError) throw error;
        throw new ZipFormatError(`${entry.name} cannot be inflated: ${(error as Error).message}`, entry.name, { cause: error });
      }
    }
    if (size !== entry.size) {
      throw new ZipFormatError(
        `${entry.name} inflates to ${size} bytes, not the ${entry.size} its central directory record says.`,
        entry.name,
      );
    }
    if (crc !== entry.crc) throw new ZipFormatError(`${entry.name} does not match its CRC-32: it is corrupt.`, entry.name);
  }

  close(): void {
    this.source.close();
  }

  /** The central directory, record by record, read a window at a time; every record's shape is checked. */
  private *walk(): Generator<{ index: number; offset: number; nameBytes: Buffer; flags: number }> {
    const { offset: start, size, count } = this.directory;
    let window: Buffer = Buffer.alloc(0);
    let windowStart = start;
    let at = start;
    const bytesAt = (position: number, length: number): Buffer => {
      if (position < windowStart || position + length > windowStart + window.length) {
        window = this.source.read(position, Math.max(length, Math.min(WINDOW, start + size - position)));
        windowStart = position;
        if (window.length < length) throw new ZipFormatError('The central directory runs past the end of the zip: it is truncated.');
      }
      return window.subarray(position - windowStart, position - windowStart + length);
    };
    for (let index = 0; index < count; index++) {
      if (at + CENTRAL_FIXED > start + size) throw new ZipFormatError(`The central directory ends before its ${count} records do.`);
      const fixed = bytesAt(at, CENTRAL_FIXED);
      if (fixed.readUInt32LE(0) !== CENTRAL_HEADER) {
        throw new ZipFormatError(`Central directory record ${index + 1} of ${count} has no record signature: the zip is corrupt.`);
      }
      const length = CENTRAL_FIXED + fixed.readUInt16LE(28) + fixed.readUInt16LE(30) + fixed.readUInt16LE(32);
      if (at + length > start + size) throw new ZipFormatError(`The central directory ends inside its record ${index + 1}.`);
      const record = bytesAt(at, length);
      yield {
        index,
        offset: at,
        nameBytes: Buffer.from(record.subarray(CENTRAL_FIXED, CENTRAL_FIXED + record.readUInt16LE(28))),
        flags: record.readUInt16LE(8),
      };
      at += length;
    }
    if (at !== start + size) throw new ZipFormatError(`The central directory holds more than the ${count} records its end record counts.`);
  }

  /** The entry whose central record is at index `index`, read again from the directory. */
  private centralEntry(index: number): ZipEntry {
    const offset = this.offsets[index] as number;
    let record = this.source.read(offset, CENTRAL_FIXED + 256);
    const nameLength = record.readUInt16LE(28);
    const extraLength = record.readUInt16LE(30);
    if (record.length < CENTRAL_FIXED + nameLength + extraLength)
      record = this.source.read(offset, CENTRAL_FIXED + nameLength + extraLength);
    const flags = record.readUInt16LE(8);
    const nameBytes = Buffer.from(record.subarray(CENTRAL_FIXED, CENTRAL_FIXED + nameLength));
    const name = decodeName(nameBytes);
    let compressedSize = record.readUInt32LE(20);
    let size = record.readUInt32LE(24);
    let localOffset = record.readUInt32LE(42);
    const disk = record.readUInt16LE(34);
    if (size === MAX32 || compressedSize === MAX32 || localOffset === MAX32) {
      const wide = zip64Field(record.subarray(CENTRAL_FIXED + nameLength, CENTRAL_FIXED + nameLength + extraLength));
      if (wide === undefined) throw new ZipFormatError(`${name} has 32-bit fields that say "see ZIP64" but no ZIP64 field.`, name);
      let at = 0;
      const next = (what: string) => {
        if (at + 8 > wide.length) throw new ZipFormatError(`${name} has a ZIP64 field too short for its ${what}.`, name);
        const value = Number(wide.readBigUInt64LE(at));
        at += 8;
        if (!Number.isSafeInteger(value)) throw new ZipFormatError(`${name} has a ${what} too large to read.`, name);
        return value;
      };
      if (size === MAX32) size = next('size');
      if (compressedSize === MAX32) compressedSize = next('compressed size');
      if (localOffset === MAX32) localOffset = next('offset');
    }
    if (disk !== 0 && disk !== MAX16) throw new ZipFormatError(`${name} is on disk ${disk}: multi-disk zips are not read.`, name);
    return {
      name,
      nameBytes,
      index,
      method: record.readUInt16LE(10),
      flags,
      crc: record.readUInt32LE(16),
      compressedSize,
      size,
      localOffset,
    };
  }

  /**
   * Checks the entry's local header against its central record; returns where its data starts, and
   * the bytes read from the header on, which hold `prefetch` bytes of data too when they fit.
   */
  private local(entry: ZipEntry, prefetch: number): { start: number; head: Buffer } {
    const { name } = entry;
    if (entry.flags & ENCRYPTED) throw new ZipFormatError(`${name} is encrypted: encrypted entries are not read.`, name);
    if (entry.method !== STORED && entry.method !== DEFLATE) {
      throw new ZipFormatError(`${name} is compressed with method ${entry.method}: only stored (0) and deflate (8) are read.`, name);
    }
    if (entry.localOffset + LOCAL_FIXED > this.directory.dataEnd) {
      throw new ZipFormatError(
        `${name} has its local header at ${entry.localOffset}, past the entries' end: the zip is corrupt or truncated.`,
        name,
      );
    }
    let header = this.source.read(entry.localOffset, LOCAL_FIXED + entry.nameBytes.length + 64 + prefetch);
    if (header.length < LOCAL_FIXED || header.readUInt32LE(0) !== LOCAL_HEADER) {
      throw new ZipFormatError(`${name} has no local header at offset ${entry.localOffset}: the zip is corrupt.`, name);
    }
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    if (header.length < LOCAL_FIXED + nameLength + extraLength)
      header = this.source.read(entry.localOffset, LOCAL_FIXED + nameLength + extraLength);
    if (header.length < LOCAL_FIXED + nameLength + extraLength)
      throw new ZipFormatError(`${name} has a local header cut short: the zip is truncated.`, name);
    const localName = header.subarray(LOCAL_FIXED, LOCAL_FIXED + nameLength);
    if (!localName.equals(entry.nameBytes)) {
      throw new ZipFormatError(
        `${name} has the name ${JSON.stringify(decodeName(localName))} in its local header: the zip is corrupt or forged.`,
        name,
      );
    }
    if (header.readUInt16LE(8) !== entry.method) {
      throw new ZipFormatError(
        `${name} has method ${header.readUInt16LE(8)} in its local header and ${entry.method} in the central directory.`,
        name,
      );
    }
    if (!(header.readUInt16LE(6) & DATA_DESCRIPTOR)) {
      let compressed = header.readUInt32LE(18);
      let size = header.readUInt32LE(22);
      if (compressed === MAX32 || size === MAX32) {
        const wide = zip64Field(header.subarray(LOCAL_FIXED + nameLength, LOCAL_FIXED + nameLength + extraLength));
        if (wide === undefined || wide.length < 16)
          throw new ZipFormatError(`${name} has a local header that says "see ZIP64" but no ZIP64 field.`, name);
        size = Number(wide.readBigUInt64LE(0));
        compressed = Number(wide.readBigUInt64LE(8));
      }
      if (compressed !== entry.compressedSize || size !== entry.size || header.readUInt32LE(14) !== entry.crc) {
        throw new ZipFormatError(
          `${name} has other sizes or CRC-32 in its local header than in the central directory: the zip is corrupt or forged.`,
          name,
        );
      }
    }
    const start = entry.localOffset + LOCAL_FIXED + nameLength + extraLength;
    if (start + entry.compressedSize > this.directory.dataEnd) {
      throw new ZipFormatError(
        `${name} has ${entry.compressedSize} bytes of data from offset ${start}, past the entries' end at ${this.directory.dataEnd}: the zip is corrupt or truncated.`,
        name,
      );
    }
    return { start, head: header };
  }

  private insert(index: number, nameBytes: Buffer): void {
    const [lo, hi] = nameHash(nameBytes);
    this.hashes[2 * index] = lo;
    this.hashes[2 * index + 1] = hi;
    for (let slot = lo & this.mask; ; slot = (slot + 1) & this.mask) {
      const other = this.slots[slot] as number;
      if (other < 0) {
        this.slots[slot] = index;
        return;
      }
      if (this.hashes[2 * other] === lo && this.hashes[2 * other + 1] === hi && this.centralName(other).equals(nameBytes)) {
        const name = decodeName(nameBytes);
        this.duplicates.set(name, (this.duplicates.get(name) ?? 1) + 1);
        return;
      }
    }
  }

  private centralName(index: number): Buffer {
    return this.centralEntry(index).nameBytes;
  }
}

/**
 * A 64-bit hash of a name for the entry table, as two 32-bit halves: two CRC-32s with different
 * starting values (fast, native). It only picks slots: a match is confirmed on the name itself.
 */
function nameHash(nameBytes: Buffer): [number, number] {
  return [crc32(nameBytes), crc32(nameBytes, 0x9e3779b9)];
}

/**
 * Names are read as UTF-8: flag bit 11 says so for ours, and an ASCII name (all of ours) reads the
 * same in CP437. A non-ASCII name without the flag would read differently from what an archiver
 * shows, which verification then reports as an entry no manifest lists.
 */
function decodeName(bytes: Buffer): string {
  return bytes.toString('utf8');
}

/** The data of the ZIP64 extended information field (0x0001) in an extra field, or undefined. */
function zip64Field(extra: Buffer): Buffer | undefined {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA) return extra.subarray(at + 4, Math.min(extra.length, at + 4 + length));
    at += 4 + length;
  }
  return undefined;
}

/** Finds the end records and the central directory they describe. */
function readDirectory(source: ByteSource): Directory {
  if (source.size < 22) throw new ZipFormatError(`The file is ${source.size} bytes: too short to be a zip.`);
  const tailStart = Math.max(0, source.size - END_SEARCH);
  const tail = source.read(tailStart, source.size - tailStart);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    // The end record's comment must run exactly to the end of the file.
    if (tail.readUInt32LE(at) === END_OF_CENTRAL && at + 22 + tail.readUInt16LE(at + 20) === tail.length) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipFormatError('The file has no end of central directory record: it is not a zip, or it is truncated.');
  const record = tail.subarray(end, end + 22);
  const endOffset = tailStart + end;
  if (record.readUInt16LE(4) !== 0 || record.readUInt16LE(6) !== 0)
    throw new ZipFormatError('The zip spans several disks: multi-disk zips are not read.');
  let count = record.readUInt16LE(10);
  let size = record.readUInt32LE(12);
  let offset = record.readUInt32LE(16);
  let dataEnd = endOffset;
  const locatorAt = endOffset - 20;
  const locator = locatorAt >= 0 ? source.read(locatorAt, 20) : undefined;
  if (locator !== undefined && locator.length === 20 && locator.readUInt32LE(0) === ZIP64_LOCATOR) {
    const end64Offset = Number(locator.readBigUInt64LE(8));
    if (!Number.isSafeInteger(end64Offset) || end64Offset + 56 > locatorAt) {
      throw new ZipFormatError('The ZIP64 end record locator points past the end of the zip: it is corrupt.');
    }
    const end64 = source.read(end64Offset, 56);
    if (end64.readUInt32LE(0) !== ZIP64_END)
      throw new ZipFormatError('The ZIP64 end of central directory record is missing where its locator points.');
    if (end64.readUInt32LE(16) !== 0 || end64.readUInt32LE(20) !== 0)
      throw new ZipFormatError('The zip spans several disks: multi-disk zips are not read.');
    count = Number(end64.readBigUInt64LE(32));
    size = Number(end64.readBigUInt64LE(40));
    offset = Number(end64.readBigUInt64LE(48));
    dataEnd = end64Offset;
  } else if (count === MAX16 || size === MAX32 || offset === MAX32) {
    throw new ZipFormatError('The end record says "see ZIP64" but the zip has no ZIP64 end record locator.');
  }
  if (![count, size, offset].every(Number.isSafeInteger) || offset + size > dataEnd) {
    throw new ZipFormatError(
      `The central directory (${size} bytes at offset ${offset}) runs past the end of the zip: it is corrupt or truncated.`,
    );
  }
  if (count * CENTRAL_FIXED > size)
    throw new ZipFormatError(`The end record counts ${count} entries, more than a ${size}-byte central directory holds.`);
  return { count, offset, size, dataEnd: offset };
}
