import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/evidence/canonical.js';
import { ItemList, parseManifest } from '../../lib/export/items.js';
import { type Manifest, ManifestSchema } from '../../lib/seal/manifest.js';
import { runKeys } from '../../lib/store/types.js';
import { type DemoStore, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let demo: DemoStore;
let runId: string;
let text: string;
let manifest: Manifest;

beforeAll(async () => {
  demo = await sharedDemoStore(await temp.make('items'), 1);
  runId = demo.runs[0]?.runId as string;
  text = (await demo.store.get(runKeys.manifest(runId))).toString('utf8');
  manifest = ManifestSchema.parse(JSON.parse(text));
});
afterAll(() => temp.removeAll());

function expectSame(parsed: ReturnType<typeof parseManifest>, expected: Manifest, streamed = true): void {
  const { items, ...rest } = expected;
  expect(parsed.streamed).toBe(streamed);
  expect(parsed.manifest).toEqual(rest);
  expect(parsed.items.length).toBe(items.length);
  expect([...parsed.items]).toEqual(items);
}

describe('parseManifest', () => {
  it('gives the fields and every item of a sealed manifest, as the schema parse does', () => {
    expect(manifest.items.some((i) => i.kind === 'public-key')).toBe(true);
    expectSame(parseManifest(text, runId), manifest);
    const items = parseManifest(text, runId).items;
    expect([...items.ofKind('finding')]).toEqual(manifest.items.filter((i) => i.kind === 'finding'));
    expect(items.at(items.length - 1)).toEqual(manifest.items[manifest.items.length - 1]);
  });

  it('reads a manifest in another layout the ordinary way, and keys that are not the layout’s', () => {
    const odd: Manifest = {
      ...manifest,
      items: [{ kind: 'evidence', key: `runs/${runId}/evidence/"quoted"\\é.json`, sha256: 'a'.repeat(64), size: 3 }, ...manifest.items],
    };
    expectSame(parseManifest(JSON.stringify(odd, null, 2), runId), odd, false);
    expectSame(parseManifest(canonicalJson(odd), runId), odd);
  });

  it('reads the item list a window at a time, whatever the window and the characters of the keys', () => {
    // Keys with two- and three-byte characters, so that windows end inside a character too.
    const wide: Manifest = {
      ...manifest,
      items: manifest.items.map((item, i) =>
        i % 5 === 0 && item.kind !== 'public-key' ? { ...item, key: `runs/${runId}/evidence/é€-${i}-${item.sha256}.json` } : item,
      ),
    };
    const bytes = Buffer.from(canonicalJson(wide), 'utf8');
    expect(bytes.length).toBeGreaterThan(20_000);
    for (const window of [300, 301, 333, 1000, 4096, 1 << 20]) expectSame(parseManifest(bytes, runId, window), wide);
    // A window smaller than one item cannot be read item by item: the whole parse gives the same.
    expectSame(parseManifest(bytes, runId, 50), wide, false);
  });

  it('refuses what the manifest schema refuses, in either layout', () => {
    const badKind = canonicalJson({ ...manifest, items: [{ ...manifest.items[0], kind: 'attachment' }] });
    expect(() => parseManifest(badKind, runId)).toThrow(/kind/);
    const badSize = canonicalJson({ ...manifest, items: [{ ...manifest.items[0], size: -1 }] });
    expect(() => parseManifest(badSize, runId)).toThrow(/size/);
    const extra = canonicalJson({ ...manifest, items: [{ ...manifest.items[0], note: 'x' }] });
    expect(() => parseManifest(extra, runId)).toThrow(/note/);
    expect(() => parseManifest(canonicalJson({ ...manifest, runId: 7 }), runId)).toThrow(/runId/);
    expect(() => parseManifest('{"items":[', runId)).toThrow(SyntaxError);
  });
});

describe('ItemList', () => {
  it('grows past its first capacity and keeps every item', () => {
    const list = new ItemList('r', 2);
    const items = Array.from({ length: 5000 }, (_, i) => ({
      kind: i % 2 === 0 ? ('evidence' as const) : ('finding' as const),
      key:
        i % 7 === 0
          ? `elsewhere/${i}`
          : runKeys.object('r', i % 2 === 0 ? 'evidence' : 'findings', i.toString(16).padStart(64, '0'), 'json'),
      sha256: i.toString(16).padStart(64, '0'),
      size: i * 3,
    }));
    for (const item of items) list.push(item);
    expect([...list]).toEqual(items);
  });
});

describe('ItemList.evidenceKey', () => {
  const sha = (n: number) => createHash('sha256').update(String(n)).digest('hex');

  it('finds every evidence record of a sealed manifest by digest, and nothing that is not one', () => {
    const items = parseManifest(text, runId).items;
    const evidence = manifest.items.filter((i) => i.kind === 'evidence');
    expect(evidence.length).toBeGreaterThan(10);
    for (const item of evidence) expect(items.evidenceKey(item.sha256)).toBe(item.key);
    // A finding's digest is in the list, but not as evidence; a digest in no item, and text that is no digest.
    const finding = manifest.items.find((i) => i.kind === 'finding');
    expect(items.evidenceKey(finding?.sha256 as string)).toBeUndefined();
    expect(items.evidenceKey('0'.repeat(64))).toBeUndefined();
    expect(items.evidenceKey('f'.repeat(64))).toBeUndefined();
    expect(items.evidenceKey('not a digest')).toBeUndefined();
  });

  it('finds records listed out of digest order, with keys of their own, and items pushed after a lookup', () => {
    const list = new ItemList('r');
    const pushed: { sha256: string; key: string }[] = [];
    // Descending digests, every third one under a key outside the layout, findings in between.
    const digests = Array.from({ length: 300 }, (_, i) => sha(i))
      .sort()
      .reverse();
    for (const [i, digest] of digests.entries()) {
      const key = i % 3 === 0 ? `elsewhere/${i}.json` : runKeys.object('r', 'evidence', digest, 'json');
      list.push({ kind: 'evidence', key, sha256: digest, size: 1 });
      list.push({ kind: 'finding', key: runKeys.object('r', 'findings', sha(1000 + i), 'json'), sha256: sha(1000 + i), size: 1 });
      pushed.push({ sha256: digest, key });
    }
    for (const { sha256, key } of pushed) expect(list.evidenceKey(sha256)).toBe(key);
    expect(list.evidenceKey(sha(1000))).toBeUndefined();
    const late = sha(5000);
    list.push({ kind: 'evidence', key: 'late.json', sha256: late, size: 1 });
    expect(list.evidenceKey(late)).toBe('late.json');
  });
});
