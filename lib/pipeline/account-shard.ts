import { mapWithConcurrency } from '../collectors/concurrency.js';
import type { CollectorMetadata } from '../collectors/types.js';
import type { Control, Finding } from '../controls/types.js';
import { sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { type ShardManifest, ShardManifestSchema, type ShardSummary, shardKeys } from '../seal/shard.js';
import { readPack } from '../seal/shard-read.js';
import type { EvidenceStore } from '../store/types.js';
import { failedScopeCoverage, sortCoverage } from './scope-coverage.js';
import { evaluateShard, storeShard } from './shard-step.js';
import { readTarget, type StagedTargetsOptions, targetResults } from './staged-targets.js';
import { accountStagingPrefix, listStagedKeys, type StagedShardSummary } from './staging.js';

/** Findings by status, as the run's result reports them. */
export type StatusCounts = StagedShardSummary['statuses'];

export function statusCounts(findings: readonly Pick<Finding, 'status'>[]): StatusCounts {
  const counts: StatusCounts = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 };
  for (const f of findings) counts[f.status]++;
  return counts;
}

export interface AccountShardInput {
  store: EvidenceStore;
  runId: string;
  /** The run's start: the evaluation time of every shard. */
  startedAt: string;
  accountId: string;
  /** The account's targets (its regions), as the run lists them. */
  scopes: readonly Scope[];
  /** Every account of the run (accounts.jsonl): what a control may know beyond the shard (EvaluationInput.accounts). */
  runAccounts: readonly string[];
  collectors: readonly CollectorMetadata[];
  catalog: readonly Control[];
}

export interface AccountShardResult {
  summary: StagedShardSummary;
  stored: { written: number; existing: number };
}

/**
 * Evaluates and seals one account's shard from what the collect step staged for its targets: one
 * listing of the account's staging folder, then each target's staged object (or its failure, or
 * nothing: FAILED coverage, as lib/pipeline/staged-targets.ts says), then the shard evaluated,
 * sealed and stored (packs, then shard.json). Pure over the staged objects, so a retried step
 * writes the same bytes, which the write-once store takes as already there. Memory holds one
 * account: its targets' records, its shard's packs.
 */
export async function sealAccountShard(input: AccountShardInput, staging: StagedTargetsOptions): Promise<AccountShardResult> {
  const { runId, accountId } = input;
  for (const scope of input.scopes) {
    if (scope.accountId !== accountId) throw new Error(`The shard of ${accountId} was given a target of ${scope.accountId}.`);
  }
  const keys = await listStagedKeys(staging.s3, staging.bucket, runId, accountStagingPrefix(runId, accountId));
  const results = await targetResults(staging, keys, input.scopes);
  const records: EvidenceRecord[] = [];
  const coverage: CoverageEntry[] = [];
  await mapWithConcurrency(results, 4, async (result) => {
    const read = await readTarget(staging, result, input.collectors);
    for (const r of read.records) records.push(r);
    for (const c of read.coverage) coverage.push(c);
  });
  const targets = { collected: 0, failed: 0, missing: 0 };
  for (const r of results) targets[r.kind]++;
  return sealAndStore(input, records, sortCoverage(coverage), targets);
}

/**
 * The shard of an account whose shard step did not finish: every one of its targets FAILED, naming
 * why, so that every control there is INSUFFICIENT_EVIDENCE; never dropped from the run.
 */
export async function failedAccountShard(input: AccountShardInput, why: string): Promise<AccountShardResult> {
  const coverage = input.scopes.flatMap((scope) =>
    failedScopeCoverage(
      scope,
      {
        operation: 'SealShard',
        kind: 'ERROR',
        code: 'ShardNotSealed',
        message: `The shard of ${scope.accountId} was not sealed by its step (${why}): ${scope.accountId}/${scope.region} counts as not collected`,
      },
      input.collectors,
    ),
  );
  return sealAndStore(input, [], sortCoverage(coverage), { collected: 0, failed: 0, missing: input.scopes.length });
}

async function sealAndStore(
  input: AccountShardInput,
  records: EvidenceRecord[],
  coverage: CoverageEntry[],
  targets: StagedShardSummary['targets'],
): Promise<AccountShardResult> {
  const step = evaluateShard({
    runId: input.runId,
    startedAt: input.startedAt,
    shard: { shardId: input.accountId, scopes: [...input.scopes], records, coverage },
    accounts: input.runAccounts,
    catalog: input.catalog,
  });
  const stored = await storeShard(input.store, step.sealed);
  return {
    summary: { schemaVersion: 1, runId: input.runId, shard: step.sealed.summary, statuses: statusCounts(step.findings), targets },
    stored,
  };
}

/** What the run manifest says of a stored shard, from its shard.json's bytes. */
export function shardSummaryOf(bytes: Buffer, manifest: ShardManifest): ShardSummary {
  return {
    shardId: manifest.shardId,
    key: shardKeys.manifest(manifest.runId, manifest.shardId),
    sha256: sha256Hex(bytes),
    size: bytes.length,
    root: manifest.merkle.root,
    treeSize: manifest.merkle.treeSize,
    evidence: manifest.index.evidence.length,
    findings: manifest.index.findings.length,
    coverageGaps: manifest.coverage.filter((c) => c.status !== 'COMPLETE').length,
  };
}

/**
 * The summary of a shard already stored (its shard.json is there: the shard is complete), with its
 * findings counted from its findings pack (one account's, checked against the shard manifest).
 * How the run seal re-uses a shard whose step stored it but did not leave its summary, and its own
 * `run` shard when it is retried.
 */
export async function storedShardSummary(store: EvidenceStore, runId: string, shardId: string): Promise<StagedShardSummary> {
  const key = shardKeys.manifest(runId, shardId);
  const bytes = await store.get(key);
  const manifest = ShardManifestSchema.parse(JSON.parse(bytes.toString('utf8')));
  if (manifest.runId !== runId || manifest.shardId !== shardId) throw new Error(`${key} is not shard ${shardId} of run ${runId}.`);
  const statuses: StatusCounts = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 };
  for await (const { bytes: item } of readPack(store, manifest, 'finding')) {
    const status = (JSON.parse(item.toString('utf8')) as { status: Finding['status'] }).status;
    statuses[status]++;
  }
  return {
    schemaVersion: 1,
    runId,
    shard: shardSummaryOf(bytes, manifest),
    statuses,
    // Not known from the shard alone; the shard's coverage says what each target is.
    targets: { collected: 0, failed: 0, missing: 0 },
  };
}
