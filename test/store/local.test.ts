import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFolderStore } from '../../lib/store/local.js';
import { ObjectExistsError, ObjectNotFoundError } from '../../lib/store/types.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

async function newStore(): Promise<{ root: string; store: LocalFolderStore }> {
  const root = join(await temp.make('store'), 'evidence');
  return { root, store: new LocalFolderStore(root) };
}

async function allFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('LocalFolderStore', () => {
  it('returns the stored bytes and writes them to the file the key names', async () => {
    // Prepare
    const { root, store } = await newStore();
    const bytes = Buffer.from([0x00, 0x7b, 0xff, 0x0a]);

    // Act
    const outcome = await store.put('runs/r1/evidence/a.json', bytes);

    // Assess
    expect(outcome).toBe('written');
    expect((await store.get('runs/r1/evidence/a.json')).equals(bytes)).toBe(true);
    expect((await readFile(join(root, 'runs', 'r1', 'evidence', 'a.json'))).equals(bytes)).toBe(true);
  });

  it('writes every object read-only (mode 0444)', async () => {
    // Prepare
    const { root, store } = await newStore();

    // Act
    await store.put('runs/r1/manifest.json', Buffer.from('{}'));

    // Assess
    expect((await stat(join(root, 'runs', 'r1', 'manifest.json'))).mode & 0o777).toBe(0o444);
  });

  it('answers a second put of the same bytes with exists', async () => {
    // Prepare
    const { store } = await newStore();
    await store.put('runs/r1/a.json', Buffer.from('same'));

    // Act
    const outcome = await store.put('runs/r1/a.json', Buffer.from('same'));

    // Assess
    expect(outcome).toBe('exists');
    expect((await store.get('runs/r1/a.json')).toString()).toBe('same');
  });

  it('refuses other bytes under an existing key and keeps the original', async () => {
    // Prepare
    const { root, store } = await newStore();
    await store.put('runs/r1/a.json', Buffer.from('original'));

    // Act
    const overwrite = store.put('runs/r1/a.json', Buffer.from('replaced'));

    // Assess
    await expect(overwrite).rejects.toBeInstanceOf(ObjectExistsError);
    await expect(store.put('runs/r1/a.json', Buffer.from('original!'))).rejects.toThrow(/runs\/r1\/a\.json/);
    expect((await readFile(join(root, 'runs', 'r1', 'a.json'), 'utf8')).toString()).toBe('original');
  });

  it('refuses keys that are not safe relative paths and writes nothing for them', async () => {
    // Prepare
    const { root, store } = await newStore();
    const unsafe = ['../x', 'runs/../../x', '/etc/passwd', 'runs//a', 'runs/./a', 'runs/a/', '', 'runs\\a', 'C:/x', 'runs/a b'];

    // Act
    const outcomes = await Promise.allSettled(unsafe.map((key) => store.put(key, Buffer.from('x'))));
    const reads = await Promise.allSettled(unsafe.map((key) => store.get(key)));

    // Assess
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(reads.every((o) => o.status === 'rejected')).toBe(true);
    // Nothing was written, neither in the store nor beside it ("../x" would land in the parent).
    expect(await readdir(join(root, '..'))).toEqual([]);
  });

  it('leaves no .partial files behind, also when a write is refused', async () => {
    // Prepare
    const { root, store } = await newStore();

    // Act
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(`runs/r1/evidence/${i}.json`, Buffer.from(String(i)))));
    await store.put('runs/r1/evidence/0.json', Buffer.from('0'));
    await store.put('runs/r1/evidence/1.json', Buffer.from('other')).catch(() => undefined);

    // Assess
    const files = await allFiles(root);
    expect(files).toHaveLength(20);
    expect(files.filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('stores one object when the same key and bytes are put concurrently', async () => {
    // Prepare
    const { root, store } = await newStore();

    // Act
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.put('runs/r1/a.json', Buffer.from('once'))));

    // Assess
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'exists')).toHaveLength(7);
    expect(await allFiles(root)).toHaveLength(1);
  });

  it('throws ObjectNotFoundError for a key that was never stored', async () => {
    // Prepare
    const { store } = await newStore();

    // Act / Assess
    await expect(store.get('runs/r1/missing.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('lists every key under a prefix, sorted, and only those', async () => {
    // Prepare
    const { store } = await newStore();
    const keys = ['runs/b/z.json', 'runs/b/evidence/2.json', 'runs/a/x.json', 'runs/b/evidence/10.json', 'runs/bb/y.json'];
    for (const key of keys) await store.put(key, Buffer.from(key));

    // Act
    const underB = await store.list('runs/b/');
    const underNothing = await store.list('runs/none/');

    // Assess
    expect(underB).toEqual(['runs/b/evidence/10.json', 'runs/b/evidence/2.json', 'runs/b/z.json']);
    expect(underNothing).toEqual([]);
  });

  it('lists the run folders in sorted order, and none for a new store', async () => {
    // Prepare
    const { store } = await newStore();
    const empty = await store.listRuns();
    for (const run of ['20260102T000000000Z-bb', '20260101T000000000Z-ff', '20260102T000000000Z-aa']) {
      await store.put(`runs/${run}/manifest.json`, Buffer.from('{}'));
    }

    // Act
    const runs = await store.listRuns();

    // Assess
    expect(empty).toEqual([]);
    expect(runs).toEqual(['20260101T000000000Z-ff', '20260102T000000000Z-aa', '20260102T000000000Z-bb']);
  });

  it('gives back exactly the bytes put, for any content', async () => {
    // Prepare
    const { store } = await newStore();
    let n = 0;

    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const key = `runs/p/objects/${n++}.bin`;

        // Act
        await store.put(key, bytes);

        // Assess
        expect((await store.get(key)).equals(Buffer.from(bytes))).toBe(true);
        expect(await store.put(key, bytes)).toBe('exists');
      }),
      { numRuns: 50 },
    );
  });
});
