import type { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { mapWithConcurrency } from '../lib/collectors/concurrency.js';
import { COLLECTOR_MANIFEST } from '../lib/collectors/manifest.js';
import type { CollectorMetadata } from '../lib/collectors/types.js';
import { catalog as defaultCatalog } from '../lib/controls/index.js';
import type { Control, Finding } from '../lib/controls/types.js';
import type { CoverageEntry, Scope } from '../lib/evidence/coverage.js';
import type { EvidenceRecord } from '../lib/evidence/record.js';
import {
  type AccountShardResult,
  failedAccountShard,
  sealAccountShard,
  statusCounts,
  storedShardSummary,
} from '../lib/pipeline/account-shard.js';
import { readBucketAttestations } from '../lib/pipeline/attestations.js';
import { chainTo, sealRunOverShards } from '../lib/pipeline/seal-run.js';
import { evaluateShard, storeShard } from '../lib/pipeline/shard-step.js';
import { accessDenied, deniedError } from '../lib/pipeline/staged-targets.js';
import {
  type AccountTargets,
  accountsKey,
  accountsOf,
  getAccounts,
  getStagedBytes,
  getTargets,
  listStagedKeys,
  parseShardSummary,
  type StagedShardSummary,
  StagingError,
  shardSummariesPrefix,
  shardSummaryKey,
  targetsKey,
} from '../lib/pipeline/staging.js';
import { kmsSigner } from '../lib/seal/kms-signer.js';
import { RUN_SHARD_ID, shardKeys } from '../lib/seal/shard.js';
import { parseShardedManifest, runFormatOf } from '../lib/seal/shard-read.js';
import { sigstoreBundle } from '../lib/seal/sigstore.js';
import type { TimestampOptions } from '../lib/seal/timestamp.js';
import { S3ObjectLockStore } from '../lib/store/s3.js';
import { type EvidenceStore, runKeys } from '../lib/store/types.js';
import { ConfigurationError, type Env, readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { InvalidEventError, lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';
import { RUN_ID, STARTED_AT } from './shared/schemas.js';

// The run seal: after list-targets, the collect Map and the shard Map (functions/seal-shard.ts),
// it seals the run over its shards' summaries (lib/seal/shard.ts, the sharded format v2). It
// keeps the name evaluate-and-seal: it still evaluates what no shard step did (an account whose
// step did not finish, sealed FAILED) and seals the run.

const POINTER = z.strictObject({ key: z.string().min(1), count: z.number().int().min(1, 'a run needs at least one target') });

export const EvaluateAndSealEventSchema = z.strictObject({
  runId: RUN_ID,
  startedAt: STARTED_AT,
  /** list-targets' pointer to the run's targets (ListTargetsResult.targets). */
  targets: POINTER,
  /** list-targets' pointer to the run's accounts, one shard each (ListTargetsResult.accounts). */
  accounts: POINTER,
});
export type EvaluateAndSealEvent = z.infer<typeof EvaluateAndSealEventSchema>;

/** Parses the event; the targets and accounts keys must be the run's own. */
export function parseEvaluateAndSealEvent(event: unknown): EvaluateAndSealEvent {
  const name = 'evaluate-and-seal';
  const parsed = parseEvent(name, EvaluateAndSealEventSchema, event);
  for (const [field, expected] of [
    ['targets', targetsKey(parsed.runId)],
    ['accounts', accountsKey(parsed.runId)],
  ] as const) {
    if (parsed[field].key !== expected) {
      throw new InvalidEventError(`The ${name} event is invalid: ${field}.key is ${parsed[field].key}, not ${expected}.`);
    }
  }
  return parsed;
}

/** What evaluate-and-seal returns to the state machine: totals, the same size whatever the run's size. */
const COUNT = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const EvaluateAndSealResultSchema = z.strictObject({
  runId: RUN_ID,
  statementKey: z.string().max(1100),
  findings: z.strictObject({ total: COUNT, PASS: COUNT, FAIL: COUNT, NOT_APPLICABLE: COUNT, INSUFFICIENT_EVIDENCE: COUNT }),
  evidence: COUNT,
  coverageGaps: COUNT,
  shards: COUNT,
});

export interface EvaluateAndSealResult {
  runId: string;
  /** The bucket key of the signed statement, the run's commit point. */
  statementKey: string;
  findings: { total: number } & Record<Finding['status'], number>;
  /** How many evidence records the run holds. */
  evidence: number;
  /** How many coverage entries are not COMPLETE (their controls are INSUFFICIENT_EVIDENCE, or, for seal.timestamp, the run has no token). */
  coverageGaps: number;
  /** How many shards the run holds: one per account, and the run shard when attestations are sealed. */
  shards: number;
  /** The run's RFC 3161 token, when TSA_URLS is set and a TSA gave one; null otherwise. */
  timestamp?: { genTime: string; tsaName: string; url: string; sha256: string } | null;
}

export interface EvaluateAndSealDeps {
  clients: Pick<AwsClients, 's3' | 'kms'>;
  collectors: readonly CollectorMetadata[];
  catalog: readonly Control[];
  now: () => Date;
}

function summary(runId: string, store: S3ObjectLockStore, shards: readonly StagedShardSummary[], timestampGaps: number) {
  const counts = { total: 0, PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 };
  let evidence = 0;
  let coverageGaps = timestampGaps;
  for (const s of shards) {
    for (const status of ['PASS', 'FAIL', 'NOT_APPLICABLE', 'INSUFFICIENT_EVIDENCE'] as const) counts[status] += s.statuses[status];
    counts.total += s.shard.findings;
    evidence += s.shard.evidence;
    coverageGaps += s.shard.coverageGaps;
  }
  return {
    runId,
    statementKey: `${store.prefix}${runKeys.statement(runId)}`,
    findings: counts,
    evidence,
    coverageGaps,
    shards: shards.length,
  };
}

/**
 * The staged summary of every account that has one: one listing of `staging/<run>/shards/`, then
 * one small GET each. A summary that cannot be used counts as none (the account is then re-used
 * from the store or sealed FAILED): fail closed.
 */
async function stagedSummaries(s3: S3Client, bucket: string, runId: string, accounts: readonly AccountTargets[]) {
  const keys = await listStagedKeys(s3, bucket, runId, shardSummariesPrefix(runId));
  const found = new Map<string, StagedShardSummary>();
  await mapWithConcurrency(accounts, 16, async ({ accountId }) => {
    const key = shardSummaryKey(runId, accountId);
    if (!keys.has(key)) return;
    const where = `s3://${bucket}/${key}`;
    try {
      found.set(accountId, parseShardSummary(await getStagedBytes(s3, bucket, key), { runId, accountId }, where));
    } catch (error) {
      if (accessDenied(error)) throw deniedError(where, 'evaluate-and-seal', error);
      logger.warn('A staged shard summary cannot be used: the shard is taken from the store or sealed FAILED.', {
        where,
        error: (error as Error).message,
      });
    }
  });
  return found;
}

/**
 * Reads the run's targets, accounts and the summary each shard step staged, completes what is
 * missing (an account without a summary: its stored shard re-used, or its shard sealed here,
 * FAILED when its step stored nothing of it: never dropped from the run), seals the `run` shard
 * (attestations and the trust list), then seals the run over the shards' summaries with the KMS
 * key, chained to the previous run. It reads no shard's items: its memory grows with the number of
 * accounts. Retried after its statement was stored, it returns that run unchanged; retried after it
 * stopped before the statement, it completes the run with what it already stored.
 */
export async function evaluateAndSeal(event: EvaluateAndSealEvent, deps: EvaluateAndSealDeps): Promise<EvaluateAndSealResult> {
  const env = readEnv([
    'EVIDENCE_BUCKET',
    'EVIDENCE_PREFIX',
    'RETENTION_DAYS',
    'STAGING_BUCKET',
    'SIGNING_KEY_ID',
    'ATTESTATIONS_BUCKET',
    'TSA_URLS',
    'TSA_CA_PEM',
    'TSA_TIMEOUT_MS',
  ]);
  const timestamp = timestampOptions(env);
  const s3 = deps.clients.s3();
  const kms = deps.clients.kms();
  const { runId, startedAt } = event;
  try {
    const store = new S3ObjectLockStore({
      client: s3,
      bucket: env.EVIDENCE_BUCKET,
      prefix: env.EVIDENCE_PREFIX,
      retentionDays: env.RETENTION_DAYS,
    });
    const { targets, accounts } = await readRunLists(s3, env.STAGING_BUCKET, event);
    const present = new Set(await store.list(runKeys.prefix(runId)));
    const staged = await stagedSummaries(s3, env.STAGING_BUCKET, runId, accounts);
    const sealedAlready = present.has(runKeys.statement(runId));
    const finishedAt = sealedAlready ? undefined : await earlierFinish(store, runId, present);
    const previous = sealedAlready ? null : await chainTo(store, runId, startedAt);

    // Every account of the run has its shard: the one its step sealed, else completed here.
    const shards: StagedShardSummary[] = [];
    const completed = { reused: 0, sealed: 0, failed: 0 };
    const runAccounts = accounts.map((a) => a.accountId);
    await mapWithConcurrency(accounts, 4, async (account) => {
      const found = staged.get(account.accountId);
      if (found !== undefined) {
        shards.push(found);
        return;
      }
      const done = await completeShard(store, s3, env.STAGING_BUCKET, event, account, runAccounts, present, deps);
      completed[done.how]++;
      shards.push(done.summary);
    });
    if (completed.reused + completed.sealed + completed.failed > 0) {
      logger.warn('Some accounts had no shard summary: their shards were completed by the run seal.', { runId, ...completed });
    }
    const runShard = await sealRunShard(store, s3, env.ATTESTATIONS_BUCKET, event, targets, present, deps.catalog);
    if (runShard !== undefined) shards.push(runShard);
    shards.sort((a, b) => (a.shard.shardId < b.shard.shardId ? -1 : a.shard.shardId > b.shard.shardId ? 1 : 0));

    if (sealedAlready) {
      // Stopped between the statement and its Sigstore bundle: the bundle is made from the stored envelope.
      if (!present.has(runKeys.sigstoreBundle(runId))) {
        await store.put(runKeys.sigstoreBundle(runId), sigstoreBundle(await store.get(runKeys.statement(runId))));
      }
      logger.info('The run is already sealed: nothing written.', { runId });
      return summary(runId, store, shards, 0);
    }
    if (finishedAt !== undefined) logger.info('Completing a run an earlier invocation left without its statement.', { runId });

    const signer = await kmsSigner({ client: kms, keyId: env.SIGNING_KEY_ID });
    const sealed = await sealRunOverShards({
      store,
      signer,
      runId,
      startedAt,
      finishedAt: finishedAt ?? deps.now().toISOString(),
      scopes: targets,
      shards: shards.map((s) => s.shard),
      previous,
      catalog: deps.catalog,
      ...(timestamp === undefined ? {} : { timestamp }),
    });
    const result: EvaluateAndSealResult = {
      ...summary(runId, store, shards, sealed.timestampGap === undefined ? 0 : 1),
      ...(timestamp === undefined
        ? {}
        : {
            timestamp:
              sealed.timestamp === undefined
                ? null
                : {
                    genTime: sealed.timestamp.genTime.toISOString(),
                    tsaName: sealed.timestamp.tsaName,
                    url: sealed.timestamp.url,
                    sha256: sealed.timestamp.sha256,
                  },
          }),
    };
    if (sealed.timestampGap !== undefined)
      logger.warn('No TSA gave a timestamp token: the run is sealed without one.', { runId, errors: sealed.timestampGap.errors });
    metrics.addMetric('Findings', 'Count', result.findings.total);
    metrics.addMetric('FailedFindings', 'Count', result.findings.FAIL);
    metrics.addMetric('InsufficientEvidenceFindings', 'Count', result.findings.INSUFFICIENT_EVIDENCE);
    metrics.addMetric('CoverageGaps', 'Count', result.coverageGaps);
    metrics.addMetric('ShardsCompletedBySeal', 'Count', completed.reused + completed.sealed + completed.failed);
    const byKind = { collected: 0, failed: 0, missing: 0 };
    for (const s of shards) for (const kind of ['collected', 'failed', 'missing'] as const) byKind[kind] += s.targets[kind];
    metrics.addMetric('TargetsFailed', 'Count', byKind.failed + byKind.missing);
    logger.info('Run sealed.', { ...result, targets: byKind, completed, written: sealed.stored.written, existing: sealed.stored.existing });
    return result;
  } finally {
    s3.destroy();
    kms.destroy();
  }
}

/**
 * The shard of an account whose step left no summary. Its shard manifest is stored (the step
 * stopped after its commit point): re-used as it is. Some of its packs but no manifest: the step
 * is pure over the staged objects, so it is run here to write the same bytes and complete it.
 * Nothing stored: the account is sealed FAILED for every target.
 */
async function completeShard(
  store: EvidenceStore,
  s3: S3Client,
  bucket: string,
  event: EvaluateAndSealEvent,
  account: AccountTargets,
  runAccounts: readonly string[],
  present: ReadonlySet<string>,
  deps: EvaluateAndSealDeps,
): Promise<{ how: 'reused' | 'sealed' | 'failed'; summary: StagedShardSummary }> {
  const { runId } = event;
  const { accountId } = account;
  if (present.has(shardKeys.manifest(runId, accountId)))
    return { how: 'reused', summary: await storedShardSummary(store, runId, accountId) };
  const input = {
    store,
    runId,
    startedAt: event.startedAt,
    accountId,
    scopes: account.regions.map((region) => ({ accountId, region })),
    runAccounts,
    collectors: deps.collectors,
    catalog: deps.catalog,
  };
  const prefix = shardKeys.shardPrefix(runId, accountId);
  let done: AccountShardResult;
  if ([...present].some((key) => key.startsWith(prefix))) {
    done = await sealAccountShard(input, { s3, bucket, runId, functionName: 'evaluate-and-seal' });
    return { how: 'sealed', summary: done.summary };
  }
  done = await failedAccountShard(
    input,
    `no summary at s3://${bucket}/${shardSummaryKey(runId, accountId)} and nothing of it in the store`,
  );
  return { how: 'failed', summary: done.summary };
}

/**
 * The `run` shard: the attestations and trust list of the attestations bucket, sealed by the run
 * seal itself. Retried, the one already stored is re-used (the bucket may have changed since).
 * None without ATTESTATIONS_BUCKET (a deployment made before it existed), as before.
 */
async function sealRunShard(
  store: EvidenceStore,
  s3: S3Client,
  bucket: string | undefined,
  event: EvaluateAndSealEvent,
  targets: readonly Scope[],
  present: ReadonlySet<string>,
  catalog: readonly Control[],
): Promise<StagedShardSummary | undefined> {
  const { runId } = event;
  if (present.has(shardKeys.manifest(runId, RUN_SHARD_ID))) return storedShardSummary(store, runId, RUN_SHARD_ID);
  const attestations = await readAttestationsOfRun(s3, bucket, event, targets);
  if (attestations.records.length === 0 && attestations.coverage.length === 0) return undefined;
  const step = evaluateShard({
    runId,
    startedAt: event.startedAt,
    shard: { shardId: RUN_SHARD_ID, scopes: [], records: attestations.records, coverage: attestations.coverage },
    accounts: [],
    catalog,
  });
  await storeShard(store, step.sealed);
  return {
    schemaVersion: 1,
    runId,
    shard: step.sealed.summary,
    statuses: statusCounts(step.findings),
    targets: { collected: 0, failed: 0, missing: 0 },
  };
}

/**
 * The attestations and trust list of the attestations bucket, as the run seals them, with their
 * coverage. Without ATTESTATIONS_BUCKET (a deployment made before it existed) none: the run seals no
 * trust list and no attestation, as before. A bad file or an unreadable prefix is logged and
 * recorded in the coverage; it never stops the run.
 */
async function readAttestationsOfRun(
  s3: S3Client,
  bucket: string | undefined,
  event: EvaluateAndSealEvent,
  targets: readonly Scope[],
): Promise<{ records: EvidenceRecord[]; coverage: CoverageEntry[] }> {
  if (bucket === undefined) {
    logger.info(
      'No attestation source is configured (ATTESTATIONS_BUCKET is not set): the run seals no attestation and no trust list, so every manual requirement stays ATTESTATION_REQUIRED.',
    );
    return { records: [], coverage: [] };
  }
  // The trust list carries the account the run is made from: its first scope, as the CLI does.
  const accountId = targets[0]?.accountId ?? '';
  const read = await readBucketAttestations({ client: s3, bucket, accountId, collectedAt: new Date(event.startedAt) });
  const problems = read.coverage.filter((c) => c.status !== 'COMPLETE');
  for (const entry of problems) {
    logger.warn('Attestation files could not be used: they are recorded in the coverage and count for nothing.', {
      collector: entry.collector,
      status: entry.status,
      errors: entry.errors,
    });
  }
  logger.info('Attestations read.', {
    bucket,
    attestations: read.loaded.opened.length,
    trustedAttesters: read.loaded.trustList.attesters.map((a) => a.name),
  });
  return { records: read.records, coverage: read.coverage };
}

/**
 * The finish time of the manifest an earlier invocation stored before it stopped short of the
 * statement: the retry seals again with that time, so the manifest it writes is the one stored.
 */
async function earlierFinish(store: EvidenceStore, runId: string, present: ReadonlySet<string>): Promise<string | undefined> {
  const key = runKeys.manifest(runId);
  if (!present.has(key)) return undefined;
  const bytes = await store.get(key);
  if (runFormatOf(bytes) !== 2) throw new Error(`${key} of the incomplete run ${runId} is not a sharded run manifest.`);
  return parseShardedManifest(bytes, key).finishedAt;
}

/** The TSAs of TSA_URLS with the anchors of TSA_CA_PEM; none when TSA_URLS is unset or empty. */
function timestampOptions(env: Pick<Env, 'TSA_URLS' | 'TSA_CA_PEM' | 'TSA_TIMEOUT_MS'>): TimestampOptions | undefined {
  if (env.TSA_URLS === undefined || env.TSA_URLS.length === 0) return undefined;
  if (env.TSA_CA_PEM === undefined)
    throw new ConfigurationError(
      "The function's environment is invalid: TSA_URLS is set but TSA_CA_PEM is not (the TSA root the tokens are checked against).",
    );
  return { urls: env.TSA_URLS, anchorsPem: env.TSA_CA_PEM, timeoutMs: env.TSA_TIMEOUT_MS };
}

/**
 * The run's targets and accounts, as list-targets wrote them: each count must be the one it
 * returned, and the accounts must be those of the targets with their regions.
 */
async function readRunLists(
  s3: S3Client,
  bucket: string,
  event: EvaluateAndSealEvent,
): Promise<{ targets: Scope[]; accounts: AccountTargets[] }> {
  const read = async <T>(field: 'targets' | 'accounts', get: () => Promise<T[]>): Promise<T[]> => {
    const where = `s3://${bucket}/${event[field].key}`;
    let items: T[];
    try {
      items = await get();
    } catch (error) {
      if (accessDenied(error)) throw deniedError(where, 'evaluate-and-seal', error);
      throw error instanceof StagingError
        ? error
        : new StagingError(`The ${field} of run ${event.runId} cannot be read from ${where}: ${(error as Error).message}`, {
            cause: error,
          });
    }
    if (items.length !== event[field].count) {
      throw new StagingError(`${where} lists ${items.length} ${field}, but list-targets wrote ${event[field].count}: nothing was sealed.`);
    }
    return items;
  };
  const targets = await read('targets', () => getTargets(s3, bucket, event.runId));
  const accounts = await read('accounts', () => getAccounts(s3, bucket, event.runId));
  const expected = JSON.stringify(
    accountsOf(targets)
      .map((a) => ({ accountId: a.accountId, regions: [...a.regions].sort() }))
      .sort((a, b) => (a.accountId < b.accountId ? -1 : 1)),
  );
  const given = JSON.stringify(
    accounts.map((a) => ({ accountId: a.accountId, regions: [...a.regions].sort() })).sort((a, b) => (a.accountId < b.accountId ? -1 : 1)),
  );
  if (expected !== given) {
    throw new StagingError(
      `s3://${bucket}/${event.accounts.key} does not list the accounts and regions of the run's targets: nothing was sealed.`,
    );
  }
  return { targets, accounts };
}

/** A handler with its dependencies replaced, for tests. */
export function createEvaluateAndSealHandler(deps: Partial<EvaluateAndSealDeps> = {}) {
  const full: EvaluateAndSealDeps = {
    clients: awsClients,
    collectors: COLLECTOR_MANIFEST,
    catalog: defaultCatalog,
    now: () => new Date(),
    ...deps,
  };
  return lambdaHandler('evaluate-and-seal', (event: unknown) => evaluateAndSeal(parseEvaluateAndSealEvent(event), full));
}

export const handler = createEvaluateAndSealHandler();
