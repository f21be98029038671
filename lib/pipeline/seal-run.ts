import { mapWithConcurrency } from '../collectors/concurrency.js';
import { compareFindings, evaluate } from '../controls/evaluate.js';
import { catalog as defaultCatalog, catalogVersion as defaultCatalogVersion } from '../controls/index.js';
import type { Control, Finding } from '../controls/types.js';
import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import { type EvidenceRecord, type SealedEvidence, sealEvidence } from '../evidence/record.js';
import type { PreviousRun } from '../seal/manifest.js';
import { sealedControls } from '../seal/reevaluation.js';
import { type SealedRun, sealRun } from '../seal/seal.js';
import { type ShardSummary, sealShardedRun } from '../seal/shard.js';
import type { Signer } from '../seal/signer.js';
import { sigstoreBundle } from '../seal/sigstore.js';
import { type RunTimestamp, requestTimestamp, runTimestampToken, type TimestampOptions, TimestampRequestError } from '../seal/timestamp.js';
import { readStatement } from '../seal/verify.js';
import type { EvidenceStore } from '../store/types.js';
import { runKeys } from '../store/types.js';
import { TOOL_VERSION } from '../version.js';
import { sortCoverage } from './scope-coverage.js';
import { evaluateShard, splitIntoShards, storeShard } from './shard-step.js';

export type SealProgressEvent =
  | { type: 'evaluated'; findings: number }
  | { type: 'sealed'; runId: string; objects: number }
  | { type: 'stored'; runId: string; written: number; existing: number }
  | { type: 'timestamped'; runId: string; tsaName: string; url: string; genTime: string }
  | { type: 'timestamp-failed'; runId: string; message: string };

/**
 * The evaluate-and-seal step of one run: what was collected, from every scope. Each kind of
 * evidence is its own field (the records read from AWS; the manual attestations and their trust list),
 * so a new kind is one more field here and in the seal.
 */
export interface SealRunStepInput {
  store: EvidenceStore;
  signer: Signer;
  runId: string;
  /** ISO-8601 start of the run; also the evaluation time, so re-evaluation gives the same findings. */
  startedAt: string;
  /** Every scope of the run, in the order the manifest lists them. */
  scopes: readonly Scope[];
  /** Evidence records read from AWS APIs, from every scope, in any order. */
  records: readonly EvidenceRecord[];
  /** One entry per collector and scope, in any order (sorted here). */
  coverage: readonly CoverageEntry[];
  /**
   * Signed manual attestations as evidence records (lib/attestations), sealed with the run so that
   * the framework roll-up of the run can rest on them.
   */
  attestations?: readonly EvidenceRecord[];
  /** The run this one chains to; looked up in the store (the newest sealed run) when not given. */
  previous?: PreviousRun | null;
  now?: () => Date;
  catalog?: readonly Control[];
  catalogVersion?: string;
  /**
   * Where to ask for an RFC 3161 token over the signed envelope (off when absent). A TSA that fails
   * or times out never costs the run: the run is sealed without a token and the failure is a
   * coverage entry of the result (collector `seal.timestamp`).
   */
  timestamp?: TimestampOptions;
  /**
   * The run format: 1 (one object per evidence record and finding, one tree) or 2 (sharded: one
   * shard per account, sealed and stored shard by shard, then the run over the shards' roots;
   * lib/seal/shard.ts). Default 1.
   */
  format?: 1 | 2;
  onProgress?: (event: SealProgressEvent) => void;
}

export interface SealRunStepResult {
  runId: string;
  startedAt: string;
  finishedAt: string;
  coverage: CoverageEntry[];
  findings: Finding[];
  evidenceCount: number;
  sealed: SealedRun;
  stored: { written: number; existing: number };
  /** The token stored beside the statement, when one was asked for and given. */
  timestamp?: Omit<RunTimestamp, 'token' | 'chainPem'>;
}

/** The collector name of the coverage entry that records a TSA that gave no token. */
export const TIMESTAMP_COLLECTOR = 'seal.timestamp';

/** The newest run of the store that has a signed statement: the one a new run chains to. */
export async function latestSealedRun(store: EvidenceStore): Promise<PreviousRun | null> {
  const runs = await store.listRuns();
  for (const runId of runs.reverse()) {
    const keys = await store.list(runKeys.prefix(runId));
    if (!keys.includes(runKeys.statement(runId))) continue;
    const { payload } = readStatement(await store.get(runKeys.statement(runId)), runKeys.statement(runId));
    const token = keys.includes(runKeys.timestamp(runId)) ? await runTimestampToken(store, runId) : null;
    return { runId, statementSha256: sha256Hex(payload), timestampSha256: token === null ? null : sha256Hex(token) };
  }
  return null;
}

export interface StoreSealedRunOptions {
  /** The run's RFC 3161 time-stamp token (DER), when it has one: carried in its Sigstore bundle. */
  rfc3161Timestamp?: Uint8Array;
}

/**
 * Writes a sealed run: objects, proofs and manifest first, then the signed statement (the commit
 * point), then the statement as a Sigstore bundle. A retried or timed-out seal resumes: one listing
 * of the run's folder, and the evidence, finding and key objects already there are neither read nor
 * written again (their key names the SHA-256 of their bytes and the store is write-once;
 * verification reads them). The proofs, the manifest and the statement are not named by their
 * content, so they are put as always: one already stored is compared byte for byte. The Sigstore
 * bundle is made from the envelope and checked against it by `verify`, so it needs no seal of its
 * own; a run whose writing stopped before it is complete, and a later call writes it (the same
 * bytes: it is made from the same envelope).
 */
export async function storeSealedRun(
  store: EvidenceStore,
  sealed: SealedRun,
  options: StoreSealedRunOptions = {},
): Promise<{ written: number; existing: number }> {
  let written = 0;
  let existing = 0;
  const count = (outcome: 'written' | 'exists') => (outcome === 'written' ? written++ : existing++);
  const present = new Set(await store.list(runKeys.prefix(sealed.runId)));
  await mapWithConcurrency(sealed.objects, 16, async (o) => {
    if (present.has(o.key) && o.key.includes(o.sha256) && sha256Hex(o.bytes) === o.sha256) {
      existing++;
      return;
    }
    count(await store.put(o.key, o.bytes));
  });
  count(await store.put(runKeys.proofs(sealed.runId), sealed.proofs));
  count(await store.put(runKeys.manifest(sealed.runId), sealed.manifest));
  count(await store.put(runKeys.statement(sealed.runId), sealed.envelope));
  count(await store.put(runKeys.sigstoreBundle(sealed.runId), sigstoreBundle(sealed.envelope, options)));
  return { written, existing };
}

/** Two runs overlapped: the later cannot be chained to the earlier, which had not finished when it started. */
export class OverlappingRunError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OverlappingRunError';
  }
}

/**
 * A run must not start before the run it chains to finished (verification fails such a link), which
 * happens only when two runs overlap, e.g. a schedule that fires while the last run is still going.
 * Refused before anything is written, rather than stored as a chain that does not verify.
 */
async function refuseOverlap(store: EvidenceStore, previous: PreviousRun, runId: string, startedAt: string): Promise<void> {
  const key = runKeys.statement(previous.runId);
  const { statement } = readStatement(await store.get(key), key);
  if (startedAt < statement.predicate.finishedAt) {
    throw new OverlappingRunError(
      `Run ${runId} started at ${startedAt}, before the newest sealed run ${previous.runId} finished (${statement.predicate.finishedAt}): overlapping runs cannot be chained, so nothing was stored. Run again once no other run is in progress.`,
    );
  }
}

/** Evaluates the catalog over a run's evidence and coverage, seals the run and stores it, statement last. */
export async function evaluateAndSealRun(input: SealRunStepInput): Promise<SealRunStepResult> {
  const now = input.now ?? (() => new Date());
  const catalog = input.catalog ?? defaultCatalog;
  const { runId, startedAt, scopes } = input;
  const previous = input.previous === undefined ? await latestSealedRun(input.store) : input.previous;
  if (previous !== null) await refuseOverlap(input.store, previous, runId, startedAt);
  const coverage = sortCoverage([...input.coverage]);

  const catalogVersion = input.catalogVersion ?? defaultCatalogVersion;
  let findings: Finding[];
  let evidenceCount: number;
  let sealed: SealedRun;
  let finishedAt: string;
  let shardsStored = { written: 0, existing: 0 };
  if (input.format === 2) {
    // Shard by shard, as the cloud's shard steps do: each is evaluated, sealed and stored on its own.
    findings = [];
    evidenceCount = 0;
    const summaries: ShardSummary[] = [];
    const accounts = [...new Set(scopes.map((s) => s.accountId))];
    for (const shard of splitIntoShards(scopes, [...input.records, ...(input.attestations ?? [])], coverage)) {
      const step = evaluateShard({ runId, startedAt, shard, accounts, catalog });
      const stored = await storeShard(input.store, step.sealed);
      shardsStored = { written: shardsStored.written + stored.written, existing: shardsStored.existing + stored.existing };
      for (const f of step.findings) findings.push(f);
      evidenceCount += step.sealed.summary.evidence;
      summaries.push(step.sealed.summary);
    }
    findings.sort(compareFindings);
    input.onProgress?.({ type: 'evaluated', findings: findings.length });
    finishedAt = now().toISOString();
    sealed = await sealShardedRun({
      runId,
      startedAt,
      finishedAt,
      toolVersion: TOOL_VERSION,
      catalogVersion,
      controls: sealedControls(catalog),
      scopes,
      shards: summaries,
      previous,
      signer: input.signer,
    });
  } else {
    const evidence: SealedEvidence[] = [...input.records, ...(input.attestations ?? [])].map(sealEvidence);
    findings = evaluate(catalog, { scopes, evaluatedAt: startedAt, evidence, coverage });
    evidenceCount = evidence.length;
    input.onProgress?.({ type: 'evaluated', findings: findings.length });
    const findingObjects = findings.map((f) => {
      const bytes = canonicalJson(f);
      return { bytes, sha256: sha256Hex(bytes) };
    });
    finishedAt = now().toISOString();
    sealed = await sealRun({
      runId,
      startedAt,
      finishedAt,
      toolVersion: TOOL_VERSION,
      catalogVersion,
      controls: sealedControls(catalog),
      scopes,
      coverage,
      evidence,
      findings: findingObjects,
      previous,
      signer: input.signer,
    });
  }
  input.onProgress?.({ type: 'sealed', runId, objects: sealed.objects.length });
  // The token is asked for as soon as the envelope is signed, so its time is close to the run's
  // finish; it is stored after the statement (it needs no seal of its own: it binds the envelope's hash).
  const stamp = input.timestamp === undefined ? undefined : await timestampEnvelope(sealed.envelope, input.timestamp);

  const runStored = await storeSealedRun(input.store, sealed);
  const stored = { written: runStored.written + shardsStored.written, existing: runStored.existing + shardsStored.existing };
  input.onProgress?.({ type: 'stored', runId, ...stored });
  const result: SealRunStepResult = { runId, startedAt, finishedAt, coverage, findings, evidenceCount, sealed, stored };
  if (stamp === undefined) return result;
  const accountId = scopes[0]?.accountId ?? '';
  const failed = async (message: string, errors: CoverageEntry['errors']) => {
    input.onProgress?.({ type: 'timestamp-failed', runId, message });
    result.coverage = [...coverage, { collector: TIMESTAMP_COLLECTOR, accountId, region: 'global', status: 'FAILED', records: 0, errors }];
    return result;
  };
  if (stamp instanceof TimestampRequestError) {
    return failed(
      stamp.message,
      stamp.failures.map((f) => ({
        operation: 'TimeStampRequest',
        kind: f.code === 'InvalidResponse' ? 'INVALID_RESPONSE' : f.httpStatus === 401 || f.httpStatus === 403 ? 'ACCESS_DENIED' : 'ERROR',
        code: f.code,
        message: `TSA ${f.url}: ${f.message}.`,
        ...(f.httpStatus === undefined ? {} : { httpStatus: f.httpStatus }),
      })),
    );
  }
  try {
    await input.store.put(runKeys.timestamp(runId), stamp.token);
    await input.store.put(runKeys.tsaChain(runId), stamp.chainPem);
  } catch (error) {
    const message = `The timestamp token of run ${runId} from ${stamp.url} could not be stored: ${(error as Error).message}`;
    return failed(message, [{ operation: 'StoreTimestamp', kind: 'ERROR', code: (error as Error).name, message }]);
  }
  const { token: _token, chainPem: _chain, ...timestamp } = stamp;
  result.timestamp = timestamp;
  input.onProgress?.({ type: 'timestamped', runId, tsaName: stamp.tsaName, url: stamp.url, genTime: stamp.genTime.toISOString() });
  return result;
}

/** A token over the envelope, or the error naming every TSA that gave none (never thrown: no TSA costs the run). */
async function timestampEnvelope(envelope: Buffer, options: TimestampOptions): Promise<RunTimestamp | TimestampRequestError> {
  try {
    return await requestTimestamp(envelope, options);
  } catch (error) {
    if (error instanceof TimestampRequestError) return error;
    return new TimestampRequestError(`The timestamp request failed: ${(error as Error).message}`, [
      { url: options.label ?? options.urls.join(', '), code: 'InvalidResponse', message: (error as Error).message },
    ]);
  }
}
