import type { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { mapWithConcurrency } from '../lib/collectors/concurrency.js';
import { COLLECTOR_MANIFEST } from '../lib/collectors/manifest.js';
import type { CollectorMetadata } from '../lib/collectors/types.js';
import type { Finding } from '../lib/controls/types.js';
import type { CoverageEntry, Scope } from '../lib/evidence/coverage.js';
import type { EvidenceRecord } from '../lib/evidence/record.js';
import { loadSealedRun } from '../lib/export/load.js';
import { readBucketAttestations } from '../lib/pipeline/attestations.js';
import { failedScopeCoverage } from '../lib/pipeline/scope-coverage.js';
import { evaluateAndSealRun, TIMESTAMP_COLLECTOR } from '../lib/pipeline/seal-run.js';
import {
  failedTargetKey,
  getStagedBytes,
  getTargets,
  listStagedKeys,
  parseFailedTarget,
  parseStaged,
  StagingError,
  stagedKey,
  targetsKey,
} from '../lib/pipeline/staging.js';
import { kmsSigner } from '../lib/seal/kms-signer.js';
import { ManifestSchema } from '../lib/seal/manifest.js';
import { sigstoreBundle } from '../lib/seal/sigstore.js';
import type { TimestampOptions } from '../lib/seal/timestamp.js';
import { S3ObjectLockStore } from '../lib/store/s3.js';
import { type EvidenceStore, runKeys } from '../lib/store/types.js';
import { ConfigurationError, type Env, readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { InvalidEventError, lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';
import { RUN_ID, STARTED_AT } from './shared/schemas.js';

export const EvaluateAndSealEventSchema = z.strictObject({
  runId: RUN_ID,
  startedAt: STARTED_AT,
  /** list-targets' pointer to the run's targets (ListTargetsResult.targets). */
  targets: z.strictObject({ key: z.string().min(1), count: z.number().int().min(1, 'a run needs at least one target') }),
});
export type EvaluateAndSealEvent = z.infer<typeof EvaluateAndSealEventSchema>;

/** Parses the event; the targets key must be the run's own. */
export function parseEvaluateAndSealEvent(event: unknown): EvaluateAndSealEvent {
  const name = 'evaluate-and-seal';
  const parsed = parseEvent(name, EvaluateAndSealEventSchema, event);
  const expected = targetsKey(parsed.runId);
  if (parsed.targets.key !== expected) {
    throw new InvalidEventError(`The ${name} event is invalid: targets.key is ${parsed.targets.key}, not ${expected}.`);
  }
  return parsed;
}

/**
 * What became of one target of the run, as evaluate-and-seal finds it in the staging bucket:
 * collect staged it, the state machine recorded its failure, or neither (fail closed: FAILED).
 */
export type TargetResult =
  | ({ kind: 'collected'; stagedKey: string } & Scope)
  | ({ kind: 'failed'; error: string; cause: string } & Scope)
  | ({ kind: 'missing' } & Scope);

/** What evaluate-and-seal returns to the state machine: totals, the same size whatever the run's size. */
const COUNT = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const EvaluateAndSealResultSchema = z.strictObject({
  runId: RUN_ID,
  statementKey: z.string().max(1100),
  findings: z.strictObject({ total: COUNT, PASS: COUNT, FAIL: COUNT, NOT_APPLICABLE: COUNT, INSUFFICIENT_EVIDENCE: COUNT }),
  evidence: COUNT,
  coverageGaps: COUNT,
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
  /** The run's RFC 3161 token, when TSA_URLS is set and a TSA gave one; null otherwise. */
  timestamp?: { genTime: string; tsaName: string; url: string; sha256: string } | null;
}

export interface EvaluateAndSealDeps {
  clients: Pick<AwsClients, 's3' | 'kms'>;
  collectors: readonly CollectorMetadata[];
  now: () => Date;
}

function summary(
  runId: string,
  store: S3ObjectLockStore,
  findings: readonly Finding[],
  evidence: number,
  coverage: readonly CoverageEntry[],
) {
  const counts = { total: findings.length, PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 };
  for (const f of findings) counts[f.status]++;
  return {
    runId,
    statementKey: `${store.prefix}${runKeys.statement(runId)}`,
    findings: counts,
    evidence,
    coverageGaps: coverage.filter((c) => c.status !== 'COMPLETE').length,
  };
}

/**
 * What became of each target: one listing of `staging/<runId>/` tells staged, failed and missing
 * apart without a request per target.
 */
async function targetResults(s3: S3Client, bucket: string, runId: string, targets: readonly Scope[]): Promise<TargetResult[]> {
  const keys = await listStagedKeys(s3, bucket, runId);
  return mapWithConcurrency(targets, 16, async (scope): Promise<TargetResult> => {
    const staged = stagedKey(runId, scope);
    if (keys.has(staged)) return { kind: 'collected', stagedKey: staged, ...scope };
    const failedKey = failedTargetKey(runId, scope);
    if (!keys.has(failedKey)) return { kind: 'missing', ...scope };
    const where = `s3://${bucket}/${failedKey}`;
    try {
      const failed = parseFailedTarget(await getStagedBytes(s3, bucket, failedKey), { runId, ...scope }, where);
      return { kind: 'failed', error: failed.error, cause: failed.cause, ...scope };
    } catch (error) {
      if (accessDenied(error)) throw deniedError(where, error);
      // Unreadable: the target still failed, for a reason that cannot be told.
      return { kind: 'failed', error: 'UnreadableFailureRecord', cause: (error as Error).message, ...scope };
    }
  });
}

function accessDenied(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? 'Error';
  return name === 'AccessDenied' || name === 'AccessDeniedException';
}

function deniedError(where: string, error: unknown): Error {
  return new Error(`s3:GetObject on ${where} is denied: grant it to the evaluate-and-seal function.`, { cause: error });
}

/** A staged object that cannot be used makes its scope FAILED; only S3 refusing access stops the run (a configuration error). */
async function readScope(
  s3: S3Client,
  bucket: string,
  runId: string,
  result: TargetResult,
  collectors: readonly CollectorMetadata[],
): Promise<{ records: EvidenceRecord[]; coverage: CoverageEntry[] }> {
  const scope: Scope = { accountId: result.accountId, region: result.region };
  if (result.kind === 'failed') {
    const message = `The collect function failed for ${scope.accountId}/${scope.region}: ${result.error}${result.cause ? `: ${result.cause}` : ''}`;
    return {
      records: [],
      coverage: failedScopeCoverage(scope, { operation: 'Collect', kind: 'ERROR', code: result.error, message }, collectors),
    };
  }
  if (result.kind === 'missing') {
    const message = `Nothing was staged for ${scope.accountId}/${scope.region}: neither ${stagedKey(runId, scope)} nor ${failedTargetKey(runId, scope)} is in s3://${bucket}/ (the Map's child for it did not finish).`;
    return {
      records: [],
      coverage: failedScopeCoverage(scope, { operation: 'Collect', kind: 'ERROR', code: 'NotStaged', message }, collectors),
    };
  }
  const where = `s3://${bucket}/${result.stagedKey}`;
  try {
    const staged = parseStaged(await getStagedBytes(s3, bucket, result.stagedKey), { runId, ...scope }, where);
    return { records: staged.records, coverage: staged.coverage };
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error';
    if (accessDenied(error)) throw deniedError(where, error);
    const invalid = error instanceof StagingError;
    const message = invalid
      ? (error as Error).message
      : `The staged evidence ${where} cannot be read: ${name}: ${(error as Error).message}`;
    logger.warn('A staged scope cannot be used: it is recorded as not collected.', { where, error: message });
    return {
      records: [],
      coverage: failedScopeCoverage(
        scope,
        { operation: 'ReadStagedEvidence', kind: invalid ? 'INVALID_RESPONSE' : 'ERROR', code: invalid ? 'StagingError' : name, message },
        collectors,
      ),
    };
  }
}

/**
 * Reads the run's targets and every target's staged evidence from the staging bucket, evaluates
 * the catalog, seals the run with the KMS key and stores it in the Object Lock bucket, chained to
 * the previous run. A target that failed, or of which nothing was staged, is FAILED coverage for
 * its scope. Retried after its statement was stored, it returns that run unchanged;
 * retried after it stopped before the statement, it completes the run.
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
  try {
    const store = new S3ObjectLockStore({
      client: s3,
      bucket: env.EVIDENCE_BUCKET,
      prefix: env.EVIDENCE_PREFIX,
      retentionDays: env.RETENTION_DAYS,
    });
    const earlier = await earlierAttempt(store, event.runId);
    if (earlier && 'sealed' in earlier) {
      logger.info('The run is already sealed: nothing written.', { runId: event.runId });
      return summary(event.runId, store, earlier.sealed.findings, earlier.sealed.evidence, earlier.sealed.coverage);
    }
    const now = earlier ? () => new Date(earlier.finishedAt) : deps.now;
    if (earlier) logger.info('Completing a run an earlier invocation left without its statement.', { runId: event.runId });
    const targets = await readTargets(s3, env.STAGING_BUCKET, event);
    const results = await targetResults(s3, env.STAGING_BUCKET, event.runId, targets);
    const records: EvidenceRecord[] = [];
    const coverage: CoverageEntry[] = [];
    await mapWithConcurrency(results, 16, async (result) => {
      const scope = await readScope(s3, env.STAGING_BUCKET, event.runId, result, deps.collectors);
      records.push(...scope.records);
      coverage.push(...scope.coverage);
    });
    const attestations = await readAttestationsOfRun(s3, env.ATTESTATIONS_BUCKET, event, targets);
    coverage.push(...attestations.coverage);
    const signer = await kmsSigner({ client: kms, keyId: env.SIGNING_KEY_ID });
    const sealed = await evaluateAndSealRun({
      store,
      signer,
      runId: event.runId,
      startedAt: event.startedAt,
      scopes: targets,
      records,
      coverage,
      attestations: attestations.records,
      now,
      ...(timestamp === undefined ? {} : { timestamp }),
    });
    const result: EvaluateAndSealResult = {
      ...summary(event.runId, store, sealed.findings, sealed.evidenceCount, sealed.coverage),
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
    const missed = sealed.coverage.find((c) => c.collector === TIMESTAMP_COLLECTOR);
    if (missed !== undefined)
      logger.warn('No TSA gave a timestamp token: the run is sealed without one.', { runId: event.runId, errors: missed.errors });
    metrics.addMetric('Findings', 'Count', result.findings.total);
    metrics.addMetric('FailedFindings', 'Count', result.findings.FAIL);
    metrics.addMetric('InsufficientEvidenceFindings', 'Count', result.findings.INSUFFICIENT_EVIDENCE);
    metrics.addMetric('CoverageGaps', 'Count', result.coverageGaps);
    const byKind = { collected: 0, failed: 0, missing: 0 };
    for (const r of results) byKind[r.kind]++;
    metrics.addMetric('TargetsFailed', 'Count', byKind.failed + byKind.missing);
    logger.info('Run sealed.', { ...result, targets: byKind, written: sealed.stored.written, existing: sealed.stored.existing });
    return result;
  } finally {
    s3.destroy();
    kms.destroy();
  }
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
 * What an earlier invocation for this run left: the whole sealed run when its statement is stored
 * (the retry returns it), or the finish time of its manifest when it stopped before the statement
 * (the retry seals again with that time, so the manifest it writes is the one already stored).
 */
async function earlierAttempt(
  store: EvidenceStore,
  runId: string,
): Promise<{ sealed: { findings: Finding[]; evidence: number; coverage: CoverageEntry[] } } | { finishedAt: string } | null> {
  const keys = await store.list(runKeys.prefix(runId));
  if (keys.includes(runKeys.statement(runId))) {
    // Stopped between the statement and its Sigstore bundle: the bundle is made from the stored envelope.
    if (!keys.includes(runKeys.sigstoreBundle(runId))) {
      await store.put(runKeys.sigstoreBundle(runId), sigstoreBundle(await store.get(runKeys.statement(runId))));
    }
    const run = await loadSealedRun(store, runId);
    return { sealed: { findings: run.findings.map((f) => f.finding), evidence: run.evidence.length, coverage: run.manifest.coverage } };
  }
  if (!keys.includes(runKeys.manifest(runId))) return null;
  const manifest = ManifestSchema.safeParse(JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')));
  if (!manifest.success) throw new Error(`${runKeys.manifest(runId)} of the incomplete run ${runId} is not a manifest.`);
  return { finishedAt: manifest.data.finishedAt };
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

/** The run's targets, as list-targets wrote them; the count must be the one it returned. */
async function readTargets(s3: S3Client, bucket: string, event: EvaluateAndSealEvent): Promise<Scope[]> {
  const where = `s3://${bucket}/${event.targets.key}`;
  let targets: Scope[];
  try {
    targets = await getTargets(s3, bucket, event.runId);
  } catch (error) {
    if (accessDenied(error)) throw deniedError(where, error);
    throw error instanceof StagingError
      ? error
      : new StagingError(`The targets of run ${event.runId} cannot be read from ${where}: ${(error as Error).message}`, { cause: error });
  }
  if (targets.length !== event.targets.count) {
    throw new StagingError(`${where} lists ${targets.length} targets, but list-targets wrote ${event.targets.count}: nothing was sealed.`);
  }
  return targets;
}

/** A handler with its dependencies replaced, for tests. */
export function createEvaluateAndSealHandler(deps: Partial<EvaluateAndSealDeps> = {}) {
  const full: EvaluateAndSealDeps = { clients: awsClients, collectors: COLLECTOR_MANIFEST, now: () => new Date(), ...deps };
  return lambdaHandler('evaluate-and-seal', (event: unknown) => evaluateAndSeal(parseEvaluateAndSealEvent(event), full));
}

export const handler = createEvaluateAndSealHandler();
