import { type Finding, FindingSchema } from '../controls/types.js';
import { sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import { parseEvidence, type SealedEvidence } from '../evidence/record.js';
import type { Manifest, ManifestItem, Statement } from '../seal/manifest.js';
import { PACK_KINDS, type PackEntry, parseShardItemKey, type ShardedManifest, type ShardManifest, shardKeys } from '../seal/shard.js';
import { parseShardedManifest, readPack, readShardManifest, runFormatOf, ShardReadError } from '../seal/shard-read.js';
import { readStatement } from '../seal/verify.js';
import { readAhead } from '../store/read-ahead.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import { type ItemList, parseManifest } from './items.js';

/** The format of a stored run: 1, one object per item; 2, sharded (lib/seal/shard.ts). */
export type RunFormat = 1 | 2;

/** A stored finding with the key and SHA-256 it is sealed under. */
export interface SealedFinding {
  readonly finding: Finding;
  readonly key: string;
  readonly sha256: string;
}

/** A stored evidence record with the key it is sealed under. */
export interface StoredEvidence extends SealedEvidence {
  readonly key: string;
}

/**
 * What the report, OSCAL, CSV, the diff and publishing say of a run from its manifest, in either
 * format: a v1 manifest's fields but its item list. A v2 manifest has no coverage (its shards'
 * manifests have it): {@link readRunCoverage} gathers it, {@link describeRun} puts the two together.
 */
export type RunDescription = Omit<Manifest, 'items' | 'schemaVersion'> & { readonly schemaVersion: RunFormat };

/** A sealed run read back from a store: what an export needs, each object checked against the manifest. */
export interface SealedRunData {
  readonly runId: string;
  readonly format: RunFormat;
  /**
   * The run as a v1 manifest describes it. For a v2 run: its coverage gathered from its shards, and
   * its items as they are named (shardKeys.item: they live in packs), the public key among them.
   */
  readonly manifest: RunDescription & { readonly items: readonly ManifestItem[] };
  /** The run manifest of a v2 run as stored; undefined for v1. */
  readonly sharded: ShardedManifest | undefined;
  readonly statement: Statement;
  /** SHA-256 of the signed statement's payload: the run's identity in the chain. */
  readonly statementSha256: string;
  /** Sorted by key (v1: the manifest's order; v2: shard by shard, each shard's by SHA-256). */
  readonly evidence: readonly StoredEvidence[];
  /** Sorted by key, as {@link evidence}. */
  readonly findings: readonly SealedFinding[];
}

export class SealedRunReadError extends Error {
  /** The object key the problem is about. */
  readonly key: string;
  constructor(key: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SealedRunReadError';
    this.key = key;
  }
}

async function read(store: EvidenceStore, key: string, runId: string): Promise<Buffer> {
  try {
    return await store.get(key);
  } catch (error) {
    const why = error instanceof ObjectNotFoundError ? 'is missing from the store' : `cannot be read: ${(error as Error).message}`;
    throw new SealedRunReadError(key, `${key} of run ${runId} ${why}.`, { cause: error });
  }
}

/** A problem of a sharded run's object as a {@link SealedRunReadError} naming the same key; anything else as it is. */
function asReadError(error: unknown): unknown {
  return error instanceof ShardReadError ? new SealedRunReadError(error.key, error.message, { cause: error }) : error;
}

/** `promise`, its ShardReadError as a SealedRunReadError. */
async function asReadErrors<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw asReadError(error);
  }
}

/** What a head says in either format. */
interface RunHeadCommon {
  readonly runId: string;
  readonly statement: Statement;
  /** SHA-256 of the signed statement's payload: the run's identity in the chain. */
  readonly statementSha256: string;
  /** The stored bytes of the manifest and of the statement, as the bundle copies them. */
  readonly manifestBytes: Buffer;
  readonly statementBytes: Buffer;
}

/** The head of a v1 run: its manifest and the compact list of its items (about 41 bytes per object). */
export interface SealedRunHeadV1 extends RunHeadCommon {
  readonly format: 1;
  /** The manifest but its item list, which is {@link items}. */
  readonly manifest: Omit<Manifest, 'items'>;
  readonly items: ItemList;
}

/**
 * The head of a v2 run: its run manifest, which lists shards, not items (a few hundred bytes per
 * shard). The items are read shard by shard ({@link readRunItems}); the coverage is in the shards.
 */
export interface SealedRunHeadV2 extends RunHeadCommon {
  readonly format: 2;
  readonly manifest: ShardedManifest;
}

/**
 * A sealed run's signed statement and the manifest it names, both checked; without its objects.
 * `head.manifest` has the fields both formats share (runId, times, versions, controls, scopes,
 * merkle, previous, signer); what differs is read through the functions below, which take either.
 */
export type SealedRunHead = SealedRunHeadV1 | SealedRunHeadV2;

/**
 * Reads a run's statement and the manifest it names by digest, in either format. Throws
 * {@link SealedRunReadError} naming the object when either is missing, malformed, or not the other's.
 */
export async function readRunHead(store: EvidenceStore, runId: string): Promise<SealedRunHead> {
  const statementKey = runKeys.statement(runId);
  const statementBytes = await read(store, statementKey, runId);
  let parsed: ReturnType<typeof readStatement>;
  try {
    parsed = readStatement(statementBytes, statementKey);
  } catch (error) {
    throw new SealedRunReadError(statementKey, (error as Error).message, { cause: error });
  }
  const { statement, payload } = parsed;
  if (statement.predicate.runId !== runId) {
    throw new SealedRunReadError(statementKey, `${statementKey} is the statement of run ${statement.predicate.runId}, not of ${runId}.`);
  }

  const manifestKey = runKeys.manifest(runId);
  const manifestBytes = await read(store, manifestKey, runId);
  const subject = statement.subject[0];
  if (subject?.name !== manifestKey || sha256Hex(manifestBytes) !== subject.digest.sha256) {
    throw new SealedRunReadError(manifestKey, `${manifestKey} does not match the SHA-256 in the signed statement: it was altered.`);
  }
  const common = { runId, statement, statementSha256: sha256Hex(payload), manifestBytes, statementBytes };
  const format = runFormatOf(manifestBytes);
  const wrongRun = (other: string) =>
    new SealedRunReadError(manifestKey, `${manifestKey} is the manifest of run ${other}, not of ${runId}.`);
  if (format === 2) {
    let manifest: ShardedManifest;
    try {
      manifest = parseShardedManifest(manifestBytes, manifestKey);
    } catch (error) {
      throw asReadError(error);
    }
    if (manifest.runId !== runId) throw wrongRun(manifest.runId);
    return { ...common, format: 2, manifest };
  }
  if (format !== 1 && format !== undefined) {
    throw new SealedRunReadError(manifestKey, `${manifestKey} is a manifest of schema version ${format}, which this tool does not read.`);
  }
  let manifest: Omit<Manifest, 'items'>;
  let items: ItemList;
  try {
    ({ manifest, items } = parseManifest(manifestBytes, runId));
  } catch (error) {
    throw new SealedRunReadError(manifestKey, `${manifestKey} is not a valid manifest: ${(error as Error).message}`, { cause: error });
  }
  if (manifest.runId !== runId) throw wrongRun(manifest.runId);
  return { ...common, format: 1, manifest, items };
}

/** How many store reads {@link readItems} keeps in flight: S3 answers each GET in milliseconds, so reads overlap. */
export const READ_AHEAD = 16;

/**
 * The bytes of `items` of a v1 run `runId`, in the order given, each checked against its SHA-256
 * and size in the manifest as it arrives. Up to {@link READ_AHEAD} reads are in flight, so memory
 * holds at most that many objects whatever the size of the run. A mismatch or a missing object
 * throws {@link SealedRunReadError} naming the key. {@link readRunItems} reads either format.
 */
export async function* readItems(
  store: EvidenceStore,
  runId: string,
  items: Iterable<ManifestItem>,
  inFlight = READ_AHEAD,
): AsyncGenerator<{ item: ManifestItem; bytes: Buffer }> {
  for await (const { item, bytes, error } of readAhead(items, (i) => read(store, i.key, runId), inFlight)) {
    if (bytes === undefined) throw error;
    if (bytes.length !== item.size || sha256Hex(bytes) !== item.sha256) {
      throw new SealedRunReadError(item.key, `${item.key} does not match its SHA-256 in the manifest of run ${runId}: it was altered.`);
    }
    yield { item, bytes };
  }
}

/** The key of the evidence record of a SHA-256 that a finding may cite, or undefined when there is none. */
export type EvidenceLookup = (sha256: string) => string | undefined;

/** One object of a run read by {@link readRunItems}. */
export interface RunItem {
  readonly item: ManifestItem;
  /** Checked against the digest that commits to them. */
  readonly bytes: Buffer;
  /** v2: the (checked) manifest of the item's shard, which holds the shard's coverage; v1: undefined. */
  readonly shard: ShardManifest | undefined;
  /**
   * Where what a finding read here cites is: v1, any evidence record of the run; v2, the evidence of
   * the item's own shard (a finding is judged on its shard's evidence only). Valid while the walk
   * is at this item's shard: keep the function, not the shard's index, past it.
   */
  readonly evidenceKey: EvidenceLookup;
}

/** Every kind of object a run's items may be; {@link readRunItems} reads evidence and findings unless told. */
export type ItemKind = ManifestItem['kind'];

/**
 * The lookup of a shard's evidence by SHA-256: a binary search over its index, which is sorted by
 * SHA-256 (checked here once, in one pass; packItems checks it again as the pack is read).
 */
export function shardEvidenceLookup(shard: ShardManifest): EvidenceLookup {
  const entries = shard.index.evidence;
  for (let i = 1; i < entries.length; i++) {
    if ((entries[i] as PackEntry)[0] <= (entries[i - 1] as PackEntry)[0]) {
      const key = shardKeys.manifest(shard.runId, shard.shardId);
      throw new SealedRunReadError(key, `${key}: its evidence index is not in SHA-256 order.`);
    }
  }
  return (sha256) => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = (entries[mid] as PackEntry)[0];
      if (at === sha256) return shardKeys.item(shard.runId, shard.shardId, 'evidence', sha256);
      if (at < sha256) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  };
}

/** The public key item of a v2 run (v1 lists it among its items). */
function publicKeyItem(manifest: ShardedManifest): ManifestItem {
  return { kind: 'public-key', ...manifest.publicKey };
}

/** What else {@link readRunItems} tells as it walks. */
export interface ReadRunItemsOptions {
  /**
   * Called with each shard manifest of a v2 run, checked, before the shard's items (also for a
   * shard with none of the kinds asked for): where a walk gathers the run's coverage for nothing.
   */
  onShard?: (shard: ShardManifest) => void;
}

/**
 * The objects of a run of the given kinds with their bytes, each checked as it arrives, in either
 * format, in key order:
 * - v1: in manifest order, {@link READ_AHEAD} reads in flight ({@link readItems});
 * - v2: shard by shard (evidence, then findings; each by SHA-256), each shard manifest checked
 *   against the run manifest and each pack against its shard manifest; one pack in memory at a
 *   time. The public key (asked for with 'public-key') comes first, as in v1's key order.
 * A missing, altered or malformed object throws {@link SealedRunReadError} naming its key.
 */
export async function* readRunItems(
  store: EvidenceStore,
  head: SealedRunHead,
  kinds: readonly ItemKind[] = ['evidence', 'finding'],
  options: ReadRunItemsOptions = {},
): AsyncGenerator<RunItem> {
  if (head.format === 1) {
    const { items } = head;
    const wanted = (function* () {
      for (const i of items) if (kinds.includes(i.kind)) yield i;
    })();
    const evidenceKey: EvidenceLookup = (sha256) => items.evidenceKey(sha256);
    for await (const read of readItems(store, head.runId, wanted)) yield { ...read, shard: undefined, evidenceKey };
    return;
  }
  const { manifest } = head;
  if (kinds.includes('public-key')) {
    for await (const read of readItems(store, head.runId, [publicKeyItem(manifest)])) {
      yield { ...read, shard: undefined, evidenceKey: () => undefined };
    }
  }
  const packs = PACK_KINDS.filter((k) => kinds.includes(k));
  for (const summary of manifest.shards) {
    const shard = await asReadErrors(readShardManifest(store, head.runId, summary));
    options.onShard?.(shard);
    if (packs.length === 0) continue;
    const evidenceKey = shardEvidenceLookup(shard);
    for (const kind of packs) {
      const pack = readPack(store, shard, kind);
      while (true) {
        const next = await asReadErrors(pack.next());
        if (next.done) break;
        yield { ...next.value, shard, evidenceKey };
      }
    }
  }
}

/**
 * How many objects {@link readRunItems} yields for `kinds`, from the head alone (v2: the counts the
 * run manifest gives for each shard, which reading a shard checks).
 */
export function runItemCount(head: SealedRunHead, kinds: readonly ItemKind[] = ['evidence', 'finding', 'public-key']): number {
  if (head.format === 1) {
    let n = 0;
    for (const kind of kinds) for (const _ of head.items.ofKind(kind)) n++;
    return n;
  }
  let n = kinds.includes('public-key') ? 1 : 0;
  for (const s of head.manifest.shards) {
    if (kinds.includes('evidence')) n += s.evidence;
    if (kinds.includes('finding')) n += s.findings;
  }
  return n;
}

/**
 * The coverage of a run: v1, its manifest's (no read); v2, gathered from its shard manifests, in
 * shard order, each read and checked against the run manifest. That costs one GET per shard and
 * reads each shard manifest whole (its item index is about 90 bytes per item), one at a time; what
 * is kept is the coverage alone (one entry per collector and scope). A walk that reads the items
 * anyway gathers it for nothing with {@link ReadRunItemsOptions.onShard}.
 */
export async function readRunCoverage(store: EvidenceStore, head: SealedRunHead): Promise<CoverageEntry[]> {
  if (head.format === 1) return head.manifest.coverage;
  const coverage: CoverageEntry[] = [];
  for (const summary of head.manifest.shards)
    coverage.push(...(await asReadErrors(readShardManifest(store, head.runId, summary))).coverage);
  return coverage;
}

/** A run's head and coverage as a {@link RunDescription}: a v1 run's is its manifest (whose coverage it has), a v2 run's takes `coverage`. */
export function describeRun(head: SealedRunHead, coverage: readonly CoverageEntry[]): RunDescription {
  if (head.format === 1) return head.manifest;
  const m = head.manifest;
  return {
    schemaVersion: 2,
    runId: m.runId,
    startedAt: m.startedAt,
    finishedAt: m.finishedAt,
    toolVersion: m.toolVersion,
    catalogVersion: m.catalogVersion,
    controls: m.controls,
    scopes: m.scopes,
    coverage: [...coverage],
    merkle: m.merkle,
    previous: m.previous,
    signer: m.signer,
  };
}

/** {@link describeRun} of a run, its coverage read by {@link readRunCoverage}. */
export async function readRunDescription(store: EvidenceStore, head: SealedRunHead): Promise<RunDescription> {
  return describeRun(head, await readRunCoverage(store, head));
}

/**
 * An evidence record or finding read by {@link readItems} or {@link readRunItems}, parsed and checked
 * against its schema. Either format: it goes by the item's kind, and names the item by its key.
 */
export function parseItem(
  item: ManifestItem,
  bytes: Buffer,
): { kind: 'evidence'; evidence: StoredEvidence } | { kind: 'finding'; finding: SealedFinding } {
  const text = bytes.toString('utf8');
  try {
    if (item.kind === 'evidence') {
      return { kind: 'evidence', evidence: { key: item.key, sha256: item.sha256, bytes: text, record: parseEvidence(text, item.key) } };
    }
    if (item.kind === 'finding') {
      return { kind: 'finding', finding: { key: item.key, sha256: item.sha256, finding: FindingSchema.parse(JSON.parse(text)) } };
    }
  } catch (error) {
    throw new SealedRunReadError(item.key, `${item.key} is not a valid ${item.kind}: ${(error as Error).message}`, { cause: error });
  }
  throw new SealedRunReadError(item.key, `${item.key} is a ${item.kind}, not an evidence record or a finding.`);
}

/**
 * Where the findings of a run held in memory find what they cite: for each finding, the lookup of
 * the evidence it may cite (v1: any record of the run; v2: a record of the finding's own shard).
 */
export function citableEvidence(run: Pick<SealedRunData, 'format' | 'evidence'>): (finding: SealedFinding) => EvidenceLookup {
  if (run.format === 1) {
    const keys = new Map(run.evidence.map((e) => [e.sha256, e.key]));
    const lookup: EvidenceLookup = (sha256) => keys.get(sha256);
    return () => lookup;
  }
  const keys = new Set(run.evidence.map((e) => e.key));
  return (finding) => {
    const at = parseShardItemKey(finding.key);
    if (at === undefined) return () => undefined;
    return (sha256) => {
      const key = shardKeys.item(at.runId, at.shardId, 'evidence', sha256);
      return keys.has(key) ? key : undefined;
    };
  };
}

/**
 * Reads a sealed run for export, in either format: the statement, the manifest it names by digest,
 * and every evidence record and finding of the run, each checked against the digest that commits
 * to it as it is read (v2: its shard manifest against the run manifest, its pack against the shard
 * manifest, the item against the pack's index). Any mismatch throws {@link SealedRunReadError}
 * naming the object's key. It holds the whole run in memory: the export itself streams
 * (writeBundle), this is for small runs and for tests.
 *
 * It does not check the signature, the Merkle trees, the chain or re-evaluation: that is
 * `verifyStore`'s job, and an exporter should run it first. What it guarantees is that the export
 * describes exactly the objects the run's statement commits to.
 */
export async function loadSealedRun(store: EvidenceStore, runId: string): Promise<SealedRunData> {
  const head = await readRunHead(store, runId);
  const { statement, statementSha256 } = head;
  const evidence: StoredEvidence[] = [];
  const findings: SealedFinding[] = [];
  const coverage: CoverageEntry[] = [];
  const items: ManifestItem[] = head.format === 1 ? [...head.items] : [publicKeyItem(head.manifest)];
  const onShard = (shard: ShardManifest) => coverage.push(...shard.coverage);
  for await (const { item, bytes } of readRunItems(store, head, ['evidence', 'finding'], { onShard })) {
    if (head.format === 2) items.push(item);
    const parsed = parseItem(item, bytes);
    if (parsed.kind === 'evidence') evidence.push(parsed.evidence);
    else findings.push(parsed.finding);
  }
  const manifest = { ...describeRun(head, coverage), items };
  const sharded = head.format === 2 ? head.manifest : undefined;
  return { runId, format: head.format, manifest, sharded, statement, statementSha256, evidence, findings };
}
