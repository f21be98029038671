import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { Zip, ZipDeflate } from 'fflate';

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

  /** Adds one whole entry. */
  add(name: string, data: Uint8Array | string): void {
    const entry = this.open(name);
    entry.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, true);
    this.check();
  }

  /** Adds one entry from text chunks, each compressed and written as it comes. */
  addChunks(name: string, chunks: Iterable<string>): void {
    const entry = this.open(name);
    let pending: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= 64 * 1024) {
        entry.push(Buffer.from(pending.join(''), 'utf8'));
        pending = [];
        size = 0;
      }
    }
    entry.push(Buffer.from(pending.join(''), 'utf8'), true);
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
