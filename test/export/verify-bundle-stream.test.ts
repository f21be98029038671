import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleIndex, ROOT_FILES, writeBundle } from '../../lib/export/bundle.js';
import { JsonArraySplitter } from '../../lib/export/json-split.js';
import { type ByteSource, FileSource } from '../../lib/export/unzip.js';
import { type BundleVerifyReport, merkleRoot, verifyBundle, verifyBundleFile } from '../../lib/export/verify-bundle.js';
import { MerkleTree } from '../../lib/seal/merkle.js';
import { runKeys } from '../../lib/store/types.js';
import { DigestMap } from '../../lib/util/digest-map.js';
import { type DemoStore, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

describe('merkleRoot', () => {
  it('is the RFC 9162 root MerkleTree builds, for every size up to 40', () => {
    const leaves = Array.from({ length: 40 }, () => randomBytes(32));
    for (let n = 0; n <= leaves.length; n++) {
      expect(merkleRoot(leaves.slice(0, n)).toString('hex'), `${n} leaves`).toBe(
        MerkleTree.fromEntries(leaves.slice(0, n)).root.toString('hex'),
      );
    }
  });
});

describe('DigestMap', () => {
  it('finds every key set through growth, keeps the last value, and finds no other', () => {
    const map = new DigestMap(16, 4);
    const value = (i: number) => DigestMap.keyOf(`value ${i}`);
    for (let i = 0; i < 5000; i++) map.set(DigestMap.keyOf(`key ${i}`), value(i));
    map.set(DigestMap.keyOf('key 7'), value(-7));
    expect(map.size).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(map.get(DigestMap.keyOf(`key ${i}`))?.equals(value(i === 7 ? -7 : i)), `key ${i}`).toBe(true);
    for (let i = 5000; i < 6000; i++) expect(map.has(DigestMap.keyOf(`key ${i}`))).toBe(false);
    const set = new DigestMap(0);
    set.set(DigestMap.fromHex('ab'.repeat(32)));
    expect(set.has(DigestMap.fromHex('ab'.repeat(32)))).toBe(true);
    expect(set.has(DigestMap.fromHex(`${'ab'.repeat(31)}ac`))).toBe(true); // only the first 16 bytes count
    expect(set.has(DigestMap.fromHex('ac'.repeat(32)))).toBe(false);
  });
});

describe('JsonArraySplitter', () => {
  function split(text: string, chunkBytes: number, member = 'objects'): { head: string; elements: string[] } {
    const elements: string[] = [];
    const splitter = new JsonArraySplitter(member, (e) => elements.push(e));
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; at += chunkBytes) splitter.push(bytes.subarray(at, at + chunkBytes));
    return { head: splitter.end(), elements };
  }

  it('gives each element and the rest with an empty array, wherever the chunks are cut', () => {
    const objects = [
      { key: 'runs/a/"quoted", [bracketed] {braced}', n: 1 },
      { key: 'é and 😀 and \\ and \u0001', list: [1, [2, { objects: [3] }]] },
      'a string element',
      42,
      null,
    ];
    const doc = { format: 'x', objects_before: { objects: [9] }, objects, files: [{ name: 'objects' }], tail: '"objects": [' };
    const text = `${JSON.stringify(doc, null, 1)}\n`;
    for (const size of [1, 2, 3, 5, 64, 1 << 20]) {
      const { head, elements } = split(text, size);
      expect(
        elements.map((e) => JSON.parse(e)),
        `chunks of ${size}`,
      ).toEqual(objects);
      expect(JSON.parse(head), `chunks of ${size}`).toEqual({ ...doc, objects: [] });
    }
    expect(split('{"objects":[]}', 3)).toEqual({ head: '{"objects":[]}', elements: [] });
    expect(split('{"objects": "none"}', 3)).toEqual({ head: '{"objects": "none"}', elements: [] });
  });

  it('hands a stray comma or a missing one to JSON.parse as an element it refuses, and refuses unfinished text', () => {
    for (const text of ['{"objects":[1,]}', '{"objects":[1 2]}', '{"objects":[,1]}']) {
      const { elements } = split(text, 4);
      expect(() => elements.map((e) => JSON.parse(e)), text).toThrow();
    }
    expect(() => split('{"objects":[{"a":1}', 4)).toThrow('ends inside');
    expect(() => split('{"objects":[}]}', 4)).toThrow('closed by');
    const splitter = new JsonArraySplitter('objects', () => undefined, 100);
    expect(() => splitter.push(Buffer.from(`{"objects":[${JSON.stringify('x'.repeat(200))}]}`))).toThrow('over 100 characters');
  });
});

const ALL_TIME = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };

function expectFailureNaming(report: BundleVerifyReport, name: string): void {
  expect(report.ok).toBe(false);
  expect(
    report.problems.some((p) => p.object === name || p.message.includes(name)),
    JSON.stringify(report.problems, null, 2),
  ).toBe(true);
}

/** A source that records its reads, to show that verification reads the zip by pieces. */
class CountingSource implements ByteSource {
  largestRead = 0;
  bytesRead = 0;
  constructor(private readonly inner: ByteSource) {}
  get size() {
    return this.inner.size;
  }
  read(position: number, length: number) {
    const bytes = this.inner.read(position, length);
    this.largestRead = Math.max(this.largestRead, bytes.length);
    this.bytesRead += bytes.length;
    return bytes;
  }
  close() {
    this.inner.close();
  }
}

describe('verify bundle.zip from the file, read by offset', { timeout: 60_000 }, () => {
  let demo: DemoStore;
  let dir: string;
  let out: string;
  let entries: Record<string, Uint8Array>;
  beforeAll(async () => {
    dir = await temp.make('verify-stream');
    demo = await sharedDemoStore(dir, 2);
    out = join(dir, 'bundle.zip');
    await writeBundle(demo.store, await demo.store.listRuns(), out, ALL_TIME);
    entries = unzipSync(await readFile(out));
  }, 120_000);

  const rezipped = (change: (files: Record<string, Uint8Array>) => void) => {
    const files = { ...entries };
    change(files);
    return Buffer.from(zipSync(files));
  };

  it('verifies everything, reading the zip in pieces rather than whole', async () => {
    const source = new CountingSource(new FileSource(out));
    try {
      const report = await verifyBundle(source, out);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.derived.sort()).toEqual([ROOT_FILES.csv, ROOT_FILES.requirements, ROOT_FILES.oscal, ROOT_FILES.index].sort());
      expect(report.runs.every((r) => r.reEvaluated && r.proofsChecked === r.items)).toBe(true);
    } finally {
      source.close();
    }
    expect(source.largestRead).toBeLessThan(source.size / 2);
    expect((await verifyBundleFile(out)).ok).toBe(true);
  });

  it('names an entry whose compressed data was changed in the file (its CRC-32 fails)', async () => {
    const bytes = await readFile(out);
    const key = Object.keys(entries)
      .filter((n) => n.startsWith(`${runKeys.prefix(demo.runs[0]?.runId as string)}findings/`))
      .sort()[0] as string;
    const header = bytes.indexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04])]), 0);
    let at = header;
    while (at >= 0 && bytes.toString('utf8', at + 30, at + 30 + bytes.readUInt16LE(at + 26)) !== key) {
      at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at + 1);
    }
    const data = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    bytes[data + 10] = (bytes[data + 10] as number) ^ 0x10;
    const bad = join(dir, 'crc.zip');
    await writeFile(bad, bytes);
    const report = await verifyBundleFile(bad);
    expectFailureNaming(report, key);
    expect(report.problems.find((p) => p.object === key)?.message).toMatch(/CRC-32|cannot be inflated/);
  });

  it('fails a truncated bundle as not a readable zip', async () => {
    const bytes = await readFile(out);
    const cut = join(dir, 'cut.zip');
    await writeFile(cut, bytes.subarray(0, bytes.length - 100));
    const report = await verifyBundleFile(cut);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.message)).toEqual([expect.stringContaining('The bundle is not a readable zip')]);
  });

  it('names the object when index.json lists it with another digest', async () => {
    const index = JSON.parse(Buffer.from(entries[ROOT_FILES.index] as Uint8Array).toString('utf8')) as BundleIndex;
    const victim = index.objects[3] as BundleIndex['objects'][number];
    victim.sha256 = victim.sha256.replace(/^./u, (c) => (c === '0' ? '1' : '0'));
    const report = await verifyBundle(
      rezipped((f) => (f[ROOT_FILES.index] = Buffer.from(`${JSON.stringify(index, null, 1)}\n`))),
      'x.zip',
    );
    expectFailureNaming(report, victim.key);
  });

  it('fails an index.json whose objects were reordered, which no single-object check sees', async () => {
    const index = JSON.parse(Buffer.from(entries[ROOT_FILES.index] as Uint8Array).toString('utf8')) as BundleIndex;
    index.objects.reverse();
    const report = await verifyBundle(
      rezipped((f) => (f[ROOT_FILES.index] = Buffer.from(`${JSON.stringify(index, null, 1)}\n`))),
      'x.zip',
    );
    expectFailureNaming(report, ROOT_FILES.index);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.message).toContain('is not the index of the bundle');
  });
});
