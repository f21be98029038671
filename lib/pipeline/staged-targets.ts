import type { S3Client } from '@aws-sdk/client-s3';
import { mapWithConcurrency } from '../collectors/concurrency.js';
import type { CollectorMetadata } from '../collectors/types.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { failedScopeCoverage } from './scope-coverage.js';
import { failedTargetKey, getStagedBytes, parseFailedTarget, parseStaged, StagingError, stagedKey } from './staging.js';

// What the collect step left for each target, read back by the step that seals it. Apart from the
// handlers so that the shard step (functions/seal-shard.ts), the run seal's fail-closed path and
// the scale bench read staged targets the same way.

/**
 * What became of one target of the run, as found in the staging bucket: collect staged it, the
 * state machine recorded its failure, or neither (fail closed: FAILED).
 */
export type TargetResult =
  | ({ kind: 'collected'; stagedKey: string } & Scope)
  | ({ kind: 'failed'; error: string; cause: string } & Scope)
  | ({ kind: 'missing' } & Scope);

export interface StagedTargetsOptions {
  s3: S3Client;
  bucket: string;
  runId: string;
  /** The function named in the message when S3 refuses a read (a configuration error). */
  functionName: string;
  /** Told of a staged object that cannot be used (it becomes FAILED coverage). */
  onUnusable?: (where: string, message: string) => void;
}

export function accessDenied(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? 'Error';
  return name === 'AccessDenied' || name === 'AccessDeniedException';
}

export function deniedError(where: string, functionName: string, error: unknown): Error {
  return new Error(`s3:GetObject on ${where} is denied: grant it to the ${functionName} function.`, { cause: error });
}

/**
 * What became of each target, from the keys of one listing (of the run's or of one account's
 * staging folder): staged, failed and missing told apart without a request per target.
 */
export async function targetResults(
  options: StagedTargetsOptions,
  keys: ReadonlySet<string>,
  targets: readonly Scope[],
): Promise<TargetResult[]> {
  const { s3, bucket, runId } = options;
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
      if (accessDenied(error)) throw deniedError(where, options.functionName, error);
      // Unreadable: the target still failed, for a reason that cannot be told.
      return { kind: 'failed', error: 'UnreadableFailureRecord', cause: (error as Error).message, ...scope };
    }
  });
}

/**
 * The records and coverage of one target. A failed or missing target, or a staged object that
 * cannot be used, makes its scope FAILED (every collector, naming why); only S3 refusing access
 * stops the step (a configuration error).
 */
export async function readTarget(
  options: StagedTargetsOptions,
  result: TargetResult,
  collectors: readonly CollectorMetadata[],
): Promise<{ records: EvidenceRecord[]; coverage: CoverageEntry[] }> {
  const { s3, bucket, runId } = options;
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
    if (accessDenied(error)) throw deniedError(where, options.functionName, error);
    const invalid = error instanceof StagingError;
    const message = invalid
      ? (error as Error).message
      : `The staged evidence ${where} cannot be read: ${name}: ${(error as Error).message}`;
    options.onUnusable?.(where, message);
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
