import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSource, FileSource, ZipFormatError, ZipReader } from '../../lib/export/unzip.js';
import { StreamingZipWriter } from '../../lib/export/zip.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let dir: string;
beforeAll(async () => {
  dir = await temp.make('unzip');
});
afterAll(() => temp.removeAll());

/** Text that deflates well but is larger than one 64 KiB chunk, so it is streamed in several. */
const big = Array.from({ length: 40_000 }, (_, i) => `{"line":${i},"pad":"${'x'.repeat(i % 17)}"}\n`).join('');

async function collect(reader: ZipReader, name: string): Promise<Buffer> {
  const entry = reader.entry(name);
  if (entry === undefined) throw new Error(`no ${name}`);
  const parts: Buffer[] = [];
  for await (const chunk of reader.chunks(entry)) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Reads every entry both ways and returns name -> text. */
async function readAll(reader: ZipReader): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { name } of reader.names()) {
    if (name.endsWith('/')) continue;
    const entry = reader.entry(name);
    if (entry === undefined) throw new Error(`names() gave ${name}, which entry() cannot find`);
    const whole = reader.read(entry);
    expect((await collect(reader, name)).equals(whole), name).toBe(true);
    out[name] = whole.toString('utf8');
  }
  return out;
}

const fixture = { 'README.md': 'hello', 'runs/é/a.json': '{"a":1}', 'empty.txt': '', 'big.json': big };

/** Offset of the local header (PK 3 4) or central record (PK 1 2) of `name`. */
function headerOffset(bytes: Buffer, name: string, central: boolean): number {
  const signature = Buffer.from(central ? [0x50, 0x4b, 0x01, 0x02] : [0x50, 0x4b, 0x03, 0x04]);
  const nameAt = central ? 46 : 30;
  const wanted = Buffer.from(name, 'utf8');
  for (let at = bytes.indexOf(signature); at >= 0; at = bytes.indexOf(signature, at + 1)) {
    const length = bytes.readUInt16LE(at + (central ? 28 : 26));
    if (length === wanted.length && bytes.subarray(at + nameAt, at + nameAt + length).equals(wanted)) return at;
  }
  throw new Error(`${name} not found`);
}

function expectZipError(action: () => unknown, ...parts: string[]): void {
  let error: unknown;
  try {
    action();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ZipFormatError);
  for (const part of parts) expect((error as Error).message).toContain(part);
}

describe('ZipReader reads what other writers wrote', () => {
  it('our StreamingZipWriter: whole and streamed entries, from a file and from bytes', async () => {
    const out = join(dir, 'ours.zip');
    const zip = new StreamingZipWriter(out);
    zip.add('README.md', fixture['README.md']);
    zip.add('runs/é/a.json', fixture['runs/é/a.json']);
    await zip.addChunks('empty.txt', []);
    await zip.addChunks('big.json', [fixture['big.json']]);
    zip.finish();

    const file = ZipReader.open(new FileSource(out));
    try {
      expect(file.count).toBe(4);
      expect(await readAll(file)).toEqual(fixture);
      expect(file.has('README.md')).toBe(true);
      expect(file.has('readme.md')).toBe(false);
      expect(file.entry('nothing')).toBeUndefined();
      expect(file.duplicates.size).toBe(0);
    } finally {
      file.close();
    }
    expect(await readAll(ZipReader.open(new BufferSource(await readFile(out))))).toEqual(fixture);
  });

  it('our StreamingZipWriter above 65,535 entries (ZIP64 end records)', async () => {
    const out = join(dir, 'many.zip');
    const zip = new StreamingZipWriter(out);
    const count = 70_000;
    for (let i = 0; i < count; i++) zip.add(`many/${i}.txt`, `entry ${i}`);
    zip.finish();
    const reader = ZipReader.open(new FileSource(out));
    try {
      expect(reader.count).toBe(count);
      let names = 0;
      for (const { name, index } of reader.names()) {
        expect(name).toBe(`many/${index}.txt`);
        names++;
      }
      expect(names).toBe(count);
      for (const i of [0, 65_535, 65_536, count - 1]) {
        expect(reader.read(reader.entry(`many/${i}.txt`) as never).toString()).toBe(`entry ${i}`);
      }
    } finally {
      reader.close();
    }
  }, 60_000);

  it("fflate's zipSync (deflated and stored) and its streaming Zip (data descriptors)", async () => {
    const files = Object.fromEntries(Object.entries(fixture).map(([k, v]) => [k, Buffer.from(v)]));
    expect(await readAll(ZipReader.open(new BufferSource(zipSync(files))))).toEqual(fixture);
    expect(await readAll(ZipReader.open(new BufferSource(zipSync(files, { level: 0 }))))).toEqual(fixture);

    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const [name, data] of Object.entries(files)) {
      const file = new ZipPassThrough(name);
      zip.add(file);
      file.push(data, true);
    }
    zip.end();
    expect(await readAll(ZipReader.open(new BufferSource(Buffer.concat(chunks))))).toEqual(fixture);
  });

  it("Python's zipfile: deflated, stored, forced ZIP64 headers, and an archive comment", async () => {
    const out = join(dir, 'python.zip');
    const script = `import sys,zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.comment = b'made by python'
    z.writestr('README.md', 'hello', compress_type=zipfile.ZIP_DEFLATED)
    z.writestr('runs/\\u00e9/a.json', '{"a":1}', compress_type=zipfile.ZIP_STORED)
    z.writestr('empty.txt', '')
    with z.open('big.json', 'w', force_zip64=True) as f:
        f.write(open(sys.argv[2], 'rb').read())
`;
    const bigFile = join(dir, 'big.json');
    await writeFile(bigFile, fixture['big.json']);
    execFileSync('python3', ['-c', script, out, bigFile]);
    expect(await readAll(ZipReader.open(new FileSource(out)))).toEqual(fixture);
  });

  it.skipIf(!existsSync('/usr/bin/zip'))('the zip command, with a folder entry', async () => {
    const src = join(dir, 'cli-src');
    await mkdir(join(src, 'runs', 'r'), { recursive: true });
    await writeFile(join(src, 'README.md'), 'hello');
    await writeFile(join(src, 'runs', 'r', 'big.json'), fixture['big.json']);
    const out = join(dir, 'cli.zip');
    execFileSync('zip', ['-qr', out, 'README.md', 'runs'], { cwd: src });
    const reader = ZipReader.open(new FileSource(out));
    expect([...reader.names()].map((n) => n.name).sort()).toEqual(['README.md', 'runs/', 'runs/r/', 'runs/r/big.json']);
    expect(await readAll(reader)).toEqual({ 'README.md': 'hello', 'runs/r/big.json': fixture['big.json'] });
  });
});

describe('ZipReader refuses a corrupt zip with an error naming what is wrong', () => {
  let good: Buffer;
  beforeAll(async () => {
    const out = join(dir, 'good.zip');
    const zip = new StreamingZipWriter(out);
    zip.add('a.txt', 'alpha');
    zip.add('b.txt', 'bravo');
    await zip.addChunks('big.json', [fixture['big.json']]);
    zip.finish();
    good = await readFile(out);
  });
  const open = (bytes: Buffer) => ZipReader.open(new BufferSource(bytes));
  const changed = (change: (b: Buffer) => void) => {
    const copy = Buffer.from(good);
    change(copy);
    return copy;
  };

  it('a truncated file, a file that is not a zip, and an empty one', () => {
    expectZipError(() => open(good.subarray(0, good.length - 10)), 'no end of central directory record');
    expectZipError(() => open(good.subarray(0, Math.floor(good.length / 2))), 'no end of central directory record');
    expectZipError(() => open(Buffer.from('not a zip at all, just some text that is long enough')), 'not a zip');
    expectZipError(() => open(Buffer.alloc(0)), 'too short to be a zip');
  });

  it('an end record whose central directory runs past the file, or whose count is wrong', () => {
    const end = good.length - 22;
    expectZipError(() => open(changed((b) => b.writeUInt32LE(good.length, end + 16))), 'runs past the end');
    expectZipError(() => open(changed((b) => b.writeUInt16LE(2, end + 10))), 'more than the 2 records');
    expectZipError(() => open(changed((b) => b.writeUInt16LE(4, end + 10))), 'central directory');
  });

  it('a bad CRC-32, whether the entry is read whole or streamed', async () => {
    const at = headerOffset(good, 'b.txt', true);
    const reader = open(changed((b) => b.writeUInt32LE((b.readUInt32LE(at + 16) ^ 1) >>> 0, at + 16)));
    // The local header still has the right CRC: the central record and it disagree.
    expectZipError(() => reader.read(reader.entry('b.txt') as never), 'b.txt', 'CRC-32');
    expect(reader.read(reader.entry('a.txt') as never).toString()).toBe('alpha');

    // Both headers agree, the data does not: the inflated bytes fail the CRC.
    const stored = Buffer.from(zipSync({ 'c.txt': Buffer.from('charlie') }, { level: 0 }));
    const data = headerOffset(stored, 'c.txt', false) + 30 + 'c.txt'.length;
    stored[data] = (stored[data] as number) ^ 0x20;
    const flipped = ZipReader.open(new BufferSource(stored));
    expectZipError(() => flipped.read(flipped.entry('c.txt') as never), 'c.txt does not match its CRC-32');
    await expect(collect(flipped, 'c.txt')).rejects.toThrow('c.txt does not match its CRC-32');
  });

  it('a local header whose name is not the central name', () => {
    const at = headerOffset(good, 'b.txt', false);
    const reader = open(changed((b) => b.write('x', at + 30)));
    expectZipError(() => reader.read(reader.entry('b.txt') as never), 'b.txt has the name "x.txt" in its local header');
  });

  it('a name held twice: counted, and the first copy is the one read', () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const [name, text] of [
      ['a.txt', 'first'],
      ['b.txt', 'other'],
      ['a.txt', 'second'],
      ['a.txt', 'third'],
    ] as const) {
      const file = new ZipPassThrough(name);
      zip.add(file);
      file.push(Buffer.from(text), true);
    }
    zip.end();
    const reader = ZipReader.open(new BufferSource(Buffer.concat(chunks)));
    expect(reader.count).toBe(4);
    expect([...reader.duplicates]).toEqual([['a.txt', 3]]);
    expect(reader.read(reader.entry('a.txt') as never).toString()).toBe('first');
  });

  it('an unsupported method and an encrypted entry', () => {
    const local = headerOffset(good, 'a.txt', false);
    const central = headerOffset(good, 'a.txt', true);
    const bzip = open(
      changed((b) => {
        b.writeUInt16LE(12, local + 8);
        b.writeUInt16LE(12, central + 10);
      }),
    );
    expectZipError(() => bzip.read(bzip.entry('a.txt') as never), 'a.txt is compressed with method 12');
    const locked = open(changed((b) => b.writeUInt16LE(b.readUInt16LE(central + 8) | 1, central + 8)));
    expectZipError(() => locked.read(locked.entry('a.txt') as never), 'a.txt is encrypted');
  });

  it('sizes that point past the end, or that are not what the data inflates to', async () => {
    const central = headerOffset(good, 'b.txt', true);
    const local = headerOffset(good, 'b.txt', false);
    const past = open(
      changed((b) => {
        b.writeUInt32LE(good.length, central + 20);
        b.writeUInt32LE(good.length, local + 18);
      }),
    );
    expectZipError(() => past.read(past.entry('b.txt') as never), 'b.txt has', "past the entries' end");
    const offset = open(changed((b) => b.writeUInt32LE(good.length - 10, central + 42)));
    expectZipError(() => offset.read(offset.entry('b.txt') as never), 'b.txt has its local header at');
    const short = open(
      changed((b) => {
        b.writeUInt32LE(3, central + 24);
        b.writeUInt32LE(3, local + 22);
      }),
    );
    expectZipError(() => short.read(short.entry('b.txt') as never), 'b.txt inflates to more than the 3 bytes');

    // An entry whose local header defers its sizes to a data descriptor (fflate's streaming Zip),
    // with a central size smaller than its data: refused while it streams, not after.
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    const file = new ZipDeflate('big.json');
    zip.add(file);
    file.push(Buffer.from(fixture['big.json']), true);
    zip.end();
    const deferred = Buffer.concat(chunks);
    deferred.writeUInt32LE(1000, headerOffset(deferred, 'big.json', true) + 24);
    const bomb = ZipReader.open(new BufferSource(deferred));
    let streamed = 0;
    const read = async () => {
      for await (const chunk of bomb.chunks(bomb.entry('big.json') as never)) streamed += chunk.length;
    };
    await expect(read()).rejects.toThrow('big.json inflates to more than the 1000 bytes');
    expect(streamed).toBeLessThanOrEqual(1000);
    expectZipError(() => bomb.read(bomb.entry('big.json') as never), 'big.json inflates to more than the 1000 bytes');
  });

  it('deflate data cut short or garbled, when streamed', async () => {
    const bigLocal = headerOffset(good, 'big.json', false);
    const garbled = open(
      changed((b) => {
        const data = bigLocal + 30 + 'big.json'.length + 20;
        b.fill(0xff, data + 100, data + 400);
      }),
    );
    await expect(collect(garbled, 'big.json')).rejects.toBeInstanceOf(ZipFormatError);
    await expect(collect(garbled, 'big.json')).rejects.toThrow('big.json');
  });
});
