import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { StreamingZipWriter } from '../../lib/export/zip.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

/** What Python's zipfile reads from the zip: its entry count, a CRC check of every entry, and some entries' text. */
function pythonRead(path: string, names: string[]): { count: number; bad: string | null; texts: string[] } {
  const script = `import json,sys,zipfile
z=zipfile.ZipFile(sys.argv[1])
print(json.dumps({"count":len(z.namelist()),"bad":z.testzip(),"texts":[z.read(n).decode() for n in sys.argv[2:]]}))`;
  return JSON.parse(execFileSync('python3', ['-c', script, path, ...names], { encoding: 'utf8' }));
}

describe('StreamingZipWriter', () => {
  it('writes whole and streamed entries that fflate, Python and unzip read back with their CRCs', async () => {
    const dir = await temp.make('zip');
    const out = join(dir, 'a.zip');
    const zip = new StreamingZipWriter(out, { mtime: new Date('2026-11-26T10:00:00Z') });
    zip.add('README.md', 'hello');
    zip.add('runs/é/bytes.bin', Uint8Array.from([0, 1, 2, 255]));
    const lines = Array.from({ length: 50_000 }, (_, i) => `{"i":${i}}\n`);
    await zip.addChunks(
      'big.json',
      (async function* () {
        yield* lines;
      })(),
    );
    await zip.addChunks('empty.txt', []);
    zip.finish();

    const files = unzipSync(await readFile(out));
    expect(Object.keys(files).sort()).toEqual(['README.md', 'big.json', 'empty.txt', 'runs/é/bytes.bin']);
    expect(Buffer.from(files['big.json'] as Uint8Array).toString()).toBe(lines.join(''));
    expect([...(files['runs/é/bytes.bin'] as Uint8Array)]).toEqual([0, 1, 2, 255]);
    expect(pythonRead(out, ['README.md', 'empty.txt'])).toEqual({ count: 4, bad: null, texts: ['hello', ''] });
    expect(execFileSync('unzip', ['-tq', out], { encoding: 'utf8' })).toMatch(/No errors detected/);
    // Only the zip is left: no temporary file beside it.
    expect(readdirSync(dir)).toEqual(['a.zip']);
  }, 30_000);

  it('writes ZIP64 end records above 65,535 entries, which fflate and Python read whole', async () => {
    const dir = await temp.make('zip64');
    const out = join(dir, 'many.zip');
    const zip = new StreamingZipWriter(out);
    const count = 70_000;
    for (let i = 0; i < count; i++) zip.add(`many/${i}.txt`, `entry ${i}`);
    zip.finish();
    const bytes = await readFile(out);
    // The ZIP64 end of central directory record is there, and the 16-bit count says "see ZIP64".
    expect(bytes.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBeGreaterThan(0);
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toHaveLength(count);
    expect(Buffer.from(files['many/69999.txt'] as Uint8Array).toString()).toBe('entry 69999');
    const python = pythonRead(out, ['many/0.txt', 'many/69999.txt']);
    expect(python).toEqual({ count, bad: null, texts: ['entry 0', 'entry 69999'] });
  }, 60_000);

  it('leaves nothing behind when aborted, and refuses entries after the end', async () => {
    const dir = await temp.make('zip-abort');
    const out = join(dir, 'x.zip');
    const zip = new StreamingZipWriter(out);
    zip.add('a', 'b');
    await expect(
      zip.addChunks(
        'broken',
        (function* () {
          yield 'part';
          throw new Error('the source failed');
        })(),
      ),
    ).rejects.toThrow('the source failed');
    zip.abort();
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => zip.add('c', 'd')).toThrow(/already finished or aborted/);
  });
});
