import { canonicalJson } from '../evidence/canonical.js';
import { getOrCreate } from '../util/maps.js';
import type { Manifest, Statement } from './manifest.js';
import type { VerifyProblem } from './verify.js';

/** True when a run's manifest (of either format) says what the signed statement says of its run: id, times, previous run, signer. */
export function manifestMatchesStatement<M extends Pick<Manifest, 'runId' | 'startedAt' | 'finishedAt' | 'previous' | 'signer'>>(
  manifest: M,
  statement: Statement,
  runId: string,
): boolean {
  const p = statement.predicate;
  return (
    manifest.runId === runId &&
    manifest.startedAt === p.startedAt &&
    manifest.finishedAt === p.finishedAt &&
    canonicalJson(manifest.previous) === canonicalJson(p.previous) &&
    manifest.signer.keyId === p.signer.keyId
  );
}

/** A sealed run as the chain sees it. */
export interface ChainRun {
  runId: string;
  statement: Statement;
  statementSha256: string;
}

/**
 * Checks the signed links among `runs`, whatever order they come in: each link must name its
 * predecessor's run id with its statement digest, a run must not start before its predecessor
 * finished, and no two runs may name the same predecessor (a fork). Returns those problems and the
 * runs whose predecessor is not among `runs` (none, or one outside the set): a store's first run,
 * a bundle's anchor, or the run after a gap. The callers judge those.
 */
export function checkLinks<R extends ChainRun>(runs: readonly R[]): { starts: R[]; problems: VerifyProblem[] } {
  const problems: VerifyProblem[] = [];
  const byDigest = new Map(runs.map((r) => [r.statementSha256, r]));
  const successors = new Map<string, R[]>();
  const starts: R[] = [];
  for (const run of runs) {
    const previous = run.statement.predicate.previous;
    const named = previous === null ? undefined : byDigest.get(previous.statementSha256);
    if (previous === null || named === undefined) {
      starts.push(run);
      continue;
    }
    if (named.runId !== previous.runId) {
      problems.push({
        runId: run.runId,
        message: `Run ${run.runId} names previous run ${previous.runId}, but that statement digest belongs to run ${named.runId}.`,
      });
    }
    if (run.statement.predicate.startedAt < named.statement.predicate.finishedAt) {
      problems.push({ runId: run.runId, message: `Run ${run.runId} starts before its previous run ${named.runId} finished.` });
    }
    getOrCreate(successors, named.statementSha256, () => []).push(run);
  }
  for (const [digest, next] of successors) {
    if (next.length > 1) {
      const runId = byDigest.get(digest)?.runId;
      problems.push({
        runId,
        message: `Runs ${next.map((r) => r.runId).join(' and ')} both name ${runId} as their previous run: the chain is forked.`,
      });
    }
  }
  return { starts, problems };
}
