import { sha256Hex } from '../evidence/canonical.js';
import { runKeys } from '../store/types.js';
import { formatDuration } from '../util/dates.js';
import type { Statement } from './manifest.js';
import { verifyTimestampToken } from './timestamp.js';
import type { VerifyProblem } from './verify.js';

/** How verification judges RFC 3161 tokens. */
export interface TimestampPolicy {
  /** PEM certificates a TSA must chain to. */
  anchorsPem: string;
  /** Where they came from, for the report. */
  anchorsSource: string;
  /** True when the anchors are the demo TSA's root (its key is public): tokens are named DEMO. */
  demo: boolean;
  /** How far a run's start and finish may lie from its token time (default 10 minutes). */
  toleranceMs: number;
  /** A run without a token fails (`--require-timestamp`). */
  require: boolean;
}

export const DEFAULT_TIME_TOLERANCE_MS = 10 * 60_000;

/** What verification found of a run's token. */
export interface RunTimestampReport {
  status: 'verified' | 'none' | 'invalid';
  /** SHA-256 of the stored timestamp.tsr (whether or not it verified). */
  sha256?: string;
  genTime?: string;
  tsaName?: string;
  anchor?: string;
  demo?: boolean;
}

/**
 * Checks one run's token: imprint over the exact envelope bytes, signature and chain to the pinned
 * anchors, and that the run's signed start and finish lie within the tolerance of the token time
 * (a run stamped long after it says it finished was back-dated, or stamped late: either way its
 * times are not what the token vouches for).
 */
export async function checkRunTimestamp(
  run: { runId: string; statement: Statement; envelopeBytes: Uint8Array; token: Buffer | null; chainPem: string | null },
  policy: TimestampPolicy,
): Promise<{ report: RunTimestampReport; problems: VerifyProblem[]; warnings: VerifyProblem[] }> {
  const { runId } = run;
  const object = runKeys.timestamp(runId);
  const problems: VerifyProblem[] = [];
  const warnings: VerifyProblem[] = [];
  if (run.token === null) {
    if (policy.require)
      problems.push({ runId, object, message: `Run ${runId} has no timestamp token, and a timestamp is required (--require-timestamp).` });
    return { report: { status: 'none' }, problems, warnings };
  }
  const sha256 = sha256Hex(run.token);
  const check = await verifyTimestampToken(run.token, run.envelopeBytes, policy.anchorsPem, {
    ...(run.chainPem === null ? {} : { chainPem: run.chainPem }),
  });
  if (!check.ok) {
    const hint =
      policy.demo && check.problem.includes('does not chain') ? ' (only the demo TSA is trusted: pin the TSA root with --tsa-ca)' : '';
    problems.push({ runId, object, message: `The timestamp token ${object} ${check.problem}${hint}.` });
    return { report: { status: 'invalid', sha256 }, problems, warnings };
  }
  const report: RunTimestampReport = {
    status: 'verified',
    sha256,
    genTime: check.genTime.toISOString(),
    tsaName: check.tsaName,
    anchor: check.anchor,
    demo: policy.demo,
  };
  const token = check.genTime.getTime();
  const { startedAt, finishedAt } = run.statement.predicate;
  const tolerance = formatDuration(policy.toleranceMs);
  const finished = Date.parse(finishedAt);
  if (finished - token > policy.toleranceMs || Date.parse(startedAt) - token > policy.toleranceMs) {
    problems.push({
      runId,
      object,
      message: `Run ${runId} says it ran from ${startedAt} to ${finishedAt}, after its timestamp ${report.genTime} (tolerance ${tolerance}): its signed times are wrong.`,
    });
  } else if (token - finished > policy.toleranceMs) {
    problems.push({
      runId,
      object,
      message: `Run ${runId} says it finished at ${finishedAt}, but its statement was timestamped only at ${report.genTime}, ${formatDuration(token - finished)} later (tolerance ${tolerance}): the run was back-dated, or stamped late.`,
    });
  }
  if (policy.demo)
    warnings.push({
      runId,
      object,
      message: `The timestamp of run ${runId} is from the DEMO TSA, whose key ships with ai-evidence: it shows the check, and proves nothing about time.`,
    });
  return { report, problems, warnings };
}

/** A sealed run as the time checks see it. */
export interface TimedRun {
  runId: string;
  statement: Statement;
  statementSha256: string;
  timestamp: RunTimestampReport;
}

/**
 * Along each signed link: the token the next run lists for its predecessor is the one stored (a
 * removed, replaced or later added token fails; runs sealed before the field skip this), and token
 * times do not go back.
 */
export function checkTimestampLinks(runs: readonly TimedRun[]): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const byDigest = new Map(runs.map((r) => [r.statementSha256, r]));
  for (const run of runs) {
    const previous = run.statement.predicate.previous;
    const before = previous === null ? undefined : byDigest.get(previous.statementSha256);
    if (previous === null || before === undefined) continue;
    const listed = previous.timestampSha256;
    const actual = before.timestamp.sha256 ?? null;
    const object = runKeys.timestamp(before.runId);
    if (listed !== undefined && listed !== actual) {
      problems.push({
        runId: before.runId,
        object,
        message:
          listed === null
            ? `Run ${before.runId} holds a timestamp token that its successor ${run.runId} does not list (it had none when ${run.runId} was sealed): it was added later.`
            : actual === null
              ? `Run ${run.runId} lists timestamp token ${listed} of its previous run ${before.runId}, which is missing: it was removed.`
              : `The timestamp token of run ${before.runId} is not the one its successor ${run.runId} lists (${listed}): it was replaced.`,
      });
    }
    const a = before.timestamp.status === 'verified' ? before.timestamp.genTime : undefined;
    const b = run.timestamp.status === 'verified' ? run.timestamp.genTime : undefined;
    if (a !== undefined && b !== undefined && Date.parse(b) < Date.parse(a)) {
      problems.push({
        runId: run.runId,
        object: runKeys.timestamp(run.runId),
        message: `The timestamp of run ${run.runId} (${b}) is earlier than that of its previous run ${before.runId} (${a}): token times must increase along the chain.`,
      });
    }
  }
  return problems;
}

/** The chain's newest run and the time it is trusted for. */
export interface HeadReport {
  runId: string;
  statementSha256: string;
  /** The token time when the run's token verified, else the finish time of its signed statement. */
  time: string;
  source: 'timestamp' | 'demo timestamp' | 'signed statement';
}

export interface FreshnessOptions {
  /** Fail when the head's trusted time is older than this (`--max-age`). */
  maxAgeMs?: number;
  /** Fail unless the chain ends at this statement digest (`--expect-head`). */
  expectHead?: string;
  now?: () => Date;
}

/**
 * The head of the chain (the one run no other names as its predecessor) and the freshness checks
 * on it. A chain cut at its newest runs still verifies link by link; only a time (`maxAgeMs`) or a
 * digest seen elsewhere (`expectHead`) shows the cut.
 */
export function checkHead(runs: readonly TimedRun[], options: FreshnessOptions): { head?: HeadReport; problems: VerifyProblem[] } {
  const problems: VerifyProblem[] = [];
  const named = new Set(
    runs.flatMap((r) => (r.statement.predicate.previous === null ? [] : [r.statement.predicate.previous.statementSha256])),
  );
  const heads = runs.filter((r) => !named.has(r.statementSha256));
  const asked = options.maxAgeMs !== undefined || options.expectHead !== undefined;
  const only = heads.length === 1 ? heads[0] : undefined;
  if (only === undefined) {
    if (asked)
      problems.push({
        message: `The newest run cannot be told (${heads.length} runs end a chain): --max-age and --expect-head cannot be checked.`,
      });
    return { problems };
  }
  const verified = only.timestamp.status === 'verified' && only.timestamp.genTime !== undefined;
  const head: HeadReport = {
    runId: only.runId,
    statementSha256: only.statementSha256,
    time: verified ? (only.timestamp.genTime as string) : only.statement.predicate.finishedAt,
    source: verified ? (only.timestamp.demo ? 'demo timestamp' : 'timestamp') : 'signed statement',
  };
  if (options.maxAgeMs !== undefined) {
    const now = (options.now ?? (() => new Date()))().getTime();
    const age = now - Date.parse(head.time);
    if (age > options.maxAgeMs) {
      problems.push({
        runId: head.runId,
        message: `The newest run ${head.runId} is from ${head.time} (by its ${head.source}), ${formatDuration(Math.max(0, age))} ago, older than --max-age ${formatDuration(options.maxAgeMs)}: newer runs were removed or withheld, or none ran.`,
      });
    }
  }
  if (options.expectHead !== undefined && options.expectHead.toLowerCase() !== head.statementSha256) {
    const expected = options.expectHead.toLowerCase();
    const known = runs.find((r) => r.statementSha256 === expected);
    problems.push({
      runId: head.runId,
      message: `The chain ends at statement ${head.statementSha256} (run ${head.runId}), not at the expected head ${expected}${
        known === undefined
          ? ", which no run here has: the runs up to it were removed or withheld, or it is another chain's"
          : ` (run ${known.runId}, which is not the newest)`
      }.`,
    });
  }
  return { head, problems };
}
