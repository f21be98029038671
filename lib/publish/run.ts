/**
 * Reads what publishing needs of a sealed run from a store: the statement, the manifest it signs,
 * and the findings, each checked against the digest that commits to it. Evidence records are not
 * read (a Security Hub finding links to them by the finding's key and SHA-256), but for the
 * resource tags the run sealed (./tags.ts).
 */
import type { CoverageEntry } from '../evidence/coverage.js';
import { describeRun, parseItem, readRunHead, readRunItems, SealedRunReadError } from '../export/load.js';
import type { ShardManifest } from '../seal/shard.js';
import { runTimestampToken } from '../seal/timestamp.js';
import type { readStatement } from '../seal/verify.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import type { SealedFindingRef } from './asff.js';
import { type RunHead, runHeadOf } from './head.js';
import type { RunToPublish } from './securityhub.js';
import { readRunTags } from './tags.js';

/** A run could not be read for publishing; `key` names the object. */
export class PublishRunError extends Error {
  readonly key: string;
  constructor(key: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PublishRunError';
    this.key = key;
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
async function readChainHead(
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

/**
 * Reads a sealed run for publishing, in either format (v2: its findings shard by shard, one pack in
 * memory, its coverage from the shard manifests the walk reads). Throws PublishRunError naming the
 * object that is missing, malformed or does not match the digest that commits to it.
 */
export async function readRunToPublish(store: EvidenceStore, runId: string): Promise<RunToPublish> {
  try {
    const head = await readRunHead(store, runId);
    const findings: SealedFindingRef[] = [];
    const coverage: CoverageEntry[] = [];
    const onShard = (shard: ShardManifest) => coverage.push(...shard.coverage);
    // v1: reads overlap (a run of thousands of findings is not one GET after another), in manifest order.
    for await (const { item, bytes } of readRunItems(store, head, ['finding'], { onShard })) {
      const parsed = parseItem(item, bytes);
      if (parsed.kind === 'finding') findings.push(parsed.finding);
    }
    const { manifest } = head;
    return {
      head: await readChainHead(store, runId, head.statement, head.statementBytes),
      link: {
        runId,
        storeLocation: store.location,
        statementKey: runKeys.statement(runId),
        statementSha256: head.statementSha256,
        merkleRoot: manifest.merkle.root,
        catalogVersion: manifest.catalogVersion,
      },
      startedAt: manifest.startedAt,
      scopes: manifest.scopes,
      coverage: describeRun(head, coverage).coverage,
      findings,
      tags: await readRunTags(store, head, describeRun(head, coverage).coverage),
    };
  } catch (error) {
    if (!(error instanceof SealedRunReadError)) throw error;
    // "<key> of run <run> is missing" says where as the rest of publishing's messages do: in the store's location.
    const message = error.message.replace(`${error.key} of run ${runId} `, `${error.key} in ${store.location} `);
    throw new PublishRunError(error.key, message, { cause: error });
  }
}
