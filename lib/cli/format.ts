import { rankFailingControls } from '../controls/ranking.js';
import { type Finding, type FindingStatus, SEVERITIES, type Severity } from '../controls/types.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import type { BundleVerifyReport } from '../export/verify-bundle.js';
import { type FrameworkResult, REQUIREMENT_STATUSES, type RequirementStatus } from '../frameworks/rollup.js';
import type { HeadReport, RunTimestampReport } from '../seal/freshness.js';
import type { VerifyReport } from '../seal/verify.js';

/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[], numeric: readonly boolean[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  return [
    line(cells[0] as string[], numeric),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map((r) => line(r, numeric)),
  ].join('\n');
}

const REQUIREMENT_COLUMNS = REQUIREMENT_STATUSES;
const SHORT: Record<RequirementStatus, string> = {
  PASS: 'pass',
  FAIL: 'fail',
  INSUFFICIENT_EVIDENCE: 'insufficient',
  NOT_APPLICABLE: 'n/a',
  ATTESTED: 'attested',
  ATTESTATION_EXPIRED: 'att. expired',
  ATTESTATION_REQUIRED: 'attestation req.',
};

/** Requirements per status for each group (AI RMF function, ISO domain, ...) of a framework. */
export function frameworkSummary(result: FrameworkResult): string {
  const groups = [...new Set(result.requirements.map((r) => r.group))];
  const rows = groups.map((group) => {
    const reqs = result.requirements.filter((r) => r.group === group);
    return [group, reqs.length, ...REQUIREMENT_COLUMNS.map((s) => reqs.filter((r) => r.status === s).length)];
  });
  rows.push(['total', result.requirements.length, ...REQUIREMENT_COLUMNS.map((s) => result.totals[s])]);
  return `${result.title}\n${table(['', 'requirements', ...REQUIREMENT_COLUMNS.map((s) => SHORT[s])], rows)}`;
}

/** One row per framework: its requirements per status (the per-group tables are {@link frameworkSummary}). */
export function frameworkOverview(results: readonly FrameworkResult[]): string {
  const rows = results.map((r) => [r.title, r.requirements.length, ...REQUIREMENT_COLUMNS.map((s) => r.totals[s])]);
  return table(['framework', 'requirements', ...REQUIREMENT_COLUMNS.map((s) => SHORT[s])], rows);
}

const FINDING_ROWS: readonly FindingStatus[] = ['FAIL', 'INSUFFICIENT_EVIDENCE', 'PASS', 'NOT_APPLICABLE'];
const FINDING_SHORT: Record<FindingStatus, string> = {
  FAIL: 'fail',
  INSUFFICIENT_EVIDENCE: 'insufficient',
  PASS: 'pass',
  NOT_APPLICABLE: 'n/a',
};

/** Findings per status (rows) and severity (columns). */
export function statusSeverityTable(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.status}/${f.severity}`, (counts.get(`${f.status}/${f.severity}`) ?? 0) + 1);
  const rows = FINDING_ROWS.map((status) => {
    const bySeverity = SEVERITIES.map((severity) => counts.get(`${status}/${severity}`) ?? 0);
    return [FINDING_SHORT[status], bySeverity.reduce((a, b) => a + b, 0), ...bySeverity];
  });
  return table(['findings', 'total', ...SEVERITIES.map((s) => s.toLowerCase())], rows);
}

/** A control's findings as the summary ranks them. */
export interface ControlTally {
  controlId: string;
  severity: Severity;
  failing: number;
  insufficient: number;
  pass: number;
}

/** Every control with a FAIL finding, ranked by {@link rankFailingControls}. */
export function failingControls(findings: readonly Finding[]): ControlTally[] {
  const tallies = new Map<string, ControlTally>();
  for (const f of findings) {
    let t = tallies.get(f.controlId);
    if (t === undefined) {
      t = { controlId: f.controlId, severity: f.severity, failing: 0, insufficient: 0, pass: 0 };
      tallies.set(f.controlId, t);
    }
    if (f.status === 'FAIL') t.failing++;
    if (f.status === 'INSUFFICIENT_EVIDENCE') t.insufficient++;
    if (f.status === 'PASS') t.pass++;
  }
  return rankFailingControls(tallies.values());
}

/** The `limit` worst failing controls, and how to see the others. */
export function worstControls(findings: readonly Finding[], limit: number, rest: string): string {
  const ranked = failingControls(findings);
  if (ranked.length === 0) return 'Failing controls: none.';
  const shown = ranked.slice(0, limit);
  const title =
    shown.length === ranked.length
      ? `Failing controls (${ranked.length}), most severe first, then most failing resources`
      : `Worst failing controls (${shown.length} of ${ranked.length}), most severe first, then most failing resources`;
  const rows = shown.map((t, i) => [i + 1, t.controlId, t.severity.toLowerCase(), t.failing, t.insufficient, t.pass]);
  const lines = [title, table(['#', 'control', 'severity', 'failing', 'insufficient', 'pass'], rows)];
  if (ranked.length > shown.length) lines.push(`${ranked.length - shown.length} more failing control(s): ${rest}`);
  return lines.join('\n');
}

/** The coverage gaps of one account and region. */
export interface ScopeGaps {
  accountId: string;
  region: string;
  /** Collectors that reported on this account and region. */
  collectors: number;
  failed: number;
  partial: number;
  /** Error codes met, each with the number of collectors that met it, most frequent first. */
  codes: { code: string; collectors: number }[];
}

/** Coverage gaps grouped by account and region (those with none left out), in account and region order. */
export function gapsByScope(coverage: readonly CoverageEntry[]): ScopeGaps[] {
  const scopes = new Map<string, { gaps: ScopeGaps; codes: Map<string, number> }>();
  for (const c of coverage) {
    const key = `${c.accountId}\u0000${c.region}`;
    let scope = scopes.get(key);
    if (scope === undefined) {
      scope = {
        gaps: { accountId: c.accountId, region: c.region, collectors: 0, failed: 0, partial: 0, codes: [] },
        codes: new Map(),
      };
      scopes.set(key, scope);
    }
    scope.gaps.collectors++;
    if (c.status === 'FAILED') scope.gaps.failed++;
    if (c.status === 'PARTIAL') scope.gaps.partial++;
    for (const code of new Set(c.errors.map((e) => e.code))) scope.codes.set(code, (scope.codes.get(code) ?? 0) + 1);
  }
  return [...scopes.values()]
    .filter(({ gaps }) => gaps.failed + gaps.partial > 0)
    .map(({ gaps, codes }) => ({
      ...gaps,
      codes: [...codes]
        .map(([code, collectors]) => ({ code, collectors }))
        .sort((a, b) => b.collectors - a.collectors || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    }))
    .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.region < b.region ? -1 : 1));
}

/** `account 777788889999, us-east-1: 36 of 47 collectors failed, 2 partly read (AccessDeniedException: 37, ...)`. */
export function scopeGapLine(g: ScopeGaps): string {
  const what = [
    g.failed > 0 ? `${g.failed} of ${g.collectors} collectors failed` : '',
    g.partial > 0 ? `${g.partial}${g.failed > 0 ? '' : ` of ${g.collectors} collectors`} partly read` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const codes = g.codes.length === 1 ? g.codes[0]?.code : g.codes.map((c) => `${c.code}: ${c.collectors}`).join(', ');
  return `account ${g.accountId}, ${g.region}: ${what} (${codes})`;
}

/** One row per collector that did not read completely. */
export function coverageGapTable(coverage: readonly CoverageEntry[]): string {
  const gaps = coverage.filter((c) => c.status !== 'COMPLETE');
  return table(
    ['account', 'region', 'collector', 'status', 'reason'],
    gaps.map((g) => [
      g.accountId,
      g.region,
      g.collector,
      g.status,
      g.errors.map((e) => `${e.operation}${e.resourceId ? ` ${e.resourceId.split('/').pop()}` : ''}: ${e.code}`).join('; '),
    ]),
  );
}

export function findingCounts(findings: readonly Finding[]): Record<FindingStatus, number> {
  const counts: Record<FindingStatus, number> = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 };
  for (const f of findings) counts[f.status]++;
  return counts;
}

/** Per control: how many findings of each status. */
export function controlSummary(findings: readonly Finding[]): string {
  const ids = [...new Set(findings.map((f) => f.controlId))].sort();
  const rows = ids.map((id) => {
    const c = findingCounts(findings.filter((f) => f.controlId === id));
    return [id, c.PASS, c.FAIL, c.INSUFFICIENT_EVIDENCE, c.NOT_APPLICABLE];
  });
  return table(['control', 'pass', 'fail', 'insufficient', 'n/a'], rows);
}

function reEvaluationNote(run: {
  reEvaluated: boolean;
  reEvaluatedControls: readonly string[];
  notReEvaluated: readonly unknown[];
}): string {
  if (!run.reEvaluated) return run.notReEvaluated.length > 0 ? ', findings not re-evaluated (see the warning)' : '';
  if (run.notReEvaluated.length === 0) return ', findings re-evaluated';
  return `, findings of ${run.reEvaluatedControls.length} control(s) re-evaluated, ${run.notReEvaluated.length} not (see the warning)`;
}

/** A run's token as a person reads it. */
function timestampNote(timestamp: RunTimestampReport | undefined): string {
  if (timestamp === undefined || timestamp.status === 'none') return ', no timestamp';
  if (timestamp.status === 'invalid') return ', timestamp FAILED (see the problems)';
  return `, timestamp ${timestamp.genTime} by ${timestamp.demo ? 'the DEMO TSA' : timestamp.tsaName}`;
}

/** The chain's head and the time it is trusted for, and which TSA anchors were used. */
function headLines(head: HeadReport | undefined, tsaAnchorsSource: string): string[] {
  const lines = [`  TSA anchors: ${tsaAnchorsSource}.`];
  if (head !== undefined) {
    const from =
      head.source === 'signed statement'
        ? 'its signed statement (no verified timestamp)'
        : `its ${head.source === 'demo timestamp' ? 'DEMO ' : ''}timestamp token`;
    lines.push(`  head: run ${head.runId}, statement ${head.statementSha256}, trusted time ${head.time} from ${from}.`);
  }
  return lines;
}

/** The verification report as a person reads it. */
export function verifySummary(report: VerifyReport): string {
  const lines: string[] = [];
  lines.push(
    `Verified ${report.location}: ${report.runs.length} run(s), trusting key ${report.trustedKeyId ?? '(none)'} from ${report.trustedKeySource}.`,
  );
  for (const run of report.runs) {
    const state = !run.complete ? 'INCOMPLETE' : run.problems.length === 0 ? 'OK' : 'FAILED';
    const what =
      run.complete && run.depth === 'statement'
        ? 'signed statement and chain link checked (outside the range checked in full)'
        : run.shards !== undefined
          ? `${run.shards} shard(s) (${3 * run.shards} objects), ${run.items} items (${run.evidence} evidence, ${run.findings} findings)${reEvaluationNote(run)}`
          : `${run.items} objects (${run.evidence} evidence, ${run.findings} findings)${reEvaluationNote(run)}`;
    lines.push(`  ${state.padEnd(10)} ${run.runId}  ${what}${run.complete ? timestampNote(run.timestamp) : ''}`);
  }
  lines.push(...headLines(report.head, report.tsaAnchorsSource));
  for (const w of report.warnings) lines.push(`  warning: ${w.message}`);
  const byStatement = report.runs.filter((r) => r.complete && r.depth === 'statement').length;
  const partly = report.runs.some((r) => r.notReEvaluated.length > 0);
  const reproduces = partly
    ? 're-evaluation reproduces every finding of the controls this tool still has in the version that judged them (the warnings name the others)'
    : 're-evaluation reproduces every finding';
  if (report.ok && byStatement === 0) {
    lines.push(`OK: every signature, object digest, inclusion proof and chain link holds, and ${reproduces}.`);
  } else if (report.ok) {
    const inFull = report.runs.filter((r) => r.complete && r.depth === 'full').length;
    lines.push(
      `OK: every signature and chain link holds; for the ${inFull} run(s) checked in full, every object digest and inclusion proof holds and ${reproduces} (${byStatement} other run(s) checked by their signed statements only).`,
    );
  } else {
    lines.push(`FAILED: ${report.problems.length} problem(s):`);
    for (const p of report.problems) lines.push(`  - ${p.message}`);
  }
  return lines.join('\n');
}

/** The verification report of an evidence bundle as a person reads it. */
export function bundleVerifySummary(report: BundleVerifyReport): string {
  const lines: string[] = [];
  lines.push(
    `Verified bundle ${report.location}: ${report.runs.length} run(s), trusting key ${report.trustedKeyId ?? '(none)'} from ${report.trustedKeySource}.`,
  );
  for (const run of report.runs) {
    lines.push(
      `  ${run.runId}  ${run.included}/${run.items} objects in the bundle (${run.evidence} evidence, ${run.findings} findings), ${run.proofsChecked} inclusion proofs checked${run.reEvaluated || run.notReEvaluated.length > 0 ? reEvaluationNote(run) : ', not re-evaluated'}${timestampNote(run.timestamp)}`,
    );
  }
  lines.push(...headLines(report.head, report.tsaAnchorsSource));
  for (const w of report.warnings) lines.push(`  warning: ${w.message}`);
  if (report.anchor !== undefined) {
    const previous = report.anchor.previous;
    lines.push(
      previous === null
        ? `  chain: ${report.anchor.runId} is the first run of its store (it names no previous run); each later run names the one before it.`
        : `  chain anchor: ${report.anchor.runId} names previous run ${previous.runId} (statement ${previous.statementSha256}), which is not in the bundle: that link is taken as given; check it against the evidence owner's store.`,
    );
  }
  if (report.derived.length > 0) lines.push(`  agree with the sealed runs: ${report.derived.join(', ')}`);
  if (report.ok) {
    lines.push('OK: every signature, manifest, object digest, inclusion proof and chain link in the bundle holds.');
  } else {
    lines.push(`FAILED: ${report.problems.length} problem(s):`);
    for (const p of report.problems) lines.push(`  - ${p.message}`);
  }
  return lines.join('\n');
}

const AUTOMATION_SHORT = { AUTOMATED: 'automated', PARTLY_AUTOMATED: 'partly', MANUAL: 'manual' } as const;

/** Every requirement of a framework with its status, how it is evidenced and by what. */
export function requirementList(result: FrameworkResult): string {
  const rows = result.requirements.map((r) => [
    r.id,
    SHORT[r.status],
    AUTOMATION_SHORT[r.automation],
    r.controls.length === 0 ? '' : `${r.controls.length} control(s)`,
    r.attestation === undefined
      ? r.untrusted === undefined
        ? ''
        : r.untrusted.map((u) => `not counted: untrusted key ${u.keyId.slice(0, 16)}, ${u.owner.split(',')[0]}`).join('; ')
      : `${r.attestation.state === 'VALID' ? 'valid until' : r.attestation.state === 'EXPIRED' ? 'expired' : 'not valid yet, until'} ${r.attestation.validUntil}, ${r.attestation.owner.split(',')[0]}`,
  ]);
  const a = result.automation;
  return `${result.title}: every requirement (${a.AUTOMATED} automated, ${a.PARTLY_AUTOMATED} partly automated, ${a.MANUAL} by attestation only)\n${table(['requirement', 'status', 'evidence', 'controls', 'attestation'], rows)}`;
}
