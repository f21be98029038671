/**
 * Our zip writer and reader (lib/export/zip.ts, lib/export/unzip.ts) beside maintained libraries,
 * on the bundle's shape: many small JSON entries (a bundle of 100k notebooks has about a million).
 * Issue 15 asks whether a library can take their place within the export's memory bound (V8 old
 * space capped at 96 MiB, docs/PERFORMANCE.md); this measures what would decide it:
 *
 * - writers: the memory a writer holds per entry once the entries are written (what it keeps for
 *   the central directory, and anything it fails to let go), the time per entry, and whether the
 *   zip it makes is read back whole by Python's zipfile (the count of entries, so ZIP64 too);
 * - readers: opening a zip of a million entries (the central directory read once) and then reading
 *   entries at random by name, as verify-bundle does, with the memory the reader holds for it.
 *
 * Each case runs in a process of its own under `--max-old-space-size=96`; a case that runs out of
 * heap or time is reported as such, with how far it got. The libraries are not dependencies of the
 * project: install them first, without saving, and the cases of a missing one say so:
 *
 *   npm install --no-save yazl@3.3.1 yauzl@3.4.0 zip-stream@7.0.5 @zip.js/zip.js@2.24.0 node-stream-zip@1.16.0
 *   node --import tsx bench/zip-libraries.ts [--entries 1000000] [--cases ours,yazl,...] [--timeout 300]
 *
 * fflate (a dependency already, used by the tests) is measured too.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { FileSource, ZipReader } from '../lib/export/unzip.js';
import { StreamingZipWriter } from '../lib/export/zip.js';

const OLD_SPACE_MIB = 96;
const WRITERS = ['ours', 'yazl', 'zip-stream', 'zip.js', 'fflate'] as const;
const READERS = ['ours', 'yauzl', 'yauzl-walk', 'node-stream-zip', 'zip.js'] as const;
/** Random lookups a reader case makes after opening the zip. */
const LOOKUPS = 20_000;
const MTIME = new Date('2026-11-27T01:18:00Z');
const MiB = 1024 * 1024;

// ---- the entries: a bundle's evidence records, by index ----

const RUN = 'runs/2026-11-27T01-18-00Z-7f3a9c2e';
function nameOf(i: number): string {
  return `${RUN}/evidence/${createHash('sha256').update(String(i)).digest('hex')}.json`;
}
function dataOf(i: number): Buffer {
  const digest = createHash('sha256').update(`d${i}`).digest('hex');
  const record = {
    collector: 'sagemaker.notebook-instances',
    resource: `arn:aws:sagemaker:us-east-1:777788889999:notebook-instance/notebook-${i}`,
    observedAt: '2026-11-27T01:18:00.000Z',
    digest,
    data: {
      DirectInternetAccess: i % 3 === 0 ? 'Enabled' : 'Disabled',
      KmsKeyId: i % 5 === 0 ? null : `key-${digest.slice(0, 12)}`,
      RootAccess: 'Disabled',
    },
  };
  return Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8');
}

// ---- the child: one case ----

interface Figures {
  case: string;
  entries: number;
  /** Heap and Buffer memory held after the entries were added (writers) or the zip opened (readers), after a full GC, above the baseline. */
  heldBytes?: number;
  heapBytes?: number;
  externalBytes?: number;
  addMs?: number;
  totalMs?: number;
  openMs?: number;
  lookupMs?: number;
  lookups?: number;
  peakRss: number;
  zipBytes?: number;
  note?: string;
}

/** A case stops itself when its process passes this RSS: Buffer memory is not bounded by the heap ceiling, and the machine is shared. */
const RSS_LIMIT = 1536 * MiB;

/** Tells the parent how far the case got (every 5,000 entries), and stops a case whose RSS runs away. */
function progress(done: number): void {
  if (done % 5000 !== 0) return;
  process.stdout.write(`progress ${done}\n`);
  if (process.memoryUsage.rss() > RSS_LIMIT) {
    process.stdout.write(`rss-limit ${done}\n`);
    process.exit(3);
  }
}

/**
 * What the case holds above `base`: two full collections with a turn of the event loop between
 * them, so that native memory of collected zlib handles (freed by their finalizers) is let go too.
 */
async function held(base: NodeJS.MemoryUsage): Promise<{ heldBytes: number; heapBytes: number; externalBytes: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc?.();
  const now = process.memoryUsage();
  const heapBytes = now.heapUsed - base.heapUsed;
  const externalBytes = now.external - base.external;
  return { heldBytes: heapBytes + externalBytes, heapBytes, externalBytes };
}

function baseline(): NodeJS.MemoryUsage {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A library that is not a dependency, loaded by a name the type checker does not follow (a fresh
 * clone has none of them), typed by the little of it this bench uses.
 */
async function optional<T>(name: string): Promise<T> {
  const module = (await import(name)) as { default?: T };
  return (module.default ?? module) as T;
}

interface Yazl {
  ZipFile: new () => {
    outputStream: NodeJS.ReadableStream & { readableLength: number };
    addBuffer(data: Buffer, name: string, options: { mtime: Date; compressionLevel: number }): void;
    end(): void;
  };
}
type ZipStream = new (options: {
  zlib: { level: number };
}) => NodeJS.ReadWriteStream & {
  readableLength: number;
  entry(data: Buffer, options: { name: string; date: Date }, done: (error: Error | null) => void): void;
  finalize(): void;
};
interface ZipJs {
  configure(options: { useWebWorkers: boolean }): void;
  ZipWriter: new (
    writable: WritableStream<Uint8Array>,
    options: { level: number; lastModDate: Date },
  ) => { add(name: string, reader: unknown): Promise<unknown>; close(): Promise<unknown> };
  Uint8ArrayReader: new (data: Uint8Array) => unknown;
  Uint8ArrayWriter: new () => unknown;
  Reader: new (value: unknown) => { size: number; init(): Promise<void> };
  ZipReader: new (
    reader: unknown,
  ) => {
    getEntries(): Promise<{ filename: string; directory: boolean; getData(writer: unknown): Promise<Uint8Array> }[]>;
    close(): Promise<void>;
  };
}
interface YauzlEntry {
  fileName: string;
}
interface YauzlZip {
  on(event: 'entry', listener: (entry: YauzlEntry) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  readEntry(): void;
  openReadStream(entry: YauzlEntry, done: (error: Error | null, stream: NodeJS.ReadableStream) => void): void;
  close(): void;
}
interface Yauzl {
  open(path: string, options: { lazyEntries: boolean; autoClose: boolean }, done: (error: Error | null, zip: YauzlZip) => void): void;
}
interface StreamZip {
  async: new (options: {
    file: string;
    storeEntries: boolean;
  }) => {
    entriesCount: Promise<number>;
    entryData(name: string): Promise<Buffer>;
    close(): Promise<void>;
  };
}

async function writeCase(which: string, n: number, path: string): Promise<Figures> {
  const base = baseline();
  const start = performance.now();
  let memory = { heldBytes: 0, heapBytes: 0, externalBytes: 0 };
  let addMs = 0;
  if (which === 'ours') {
    const zip = new StreamingZipWriter(path, { mtime: MTIME });
    for (let i = 0; i < n; i++) {
      zip.add(nameOf(i), dataOf(i));
      progress(i);
    }
    addMs = performance.now() - start;
    memory = await held(base);
    zip.finish();
  } else if (which === 'yazl') {
    const yazl = await optional<Yazl>('yazl');
    const zip = new yazl.ZipFile();
    const file = createWriteStream(path);
    const closed = new Promise<void>((resolve, reject) => file.on('close', () => resolve()).on('error', reject));
    zip.outputStream.pipe(file);
    // addBuffer queues the entry and deflates it on the thread pool; nothing tells the caller when it
    // is written, so a plain loop holds every buffer. Throttle: every 256 entries, wait until the last
    // one is written (yazl's entry state, not a public API) and the output has drained.
    const entries = (zip as unknown as { entries: { state: number }[] }).entries;
    for (let i = 0; i < n; i++) {
      zip.addBuffer(dataOf(i), nameOf(i), { mtime: MTIME, compressionLevel: 6 });
      if (i % 256 === 255) {
        while ((entries[entries.length - 1]?.state ?? 3) < 3 || zip.outputStream.readableLength > MiB) await tick();
      }
      progress(i);
    }
    while ((entries[entries.length - 1]?.state ?? 3) < 3) await tick();
    addMs = performance.now() - start;
    memory = await held(base);
    zip.end();
    await closed;
  } else if (which === 'zip-stream') {
    const ZipStream = await optional<ZipStream>('zip-stream');
    const archive = new ZipStream({ zlib: { level: 6 } });
    const file = createWriteStream(path);
    const closed = new Promise<void>((resolve, reject) => file.on('close', () => resolve()).on('error', reject));
    archive.pipe(file);
    for (let i = 0; i < n; i++) {
      await new Promise<void>((resolve, reject) =>
        archive.entry(dataOf(i), { name: nameOf(i), date: MTIME }, (error: Error | null) => (error ? reject(error) : resolve())),
      );
      while (archive.readableLength > MiB) await tick();
      progress(i);
    }
    addMs = performance.now() - start;
    memory = await held(base);
    archive.finalize();
    await closed;
  } else if (which === 'zip.js') {
    const zipjs = await optional<ZipJs>('@zip.js/zip.js');
    zipjs.configure({ useWebWorkers: false });
    const file = createWriteStream(path);
    const writer = new zipjs.ZipWriter(Writable.toWeb(file) as WritableStream<Uint8Array>, { level: 6, lastModDate: MTIME });
    for (let i = 0; i < n; i++) {
      await writer.add(nameOf(i), new zipjs.Uint8ArrayReader(dataOf(i)));
      progress(i);
    }
    addMs = performance.now() - start;
    memory = await held(base);
    await writer.close();
  } else if (which === 'fflate') {
    const { Zip, ZipDeflate } = await import('fflate');
    const fd = openSync(path, 'w');
    let failure: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) failure = error;
      else writeSync(fd, chunk);
    });
    for (let i = 0; i < n; i++) {
      const entry = new ZipDeflate(nameOf(i), { level: 6 });
      entry.mtime = MTIME;
      zip.add(entry);
      entry.push(dataOf(i), true);
      progress(i);
    }
    addMs = performance.now() - start;
    memory = await held(base);
    zip.end();
    closeSync(fd);
    if (failure) throw failure;
  } else throw new Error(`No writer ${which}.`);
  const totalMs = performance.now() - start;
  return {
    case: which,
    entries: n,
    ...memory,
    addMs,
    totalMs,
    peakRss: process.resourceUsage().maxRSS * 1024,
    zipBytes: statSync(path).size,
  };
}

/** Random indices, the same in every case. */
function lookups(n: number): number[] {
  let state = 12345;
  const out: number[] = [];
  for (let k = 0; k < Math.min(LOOKUPS, n); k++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out.push(state % n);
  }
  return out;
}

function check(i: number, data: Uint8Array): void {
  if (!dataOf(i).equals(data)) throw new Error(`Entry ${i} read back wrong.`);
}

async function readCase(which: string, n: number, path: string): Promise<Figures> {
  const base = baseline();
  const start = performance.now();
  const picks = lookups(n);
  let openMs = 0;
  let memory = { heldBytes: 0, heapBytes: 0, externalBytes: 0 };
  let lookupStart = 0;
  let note: string | undefined;
  const opened = async () => {
    openMs = performance.now() - start;
    memory = await held(base);
    lookupStart = performance.now();
  };
  if (which === 'ours') {
    const reader = ZipReader.open(new FileSource(path));
    if (reader.count !== n) throw new Error(`${reader.count} entries, not ${n}.`);
    await opened();
    for (const i of picks) {
      const entry = reader.entry(nameOf(i));
      if (entry === undefined) throw new Error(`No entry ${i}.`);
      check(i, reader.read(entry));
    }
    reader.close();
  } else if (which === 'yauzl' || which === 'yauzl-walk') {
    const yauzl = await optional<Yauzl>('yauzl');
    const zip = await new Promise<YauzlZip>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, file) => (error ? reject(error) : resolve(file))),
    );
    // Random access by name needs the Entry objects (openReadStream takes one): keep them all, or
    // (yauzl-walk) walk the directory without keeping any, which bounds memory but finds nothing.
    const byName = new Map<string, YauzlEntry>();
    let count = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry) => {
        if (which === 'yauzl') byName.set(entry.fileName, entry);
        progress(++count);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    if (count !== n) throw new Error(`${count} entries, not ${n}.`);
    await opened();
    if (which === 'yauzl') {
      for (const i of picks) {
        const entry = byName.get(nameOf(i));
        if (entry === undefined) throw new Error(`No entry ${i}.`);
        const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
          zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
        );
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        check(i, Buffer.concat(chunks));
      }
    } else note = 'directory walked, nothing kept: no lookup by name';
    zip.close();
  } else if (which === 'node-stream-zip') {
    const StreamZip = await optional<StreamZip>('node-stream-zip');
    const zip = new StreamZip.async({ file: path, storeEntries: true });
    const count = await zip.entriesCount;
    if (count !== n) throw new Error(`${count} entries, not ${n}.`);
    await opened();
    for (const i of picks) check(i, await zip.entryData(nameOf(i)));
    await zip.close();
  } else if (which === 'zip.js') {
    const zipjs = await optional<ZipJs>('@zip.js/zip.js');
    zipjs.configure({ useWebWorkers: false });
    const fd = openSync(path, 'r');
    const size = statSync(path).size;
    // A reader by position: zip.js's Reader, reading the file with pread.
    class FileReader extends zipjs.Reader {
      override async init() {
        this.size = size;
      }
      async readUint8Array(offset: number, length: number): Promise<Uint8Array> {
        const buffer = Buffer.allocUnsafe(length);
        readSync(fd, buffer, 0, length, offset);
        return buffer;
      }
    }
    const file = new FileReader(0);
    const reader = new zipjs.ZipReader(file);
    const entries = await reader.getEntries();
    if (entries.length !== n) throw new Error(`${entries.length} entries, not ${n}.`);
    const byName = new Map(entries.map((entry) => [entry.filename, entry]));
    await opened();
    for (const i of picks) {
      const entry = byName.get(nameOf(i));
      if (entry === undefined || entry.directory) throw new Error(`No entry ${i}.`);
      check(i, await entry.getData(new zipjs.Uint8ArrayWriter()));
    }
    await reader.close();
    closeSync(fd);
  } else throw new Error(`No reader ${which}.`);
  const lookupMs = performance.now() - lookupStart;
  return {
    case: which,
    entries: n,
    ...memory,
    openMs,
    lookupMs,
    lookups: which === 'yauzl-walk' ? 0 : picks.length,
    totalMs: performance.now() - start,
    peakRss: process.resourceUsage().maxRSS * 1024,
    ...(note === undefined ? {} : { note }),
  };
}

// ---- the parent: every case in a child, then the tables ----

interface Outcome {
  figures?: Figures;
  failure?: string;
}

function child(role: 'write' | 'read', which: string, n: number, path: string, timeoutS: number, ceiling: boolean): Promise<Outcome> {
  const args = [...(ceiling ? [`--max-old-space-size=${OLD_SPACE_MIB}`] : []), '--expose-gc', '--import', 'tsx'];
  return new Promise((resolve) => {
    const started = performance.now();
    const proc = spawn(process.execPath, [...args, fileURLToPath(import.meta.url), 'child', role, which, String(n), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let last = 0;
    let timedOut = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const match of out.matchAll(/^progress (\d+)$/gm)) last = Number(match[1]);
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill('SIGKILL');
    }, timeoutS * 1000);
    proc.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line !== undefined) return resolve({ figures: JSON.parse(line) as Figures });
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      const reached = last > 0 ? `, past ${last} entries` : '';
      if (/^rss-limit/m.test(out)) return resolve({ failure: `stopped at an RSS of ${RSS_LIMIT / MiB} MiB after ${seconds} s${reached}` });
      if (timedOut) return resolve({ failure: `stopped after ${seconds} s${reached}` });
      if (/heap out of memory|Allocation failed/i.test(err)) return resolve({ failure: `ran out of heap after ${seconds} s${reached}` });
      if (/Cannot find (module|package)/.test(err)) return resolve({ failure: 'not installed' });
      resolve({ failure: `failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ').slice(0, 300)}` });
    });
  });
}

/** What Python's zipfile reads of the zip: its count of entries, or its error. */
function pythonCount(path: string): Promise<string> {
  return new Promise((resolve) => {
    const proc = spawn('python3', ['-c', 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(len(z.infolist()))', path]);
    let out = '';
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.on('close', () => resolve(out.trim().split('\n').slice(-1)[0] ?? ''));
  });
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '' : (bytes / MiB).toFixed(1));
const perEntry = (bytes: number | undefined, n: number) => (bytes === undefined ? '' : (bytes / n).toFixed(0));

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? (argv[at + 1] as string) : fallback;
  };
  const n = Number(option('entries', '1000000'));
  const timeoutS = Number(option('timeout', '300'));
  const only = option('cases', '').split(',').filter(Boolean);
  const wanted = (which: string) => only.length === 0 || only.includes(which);
  const dir = mkdtempSync(join(tmpdir(), 'zip-libraries-'));
  try {
    console.log(
      `${n} entries of about ${dataOf(0).length} bytes, names of ${nameOf(0).length}; each case in its own process, V8 old space capped at ${OLD_SPACE_MIB} MiB; Node ${process.version}\n`,
    );
    console.log(
      '| writer | held after the entries: heap / Buffers (MiB) | per entry (bytes) | µs per entry | total (s) | peak RSS (MiB) | zip (MiB) | Python zipfile reads |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---|');
    let fixture: string | undefined;
    for (const which of WRITERS) {
      if (!wanted(which) && !(which === 'ours' && READERS.some(wanted))) continue;
      const path = join(dir, `${which}.zip`);
      const { figures: f, failure } = await child('write', which, n, path, timeoutS, true);
      if (f === undefined) {
        console.log(`| ${which} | ${failure} | | | | | | |`);
        continue;
      }
      const python = await pythonCount(path);
      const reads = python === String(n) ? `${n} entries` : python;
      console.log(
        `| ${which} | ${mib(f.heapBytes)} / ${mib(f.externalBytes)} | ${perEntry(f.heldBytes, n)} | ${(((f.addMs ?? 0) * 1000) / n).toFixed(1)} | ${((f.totalMs ?? 0) / 1000).toFixed(1)} | ${mib(f.peakRss)} | ${mib(f.zipBytes)} | ${reads} |`,
      );
      if (which === 'ours') fixture = path;
      else rmSync(path, { force: true });
    }
    if (fixture === undefined || !READERS.some((r) => wanted(r) || r === 'ours')) return;
    console.log(
      `\nReaders, of the zip our writer made: open it (the central directory read once), then ${Math.min(LOOKUPS, n)} entries read by name at random, each compared with what was written.\n`,
    );
    console.log('| reader | open (s) | held after open: heap / Buffers (MiB) | per entry (bytes) | µs per random read | peak RSS (MiB) |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const which of READERS) {
      if (!wanted(which) && which !== 'ours') continue;
      const { figures: f, failure } = await child('read', which, n, fixture, timeoutS, true);
      if (f === undefined) {
        console.log(`| ${which} | ${failure} | | | | |`);
        continue;
      }
      const perRead = f.lookups ? (((f.lookupMs ?? 0) * 1000) / f.lookups).toFixed(0) : (f.note ?? '');
      console.log(
        `| ${which} | ${((f.openMs ?? 0) / 1000).toFixed(1)} | ${mib(f.heapBytes)} / ${mib(f.externalBytes)} | ${perEntry(f.heldBytes, n)} | ${perRead} | ${mib(f.peakRss)} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') {
  const [, role, which, n, path] = process.argv.slice(2) as [string, 'write' | 'read', string, string, string];
  const figures = role === 'write' ? await writeCase(which, Number(n), path) : await readCase(which, Number(n), path);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else await main();
