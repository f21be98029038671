/**
 * Reads what publishing needs of a sealed run from a store: the statement, the manifest it signs,
 * and the findings, each checked against the digest that commits to it. Evidence records are not
 * read (a Security Hub finding links to them by the finding's key and SHA-256), but for the
 * resource tags the run sealed (./tags.ts).
 */
import { type Finding, FindingSchema } from '../controls/types.js';
import { sha256Hex } from '../evidence/canonical.js';
import { type Manifest, ManifestSchema } from '../seal/manifest.js';
import { runTimestampToken } from '../seal/timestamp.js';
import { readStatement } from '../seal/verify.js';
import { readAhead } from '../store/read-ahead.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import type { SealedFindingRef } from './asff.js';
import { type RunHead, runHeadOf } from './head.js';
import type { RunToPublish } from './securityhub.js';
import { readRunTags } from './tags.js';

/** Reads of a run's findings kept in flight while publishing. */
const PUBLISH_READ_AHEAD = 16;

/** A run could not be read for publishing; `key` names the object. */
export class PublishRunError extends Error {
  readonly key: string;
  constructor(key: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PublishRunError';
    this.key = key;
  }
}

async function read(store: EvidenceStore, key: string): Promise<Buffer> {
  try {
    return await store.get(key);
  } catch (error) {
    const why = error instanceof ObjectNotFoundError ? 'is missing' : `cannot be read: ${(error as Error).message}`;
    throw new PublishRunError(key, `${key} in ${store.location} ${why}.`, { cause: error });
  }
}

/** The newest run of the store that has its signed statement (an incomplete run claims nothing), or undefined. */
export async function newestSealedRun(store: EvidenceStore): Promise<string | undefined> {
  const runs = await store.listRuns();
  for (let i = runs.length - 1; i >= 0; i--) {
    const runId = runs[i] as string;
    try {
      // One small read per run rather than listing every object of it.
      await store.get(runKeys.statement(runId));
      return runId;
    } catch (error) {
      if (error instanceof ObjectNotFoundError) continue;
      const key = runKeys.statement(runId);
      throw new PublishRunError(key, `${key} in ${store.location} cannot be read: ${(error as Error).message}`, { cause: error });
    }
  }
  return undefined;
}

/** What the chain head finding says of the run: its signed times and version, and its RFC 3161 token when it has one. */
async function readRunHead(
  store: EvidenceStore,
  runId: string,
  statement: ReturnType<typeof readStatement>['statement'],
  envelopeBytes: Buffer,
): Promise<RunHead> {
  let token: Buffer | null;
  try {
    token = await runTimestampToken(store, runId);
  } catch (error) {
    const key = runKeys.timestamp(runId);
    throw new PublishRunError(key, `${key} in ${store.location} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return runHeadOf(statement, envelopeBytes, token);
}

/** Reads a sealed run for publishing. Throws PublishRunError naming the object that is missing or does not match. */
export async function readRunToPublish(store: EvidenceStore, runId: string): Promise<RunToPublish> {
  const statementKey = runKeys.statement(runId);
  let parsed: ReturnType<typeof readStatement>;
  let envelopeBytes: Buffer;
  try {
    envelopeBytes = await read(store, statementKey);
    parsed = readStatement(envelopeBytes, statementKey);
  } catch (error) {
    if (error instanceof PublishRunError) throw error;
    throw new PublishRunError(statementKey, (error as Error).message, { cause: error });
  }
  const { statement, payload } = parsed;
  if (statement.predicate.runId !== runId) {
    throw new PublishRunError(statementKey, `${statementKey} is the statement of run ${statement.predicate.runId}, not of ${runId}.`);
  }
  const manifestKey = runKeys.manifest(runId);
  const manifestBytes = await read(store, manifestKey);
  const subject = statement.subject[0];
  if (subject?.name !== manifestKey || sha256Hex(manifestBytes) !== subject.digest.sha256) {
    throw new PublishRunError(manifestKey, `${manifestKey} does not match the SHA-256 in the signed statement: it was altered.`);
  }
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  } catch (error) {
    throw new PublishRunError(manifestKey, `${manifestKey} is not a valid manifest: ${(error as Error).message}`, { cause: error });
  }
  const findings: SealedFindingRef[] = [];
  // Reads overlap (a run of thousands of findings is not one GET after another); taken in manifest order.
  const findingItems = manifest.items.filter((item) => item.kind === 'finding');
  for await (const { item, bytes, error } of readAhead(findingItems, (i) => read(store, i.key), PUBLISH_READ_AHEAD)) {
    if (bytes === undefined) throw error;
    if (bytes.length !== item.size || sha256Hex(bytes) !== item.sha256) {
      throw new PublishRunError(item.key, `${item.key} does not match its SHA-256 in the manifest of run ${runId}: it was altered.`);
    }
    let finding: Finding;
    try {
      finding = FindingSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch (error) {
      throw new PublishRunError(item.key, `${item.key} is not a valid finding: ${(error as Error).message}`, { cause: error });
    }
    findings.push({ finding, key: item.key, sha256: item.sha256 });
  }
  return {
    head: await readRunHead(store, runId, statement, envelopeBytes),
    link: {
      runId,
      storeLocation: store.location,
      statementKey,
      statementSha256: sha256Hex(payload),
      merkleRoot: manifest.merkle.root,
      catalogVersion: manifest.catalogVersion,
    },
    startedAt: manifest.startedAt,
    scopes: manifest.scopes,
    coverage: manifest.coverage,
    findings,
    tags: await readRunTags(store, runId, (key, message, cause) => new PublishRunError(key, message, { cause })),
  };
}
