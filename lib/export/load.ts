import { type Finding, FindingSchema } from '../controls/types.js';
import { sha256Hex } from '../evidence/canonical.js';
import { parseEvidence, type SealedEvidence } from '../evidence/record.js';
import type { Manifest, ManifestItem, Statement } from '../seal/manifest.js';
import { readStatement } from '../seal/verify.js';
import { readAhead } from '../store/read-ahead.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import { type ItemList, parseManifest } from './items.js';

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

/** A sealed run read back from a store: what an export needs, each object checked against the manifest. */
export interface SealedRunData {
  readonly runId: string;
  readonly manifest: Manifest;
  readonly statement: Statement;
  /** SHA-256 of the signed statement's payload: the run's identity in the chain. */
  readonly statementSha256: string;
  /** In manifest order (sorted by key). */
  readonly evidence: readonly StoredEvidence[];
  /** In manifest order (sorted by key). */
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

/** A sealed run's signed statement and the manifest it names, both checked; without its objects. */
export interface SealedRunHead {
  readonly runId: string;
  /** The manifest but its item list, which is {@link items}. */
  readonly manifest: Omit<Manifest, 'items'>;
  readonly items: ItemList;
  readonly statement: Statement;
  /** SHA-256 of the signed statement's payload: the run's identity in the chain. */
  readonly statementSha256: string;
  /** The stored bytes of the manifest and of the statement, as the bundle copies them. */
  readonly manifestBytes: Buffer;
  readonly statementBytes: Buffer;
}

/**
 * Reads a run's statement and the manifest it names by digest. Throws {@link SealedRunReadError}
 * naming the object when either is missing, malformed, or not the other's.
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
  let manifest: Omit<Manifest, 'items'>;
  let items: ItemList;
  try {
    ({ manifest, items } = parseManifest(manifestBytes, runId));
  } catch (error) {
    throw new SealedRunReadError(manifestKey, `${manifestKey} is not a valid manifest: ${(error as Error).message}`, { cause: error });
  }
  if (manifest.runId !== runId) {
    throw new SealedRunReadError(manifestKey, `${manifestKey} is the manifest of run ${manifest.runId}, not of ${runId}.`);
  }
  return { runId, manifest, items, statement, statementSha256: sha256Hex(payload), manifestBytes, statementBytes };
}

/** How many store reads {@link readItems} keeps in flight: S3 answers each GET in milliseconds, so reads overlap. */
export const READ_AHEAD = 16;

/**
 * The bytes of `items` of run `runId`, in the order given, each checked against its SHA-256 and
 * size in the manifest as it arrives. Up to {@link READ_AHEAD} reads are in flight, so memory holds
 * at most that many objects whatever the size of the run. A mismatch or a missing object throws
 * {@link SealedRunReadError} naming the key.
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

/** An evidence record or finding read by {@link readItems}, parsed and checked against its schema. */
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
 * Reads a sealed run for export: the statement, the manifest it names by digest, and every evidence
 * record and finding the manifest lists, each checked against its listed SHA-256 and size as it is
 * read. Any mismatch throws {@link SealedRunReadError} naming the object's key. It holds the whole
 * run in memory: the export itself streams (writeBundle), this is for small runs and for tests.
 *
 * It does not check the signature, the Merkle tree, the chain or re-evaluation: that is
 * `verifyStore`'s job, and an exporter should run it first. What it guarantees is that the export
 * describes exactly the objects the run's statement commits to.
 */
export async function loadSealedRun(store: EvidenceStore, runId: string): Promise<SealedRunData> {
  const { manifest, items, statement, statementSha256 } = await readRunHead(store, runId);
  const evidence: StoredEvidence[] = [];
  const findings: SealedFinding[] = [];
  const objects = [...items].filter((i) => i.kind === 'evidence' || i.kind === 'finding');
  for await (const { item, bytes } of readItems(store, runId, objects)) {
    const parsed = parseItem(item, bytes);
    if (parsed.kind === 'evidence') evidence.push(parsed.evidence);
    else findings.push(parsed.finding);
  }
  return { runId, manifest: { ...manifest, items: [...items] }, statement, statementSha256, evidence, findings };
}
