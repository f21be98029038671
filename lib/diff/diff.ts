import type { AttestationOfRun } from '../attestations/run.js';
import type { Control } from '../controls/types.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import type { RunDescription } from '../export/load.js';
import { frameworks as allFrameworks, type Framework } from '../frameworks/definitions.js';
import { type CountsByControl, type RequirementResult, rollUpCounts } from '../frameworks/rollup.js';
import type { ControlChanges, FindingDiffResult } from './findings.js';
import type { CoverageChange, FindingChange, RequirementChange, RunDiff } from './schema.js';

/** What the diff needs of each run besides its findings: its sealed head, its counts per control, its attestations. */
export interface DiffRun {
  readonly runId: string;
  readonly manifest: RunDescription;
  readonly statementSha256: string;
  readonly findingCount: number;
  /** Its findings counted per control and status (what the roll-up reads). */
  readonly byControl: CountsByControl;
  /** Its sealed attestations, judged against its sealed trust list. */
  readonly attestations: readonly AttestationOfRun[];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function coverageSide(entry: CoverageEntry): NonNullable<CoverageChange['before']> {
  return { status: entry.status, kinds: [...new Set(entry.errors.map((e) => e.kind))].sort(compare), errors: entry.errors.length };
}

/** Coverage entries matched by collector, account and region: those in one run only, and those whose status or failure kinds changed. */
export function coverageChanges(before: readonly CoverageEntry[], after: readonly CoverageEntry[]): CoverageChange[] {
  const keyOf = (c: CoverageEntry) => `${c.collector}\n${c.accountId}\n${c.region}`;
  const was = new Map(before.map((c) => [keyOf(c), c]));
  const now = new Map(after.map((c) => [keyOf(c), c]));
  const changes: CoverageChange[] = [];
  for (const key of [...new Set([...was.keys(), ...now.keys()])].sort(compare)) {
    const b = was.get(key);
    const a = now.get(key);
    const where = (b ?? a) as CoverageEntry;
    const base = { collector: where.collector, accountId: where.accountId, region: where.region };
    if (b === undefined) changes.push({ change: 'APPEARED', ...base, before: null, after: coverageSide(a as CoverageEntry) });
    else if (a === undefined) changes.push({ change: 'DISAPPEARED', ...base, before: coverageSide(b), after: null });
    else {
      const [sb, sa] = [coverageSide(b), coverageSide(a)];
      if (sb.status !== sa.status) changes.push({ change: 'STATUS', ...base, before: sb, after: sa });
      else if (sb.kinds.join() !== sa.kinds.join()) changes.push({ change: 'KINDS', ...base, before: sb, after: sa });
    }
  }
  return changes;
}

/** "<control> on <resource> (<account>, <region>) went from PASS to FAIL". */
export function describeFindingChange(c: FindingChange): string {
  const what = `${c.controlId} on ${c.resource.id} (${c.accountId}, ${c.region})`;
  if (c.change === 'NEW') return `${what} is new, ${c.after?.status}`;
  if (c.change === 'RESOLVED') return `${what} is no longer reported (it was ${c.before?.status})`;
  if (c.change === 'STATUS') return `${what} went from ${c.before?.status} to ${c.after?.status}`;
  return `${what} has another reason, still ${c.after?.status}`;
}

function attestationText(r: RequirementResult): string {
  if (r.attestation === undefined) return 'none';
  const state = r.attestation.state === 'VALID' ? 'valid' : r.attestation.state === 'EXPIRED' ? 'expired' : 'not yet valid';
  return `${state} until ${r.attestation.validUntil} (record ${r.attestation.evidence.slice(0, 12)})`;
}

/** The longest list of reasons a requirement's change gives. */
const MAX_BECAUSE = 5;

function because(before: RequirementResult, after: RequirementResult, byControl: ReadonlyMap<string, ControlChanges>): string[] {
  const reasons: string[] = [];
  let more = 0;
  for (const id of [...new Set([...before.controls, ...after.controls])].sort(compare)) {
    const changes = byControl.get(id);
    if (changes === undefined) continue;
    for (const example of changes.examples) {
      if (reasons.length < MAX_BECAUSE) reasons.push(describeFindingChange(example));
      else more++;
    }
    more += changes.total - changes.examples.length;
  }
  if (more > 0) reasons.push(`${more} more finding(s) of its controls changed`);
  const [wasAttested, nowAttested] = [attestationText(before), attestationText(after)];
  if (wasAttested !== nowAttested) reasons.push(`its attestation was ${wasAttested} and is ${nowAttested}`);
  if (before.automation !== after.automation) reasons.push(`it was ${before.automation} and is ${after.automation}`);
  // Neither findings nor attestations moved, yet the status did: say so rather than invent a cause.
  if (reasons.length === 0) reasons.push('the counts of its controls’ findings changed');
  return reasons;
}

/** Requirements whose roll-up status differs between the runs, each with what changed under it. */
export function requirementChanges(
  before: DiffRun,
  after: DiffRun,
  byControl: ReadonlyMap<string, ControlChanges>,
  catalog: readonly Control[],
  frameworks: readonly Framework[] = allFrameworks,
): RequirementChange[] {
  const changes: RequirementChange[] = [];
  for (const framework of frameworks) {
    const rolled = (run: DiffRun) =>
      rollUpCounts(framework, catalog, run.byControl, { attestations: run.attestations, at: run.manifest.startedAt }).requirements;
    const [was, now] = [rolled(before), rolled(after)];
    for (const [i, a] of now.entries()) {
      const b = was[i] as RequirementResult;
      if (b.status === a.status) continue;
      const reasons = because(b, a, byControl);
      changes.push({
        framework: framework.id,
        requirement: a.id,
        before: b.status,
        after: a.status,
        because: reasons,
        message: `${a.id} went from ${b.status} to ${a.status} because ${reasons.join('; ')}.`,
      });
    }
  }
  return changes;
}

function side(run: DiffRun): RunDiff['before'] {
  return {
    runId: run.runId,
    startedAt: run.manifest.startedAt,
    finishedAt: run.manifest.finishedAt,
    statementSha256: run.statementSha256,
    toolVersion: run.manifest.toolVersion,
    catalogVersion: run.manifest.catalogVersion,
    findings: run.findingCount,
  };
}

/**
 * The diff of two runs from their finding changes ({@link FindingDiff}), their coverage and their
 * roll-up per requirement of every framework. The one place `ai-evidence diff` and the report's
 * "changes since the previous run" get what changed, so they cannot disagree.
 */
export function assembleDiff(
  before: DiffRun,
  after: DiffRun,
  findings: FindingDiffResult,
  catalog: readonly Control[],
  frameworks: readonly Framework[] = allFrameworks,
): RunDiff {
  const coverage = coverageChanges(before.manifest.coverage, after.manifest.coverage);
  const requirements = requirementChanges(before, after, findings.byControl, catalog, frameworks);
  const findingTotal = Object.values(findings.totals).reduce((sum, n) => sum + n, 0);
  return {
    schemaVersion: 1,
    before: side(before),
    after: side(after),
    unchanged: findingTotal === 0 && coverage.length === 0 && requirements.length === 0,
    findings: { totals: findings.totals, changes: findings.changes },
    coverage: { changes: coverage },
    requirements: { frameworks: frameworks.map((f) => f.id), changes: requirements },
  };
}
