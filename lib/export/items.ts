import { ITEM_KINDS, type Manifest, type ManifestItem, ManifestSchema } from '../seal/manifest.js';
import { runKeys } from '../store/types.js';

const FOLDER: Partial<Record<ManifestItem['kind'], 'evidence' | 'findings'>> = { evidence: 'evidence', finding: 'findings' };

/**
 * A manifest's item list in about 41 bytes per object instead of a JavaScript object with three
 * strings (about 300): the kind as a byte, the SHA-256 as 32 bytes, the size as a double, and the
 * key only where it is not the one the run's layout gives (`runs/<run>/evidence/<sha256>.json`,
 * `runs/<run>/findings/<sha256>.json`); public keys are named by key id, so theirs are kept. At 500k
 * objects that is 20 MB, the largest thing an export of that run holds.
 */
export class ItemList implements Iterable<ManifestItem> {
  private count = 0;
  private kinds: Uint8Array;
  private digests: Buffer;
  private sizes: Float64Array;
  private readonly keys = new Map<number, string>();
  /** The evidence items' indexes by digest, made when first needed (see {@link evidenceKey}). */
  private byDigest: Uint32Array | undefined;

  constructor(
    readonly runId: string,
    capacity = 1024,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.digests = Buffer.alloc(32 * capacity);
    this.sizes = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Appends an item already checked against the manifest item schema. */
  push(item: ManifestItem): void {
    const i = this.count;
    if (i === this.kinds.length) this.grow();
    this.byDigest = undefined;
    this.kinds[i] = ITEM_KINDS.indexOf(item.kind);
    this.digests.write(item.sha256, 32 * i, 'hex');
    this.sizes[i] = item.size;
    // A key cut from the manifest's text by parseManifest is a slice that would keep that whole
    // text (tens of megabytes) alive for as long as the list: keep a copy of its own.
    if (item.key !== this.layoutKey(item.kind, item.sha256)) this.keys.set(i, Buffer.from(item.key, 'utf8').toString('utf8'));
    this.count++;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.kinds.length * 2);
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    const digests = Buffer.alloc(32 * capacity);
    this.digests.copy(digests);
    const sizes = new Float64Array(capacity);
    sizes.set(this.sizes);
    this.kinds = kinds;
    this.digests = digests;
    this.sizes = sizes;
  }

  at(i: number): ManifestItem {
    const kind = ITEM_KINDS[this.kinds[i] as number] as ManifestItem['kind'];
    const sha256 = this.digests.toString('hex', 32 * i, 32 * i + 32);
    const key = this.keys.get(i) ?? (this.layoutKey(kind, sha256) as string);
    return { kind, key, sha256, size: this.sizes[i] as number };
  }

  *[Symbol.iterator](): Iterator<ManifestItem> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  /**
   * The key of the evidence record of SHA-256 `sha256` the list holds, or undefined: a binary search
   * over the evidence items' digests (4 bytes per evidence item for the order, made on first use),
   * so that checking what findings cite needs no map from digest to key.
   */
  evidenceKey(sha256: string): string | undefined {
    const order = this.evidenceOrder();
    if (!/^[0-9a-f]{64}$/u.test(sha256)) return undefined;
    const wanted = Buffer.from(sha256, 'hex');
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const i = order[mid] as number;
      const c = wanted.compare(this.digests, 32 * i, 32 * i + 32);
      if (c === 0) return this.at(i).key;
      if (c < 0) hi = mid;
      else lo = mid + 1;
    }
    return undefined;
  }

  /** Indexes of the evidence items, by digest. sealRun lists them in that order already: then no sort is needed. */
  private evidenceOrder(): Uint32Array {
    if (this.byDigest !== undefined) return this.byDigest;
    const code = ITEM_KINDS.indexOf('evidence');
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.kinds[i] === code) n++;
    const order = new Uint32Array(n);
    n = 0;
    let sorted = true;
    for (let i = 0; i < this.count; i++) {
      if (this.kinds[i] !== code) continue;
      const previous = n > 0 ? (order[n - 1] as number) : -1;
      if (previous >= 0 && this.digests.compare(this.digests, 32 * previous, 32 * previous + 32, 32 * i, 32 * i + 32) < 0) sorted = false;
      order[n++] = i;
    }
    if (!sorted) order.sort((a, b) => this.digests.compare(this.digests, 32 * b, 32 * b + 32, 32 * a, 32 * a + 32));
    this.byDigest = order;
    return order;
  }

  /** The items of one kind, in manifest order. */
  *ofKind(kind: ManifestItem['kind']): Generator<ManifestItem> {
    const code = ITEM_KINDS.indexOf(kind);
    for (let i = 0; i < this.count; i++) if (this.kinds[i] === code) yield this.at(i);
  }

  private layoutKey(kind: ManifestItem['kind'], sha256: string): string | undefined {
    const folder = FOLDER[kind];
    return folder === undefined ? undefined : runKeys.object(this.runId, folder, sha256, 'json');
  }
}

/** One item as sealRun writes it: RFC 8785 canonical JSON, members in key order. */
const ITEM = /\{"key":("(?:[^"\\]|\\.)*"),"kind":"([a-z-]+)","sha256":"([0-9a-f]{64})","size":(0|[1-9][0-9]*)\}(,?)/y;

/** How much of a manifest's item list is decoded to text at a time: thousands of items, never the whole list. */
const WINDOW_BYTES = 1 << 20;
const ITEMS_MARKER = Buffer.from('"items":[', 'utf8');
const CLOSE_BRACKET = 0x5d;

/**
 * Parses a manifest into its fields and a compact {@link ItemList}. The item list of a large run
 * is a hundred megabytes of JSON at 500k objects: it is read item by item from the bytes, a window
 * of {@link WINDOW_BYTES} decoded at a time, so that neither the whole text nor an object per item
 * is ever in the JavaScript heap, and every item is checked against the manifest item schema; the
 * rest goes through `ManifestSchema` as a whole. A manifest not in the canonical form sealRun
 * writes is parsed the ordinary way, whole, with the same checks.
 */
export function parseManifest(
  input: Buffer | string,
  runId: string,
  windowBytes = WINDOW_BYTES,
): {
  manifest: Omit<Manifest, 'items'>;
  items: ItemList /** Read item by item (the canonical form), not parsed whole. */;
  streamed: boolean;
} {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const start = bytes.indexOf(ITEMS_MARKER);
  if (start >= 0) {
    const items = new ItemList(runId);
    /** Byte offset of the next item. */
    let at = start + ITEMS_MARKER.length;
    let window = '';
    let ascii = true;
    let pos = 0;
    let windowEnd = at;
    let more = bytes[at] !== CLOSE_BRACKET;
    while (more) {
      ITEM.lastIndex = pos;
      let m = ITEM.exec(window);
      if (m === null && windowEnd < bytes.length) {
        // The window ends inside this item: decode the next one from it. (A character cut at a
        // window's end cannot be inside a match: every match ends with "}" before the end.)
        windowEnd = Math.min(bytes.length, at + windowBytes);
        window = bytes.toString('utf8', at, windowEnd);
        ascii = Buffer.byteLength(window, 'utf8') === window.length;
        pos = 0;
        ITEM.lastIndex = 0;
        m = ITEM.exec(window);
      }
      if (m === null) break;
      const [whole, quoted, kind, sha256, size, comma] = m as unknown as [string, string, string, string, string, string];
      // The pattern fixes the shape; what is left of the item schema is the kind and a size that is a safe integer.
      if (!(ITEM_KINDS as readonly string[]).includes(kind) || !Number.isSafeInteger(Number(size))) break;
      const key = quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
      items.push({ key, kind: kind as ManifestItem['kind'], sha256, size: Number(size) });
      pos += whole.length;
      at += ascii ? whole.length : Buffer.byteLength(whole, 'utf8');
      more = comma === ',';
    }
    if (!more && bytes[at] === CLOSE_BRACKET) {
      // The rest of the manifest, with an empty item list, is small: check it whole.
      const rest = ManifestSchema.safeParse(
        JSON.parse(`${bytes.toString('utf8', 0, start + ITEMS_MARKER.length)}${bytes.toString('utf8', at)}`),
      );
      if (rest.success) {
        const { items: _empty, ...manifest } = rest.data;
        return { manifest, items, streamed: true };
      }
    }
  }
  // Not the form sealRun writes: the ordinary parse, with the same schema (its error names what is wrong).
  const { items: list, ...manifest } = ManifestSchema.parse(JSON.parse(bytes.toString('utf8')));
  const items = new ItemList(runId, list.length);
  for (const item of list) items.push(item);
  return { manifest, items, streamed: false };
}
