import { attestationState } from '../attestations/attestation.js';
import { catalog, catalogVersion as toolCatalogVersion } from '../controls/index.js';
import { type FailingControl, rankFailingControls } from '../controls/ranking.js';
import { type Control, type FindingStatus, SEVERITIES, type Severity } from '../controls/types.js';
import { assembleDiff } from '../diff/diff.js';
import { DiffError, FindingDiff } from '../diff/findings.js';
import type { CoverageChange, FindingChange, RunDiff } from '../diff/schema.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import { type RunTags, tagKeysOwnerFirst } from '../evidence/resource-tags.js';
import { cafAi, euAiAct, type Framework, nistAiRmf, owaspLlm } from '../frameworks/definitions.js';
import { type FrameworkResult, type RequirementStatus, rollUpCounts } from '../frameworks/rollup.js';
import { ReEvaluation } from '../seal/reevaluation.js';
import { runKeys } from '../store/types.js';
import { type HtmlValue, html, joinHtml, type SafeHtml, trustedHtml } from './html.js';
import { citableEvidence, type RunDescription, type SealedFinding, type SealedRunData, type StoredEvidence } from './load.js';
import { REPORT_FRAMEWORK_IDS, type ReportFrameworkId } from './report-frameworks.js';
import { type ReportLimits, type ReportRun, ReportRunBuilder } from './report-model.js';

export interface ReportOptions {
  /** When the report was made (ISO-8601): the report reads no clock. */
  generatedAt: string;
  /** The exporting tool's version, e.g. `ai-evidence/0.1.0`. */
  toolVersion: string;
  /** The framework the report leads with (its posture first, its trend); NIST AI RMF by default. All of {@link REPORT_FRAMEWORKS} are shown. */
  framework?: ReportFrameworkId;
}

/** Requirement statuses in the order charts and tables show them: worst first. */
export const REQUIREMENT_STATUSES: readonly RequirementStatus[] = [
  'FAIL',
  'INSUFFICIENT_EVIDENCE',
  'PASS',
  'NOT_APPLICABLE',
  'ATTESTED',
  'ATTESTATION_EXPIRED',
  'ATTESTATION_REQUIRED',
];
const FINDING_ORDER: readonly FindingStatus[] = ['FAIL', 'INSUFFICIENT_EVIDENCE', 'PASS', 'NOT_APPLICABLE'];
/** Requirement statuses in the glance's posture bars: met first, then what needs work. */
const GLANCE_STATUSES: readonly RequirementStatus[] = [
  'PASS',
  'ATTESTED',
  'FAIL',
  'INSUFFICIENT_EVIDENCE',
  'ATTESTATION_EXPIRED',
  'ATTESTATION_REQUIRED',
  'NOT_APPLICABLE',
];

const STATUS_COLOR: Record<RequirementStatus, string> = {
  FAIL: '#c62828',
  INSUFFICIENT_EVIDENCE: '#ef6c00',
  PASS: '#2e7d32',
  NOT_APPLICABLE: '#9e9e9e',
  ATTESTED: '#00838f',
  ATTESTATION_EXPIRED: '#8e24aa',
  ATTESTATION_REQUIRED: '#3f51b5',
};
const STATUS_LABEL: Record<RequirementStatus, string> = {
  FAIL: 'Fail',
  INSUFFICIENT_EVIDENCE: 'Insufficient evidence',
  PASS: 'Pass',
  NOT_APPLICABLE: 'Not applicable',
  ATTESTED: 'Attested',
  ATTESTATION_EXPIRED: 'Attestation expired',
  ATTESTATION_REQUIRED: 'Attestation required',
};

/**
 * Above this many rows per run, the evidence section lists the findings that are not PASS or
 * NOT_APPLICABLE first and stops; the bundle's findings.csv and evidence folders hold every one.
 */
export const MAX_EVIDENCE_ROWS_PER_RUN = 2000;
/** Above this many failing resources per control, the list stops and says how many more there are. */
export const MAX_FAILING_RESOURCES_PER_CONTROL = 500;
/** The longest lists of changes, coverage errors and findings without evidence shown per run. */
export const MAX_LISTED = 500;
/** The longest evidence `data` shown inline (characters of its JSON). */
const MAX_DATA_CHARS = 4000;

const STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--alt:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:28px;margin:0 0 4px}
h2{font-size:22px;margin:40px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:17px;margin:24px 0 8px}
h4{font-size:15px;margin:16px 0 6px}
p.lede{color:var(--muted);margin:0 0 16px}
nav ol{columns:2;margin:8px 0 0;padding-left:20px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
td ul{margin:0;padding-left:16px}
table.fixed{table-layout:fixed}
th{background:var(--alt)}
td.num,th.num{text-align:right}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere;word-break:break-all}
pre{background:var(--alt);padding:8px;overflow:auto;font-size:12px;max-height:320px;white-space:pre-wrap;overflow-wrap:anywhere}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0 16px}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
.badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px;font-weight:600;white-space:nowrap}
.legend{display:flex;flex-wrap:wrap;gap:12px;margin:4px 0 8px;font-size:13px}
.legend span::before{content:"";display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;background:var(--swatch)}
.control{border:1px solid var(--line);border-left:4px solid ${STATUS_COLOR.FAIL};padding:8px 12px;margin:12px 0}
.note{color:var(--muted);font-size:13px}
details{margin:8px 0}
summary{cursor:pointer;font-weight:600}
figure{margin:8px 0 16px}
figcaption{font-size:13px;color:var(--muted)}
svg.chart{display:block;max-width:100%;height:auto}
svg.chart text{font:12px system-ui,sans-serif;fill:#1b1f24}
svg.chart text.in{fill:#fff}
svg.spark{display:block}
ol.steps li{margin-bottom:8px}
h2#glance{margin-top:24px}
.glance-line{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 12px;margin:6px 0}
ul.severity{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:0;padding:0}
table.top-risks{table-layout:fixed;margin-bottom:4px}
table.top-risks td{vertical-align:middle}
table.top-risks td:nth-child(3){font-size:12px}
table.top-risks code{word-break:normal}
table.top-risks th{overflow-wrap:normal}
p.changes{margin:6px 0}
.badge.sev{min-width:76px;text-align:center}
figure.glance-posture{margin:4px 0}
ul.posture-text{margin:4px 0;padding-left:20px;font-size:13px}
@media print{main{max-width:none;padding:0}nav{display:none}.control,figure,tr{break-inside:avoid}h2,h3{break-after:avoid}pre{max-height:none}}
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function badge(status: RequirementStatus): SafeHtml {
  return html`<span class="badge" style="background:${STATUS_COLOR[status]}">${STATUS_LABEL[status]}</span>`;
}

function legend(statuses: readonly RequirementStatus[]): SafeHtml {
  return html`<div class="legend">${statuses.map((s) => html`<span style="--swatch:${STATUS_COLOR[s]}">${STATUS_LABEL[s]}</span>`)}</div>`;
}

function code(text: string): SafeHtml {
  return html`<code>${text}</code>`;
}

function byString<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

// ---------------------------------------------------------------------------------------------
// Charts: inline SVG, sized in user units and scaled by CSS.

interface BarSegment {
  status: RequirementStatus;
  count: number;
}
interface BarRow {
  label: string;
  segments: readonly BarSegment[];
  /** Text after the bar. */
  note: string;
  /** The bar is a status, not counts: write no count in it. */
  uncounted?: boolean;
}

/** Horizontal stacked bars, one row each, every bar as wide as the chart (shares of its own total). */
function stackedRows(title: string, rows: readonly BarRow[]): SafeHtml {
  const labelWidth = 270;
  const barWidth = 480;
  const noteX = labelWidth + barWidth + 10;
  const width = noteX + 220;
  const rowHeight = 28;
  const height = rows.length * rowHeight + 8;
  const body = rows.map((row, i) => {
    const y = 4 + i * rowHeight;
    const total = row.segments.reduce((sum, s) => sum + s.count, 0);
    let x = labelWidth;
    const rects = row.segments
      .filter((s) => s.count > 0)
      .map((s) => {
        const w = total === 0 ? 0 : (s.count / total) * barWidth;
        const rect = html`<rect class="bar" data-status="${s.status}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${STATUS_COLOR[s.status]}"><title>${row.label}: ${row.uncounted ? '' : `${s.count} `}${STATUS_LABEL[s.status]}</title></rect>${
          w >= 24 && !row.uncounted
            ? html`<text class="in" x="${(x + w / 2).toFixed(1)}" y="${y + rowHeight / 2}" text-anchor="middle">${s.count}</text>`
            : ''
        }`;
        x += w;
        return rect;
      });
    const empty =
      total === 0
        ? html`<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="${rowHeight - 8}" fill="none" stroke="#d0d7de"/>`
        : '';
    return html`<g><text x="${labelWidth - 8}" y="${y + rowHeight / 2}" text-anchor="end">${row.label}</text>${empty}${rects}<text x="${noteX}" y="${y + rowHeight / 2}">${row.note}</text></g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${title}</title>${body}</svg>`;
}

interface Column {
  label: string;
  sublabel: string;
  segments: readonly BarSegment[];
}

/** Vertical stacked columns on a common scale: one per run, oldest on the left. */
function stackedColumns(title: string, columns: readonly Column[]): SafeHtml {
  const left = 48;
  const top = 12;
  const plotHeight = 220;
  const slot = Math.max(12, Math.min(90, Math.floor(860 / Math.max(1, columns.length))));
  const barWidth = Math.max(6, Math.floor(slot * 0.6));
  const width = left + slot * Math.max(1, columns.length) + 16;
  const height = top + plotHeight + 48;
  const max = Math.max(1, ...columns.map((c) => c.segments.reduce((sum, s) => sum + s.count, 0)));
  const baseline = top + plotHeight;
  const ticks = [0, 0.5, 1].map((f) => {
    const value = Math.round(max * f);
    const y = baseline - (value / max) * plotHeight;
    return html`<line x1="${left - 4}" x2="${width - 8}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#d0d7de"/><text x="${left - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end">${value}</text>`;
  });
  // With many runs, label every n-th column only, so that labels do not overlap.
  const labelEvery = Math.ceil(columns.length / 11);
  const bars = columns.map((column, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let y = baseline;
    const rects = column.segments
      .filter((s) => s.count > 0)
      .map((s) => {
        const h = (s.count / max) * plotHeight;
        y -= h;
        return html`<rect class="bar" data-status="${s.status}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth}" height="${h.toFixed(1)}" fill="${STATUS_COLOR[s.status]}"><title>${column.label}: ${s.count} ${STATUS_LABEL[s.status]}</title></rect>`;
      });
    const cx = (x + barWidth / 2).toFixed(1);
    // Counted back from the latest run, which is always labelled.
    const labelled = (columns.length - 1 - i) % labelEvery === 0;
    return html`<g>${rects}${
      labelled
        ? html`<text x="${cx}" y="${baseline + 16}" text-anchor="middle">${column.label}</text><text x="${cx}" y="${baseline + 32}" text-anchor="middle">${column.sublabel}</text>`
        : ''
    }</g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${title}</title>${ticks}<line x1="${left}" x2="${width - 8}" y1="${baseline}" y2="${baseline}" stroke="#57606a"/>${bars}</svg>`;
}

// ---------------------------------------------------------------------------------------------
// Sections.

interface Context {
  readonly runs: readonly ReportRun[];
  readonly latest: ReportRun | undefined;
  /** What changed from the run before last to the latest: the diff `ai-evidence diff` gives, its lists cut at {@link MAX_LISTED}, or why it cannot be told. */
  readonly changes: RunDiff | { error: string } | undefined;
  readonly controls: ReadonlyMap<string, Control>;
  readonly frameworks: readonly Framework[];
}

/** `MM-DD HH:MM` of the run's start, in UTC as recorded. */
function runLabel(run: ReportRun): string {
  const at = run.manifest.startedAt;
  return `${at.slice(5, 10)} ${at.slice(11, 16)}`;
}

/** A run's roll-up: its findings' counts and its sealed attestations, judged at its start. */
function rollUpRun(framework: Framework, run: ReportRun): FrameworkResult {
  return rollUpCounts(framework, catalog, run.byControl, { attestations: run.attestations, at: run.manifest.startedAt });
}

function attestationSection(ctx: Context): SafeHtml {
  const { latest } = ctx;
  const list = latest?.attestations ?? [];
  if (latest === undefined || list.length === 0) {
    return html`<section id="attestations"><h2>Attestations</h2><p>No signed attestation was sealed with the latest run: every requirement that no API can show needs one (<code>ai-evidence attest</code>).</p>${latest === undefined ? '' : trustListNote(latest)}</section>`;
  }
  const rows = list.map(({ attestation, keyId, evidenceSha256, trust }) => {
    const state = attestationState(attestation, latest.manifest.startedAt);
    const owner = [attestation.owner.name, attestation.owner.role, attestation.owner.email].filter(Boolean).join(', ');
    const signer = trust.trusted
      ? html`trusted: ${trust.attester}<br><span class="note">key ${keyId.slice(0, 16)}</span>`
      : html`<strong>not counted</strong>: ${trust.reason}`;
    return html`<tr><td>${attestation.framework}<br>${code(attestation.requirement)}</td><td>${state === 'VALID' ? 'valid' : state === 'EXPIRED' ? 'expired' : 'not yet valid'} until ${attestation.validUntil}</td><td>${owner}</td><td>${attestation.statement}<br><span class="note">${joinHtml(
      attestation.evidenceLinks.map((l) => code(l)),
      html`<br>`,
    )}</span></td><td>${signer}</td><td>${code(evidenceSha256.slice(0, 16))}</td></tr>`;
  });
  const counted = list.filter((a) => a.trust.trusted).length;
  return html`<section id="attestations"><h2>Attestations</h2>
<p class="lede">Signed statements by the people accountable for what no API can show, sealed with the latest run ${code(latest.runId)} and judged at its start. Each is signed with its author's key; only those signed by a key on the trust list sealed with the run count (${counted} of ${list.length}). The evidence links are as the author gave them.</p>
${trustListNote(latest)}
<table><thead><tr><th>Requirement</th><th>Validity</th><th>Owner</th><th>Statement and evidence</th><th>Signer</th><th>Sealed as</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

/** Which attester keys the run trusted, from the trust list sealed with it. */
function trustListNote(run: ReportRun): SafeHtml {
  const list = run.trustList;
  if (list === undefined) {
    return html`<p class="note">The run sealed no trust list of attester keys (it was made before ai-evidence checked them): none of its attestations counts.</p>`;
  }
  // Runs sealed before the trust list named its source leave it out.
  const from = list.source === undefined ? '' : html`, read from ${code(list.source)}`;
  if (list.attesters.length === 0) {
    return html`<p class="note">The trust list of attester keys sealed with the run (${code(list.evidenceSha256.slice(0, 16))}${from}) is empty: no attestation counts.</p>`;
  }
  return html`<p class="note">Trusted attester keys, as sealed with the run (${code(list.evidenceSha256.slice(0, 16))}${from}): ${joinHtml(
    list.attesters.map((a) => html`${a.name} ${code(a.keyId.slice(0, 16))}`),
    ', ',
  )}.</p>`;
}

/** How many failing controls "At a glance" ranks; the failing controls section lists every one. */
export const GLANCE_TOP_CONTROLS = 10;

const SEVERITY_COLOR: Record<Severity, { bg: string; fg: string }> = {
  CRITICAL: { bg: '#6a1b1a', fg: '#fff' },
  HIGH: { bg: '#c62828', fg: '#fff' },
  MEDIUM: { bg: '#ef6c00', fg: '#fff' },
  LOW: { bg: '#fbc02d', fg: '#1b1f24' },
  INFORMATIONAL: { bg: '#607d8b', fg: '#fff' },
};

function severityBadge(severity: Severity): SafeHtml {
  const { bg, fg } = SEVERITY_COLOR[severity];
  return html`<span class="badge sev" style="background:${bg};color:${fg}">${severity.toLowerCase()}</span>`;
}

/** The latest run's failing controls with their severity and failing resources, ranked as the CLI ranks them. */
function rankedFailing(ctx: Context, latest: ReportRun): (FailingControl & { title: string | undefined })[] {
  return rankFailingControls(
    [...latest.failing].map(([controlId, { shown, total }]) => {
      const control = ctx.controls.get(controlId);
      const severity: Severity = shown[0]?.finding.severity ?? control?.severity ?? 'INFORMATIONAL';
      return { controlId, severity, failing: total, title: control?.title };
    }),
  );
}

/** Requirements met (passing or attested) out of all, as a whole percentage rounded down: 99.6% met is not 100%. */
function metShare(result: FrameworkResult): { met: number; percent: number } {
  const met = result.totals.PASS + result.totals.ATTESTED;
  const all = result.requirements.length;
  return { met, percent: all === 0 ? 0 : Math.floor((met / all) * 100) };
}

function glance(ctx: Context): HtmlValue {
  const { latest } = ctx;
  if (latest === undefined) return html`<h2 id="glance">At a glance</h2><p><strong>No runs in the range.</strong></p>`;
  const ranked = rankedFailing(ctx, latest);
  const top = ranked.slice(0, GLANCE_TOP_CONTROLS);
  const insufficient = latest.counts.INSUFFICIENT_EVIDENCE;
  const gaps = latest.manifest.coverage.filter((c) => c.status !== 'COMPLETE').length;

  const results = ctx.frameworks.map((framework) => rollUpRun(framework, latest));
  const postureRows: BarRow[] = results.map((result) => {
    const { met, percent } = metShare(result);
    return {
      label: result.title,
      segments: GLANCE_STATUSES.map((status) => ({ status, count: result.totals[status] })),
      note: `${percent}% met (${met} of ${result.requirements.length})`,
    };
  });
  const postureText = results.map((result) => {
    const t = result.totals;
    return html`<li><strong>${result.title}</strong>: of ${result.requirements.length} requirements, ${t.PASS} pass, ${t.ATTESTED} are attested, ${t.FAIL} fail, ${t.INSUFFICIENT_EVIDENCE} lack evidence; ${t.ATTESTATION_REQUIRED} need an attestation and ${t.ATTESTATION_EXPIRED} a new one (${result.automation.AUTOMATED} decided by automated evidence, ${result.automation.PARTLY_AUTOMATED} partly, ${result.automation.MANUAL} by attestation only).</li>`;
  });

  const bySeverity = SEVERITIES.map((severity) => {
    const of = ranked.filter((c) => c.severity === severity);
    return { severity, controls: of.length, resources: of.reduce((sum, c) => sum + c.failing, 0) };
  });
  const severityItems = bySeverity.map(
    (s) =>
      html`<li data-severity="${s.severity}">${severityBadge(s.severity)} <strong>${s.controls}</strong> control${s.controls === 1 ? '' : 's'}, ${s.resources} resource${s.resources === 1 ? '' : 's'}</li>`,
  );

  const topRows = top.map(
    (c, i) =>
      html`<tr><td class="num">${i + 1}</td><td><a href="#control-${c.controlId}">${code(c.controlId)}</a></td><td>${c.title ?? html`<span class="note">not in this report’s catalog</span>`}</td><td>${severityBadge(c.severity)}</td><td class="num">${c.failing}</td></tr>`,
  );

  // The same diff as the changes section and `ai-evidence diff`: its totals, not a count of its own.
  const diff = ctx.changes;
  const previous = ctx.runs.length >= 2 ? ctx.runs[ctx.runs.length - 2] : undefined;
  const changed =
    diff === undefined || previous === undefined
      ? html`one run in the range, nothing to compare it with.`
      : 'error' in diff
        ? html`the changes cannot be told (<a href="#changes">why</a>).`
        : html`<strong>${diff.findings.totals.STATUS}</strong> findings with another status, <strong>${diff.findings.totals.NEW}</strong> new, <strong>${diff.findings.totals.RESOLVED}</strong> no longer reported; <strong>${diff.requirements.changes.length}</strong> requirements with another status <span class="note">(against ${code(previous.runId)}; <a href="#changes">which ones</a>)</span>.`;

  return html`<h2 id="glance">At a glance</h2>
<p class="note">The latest run in the range, ${code(latest.runId)} (${latest.manifest.startedAt}): ${latest.counts.FAIL} failing findings on ${ranked.length} controls, ${insufficient} findings with insufficient evidence, ${gaps} partial or failed collector reads (<a href="#coverage">coverage gaps</a>).</p>
<div class="glance-line"><strong>Failing by severity:</strong><ul class="severity">${severityItems}</ul></div>
<p class="changes"><strong>Since the previous run:</strong> ${changed}</p>
<h3>Top failing controls by risk</h3>
${
  top.length === 0
    ? html`<p>No control fails.</p>`
    : html`<table class="top-risks"><colgroup><col style="width:3%"><col style="width:36%"><col style="width:46%"><col style="width:8%"><col style="width:7%"></colgroup>
<thead><tr><th class="num">#</th><th>Control</th><th>What it checks</th><th>Severity</th><th class="num">Failing</th></tr></thead><tbody>${topRows}</tbody></table>
<p class="note">Failing: the number of failing resources. Most severe first, then most failing resources.${ranked.length > top.length ? html` ${ranked.length - top.length} more failing controls are under <a href="#failing">Failing controls</a>, with every failing resource.` : ''}</p>`
}
<h3>Posture per framework</h3>${legend(GLANCE_STATUSES)}
<figure class="glance-posture">${stackedRows('Requirements per status in each framework', postureRows)}
<figcaption>Each bar is one framework's requirements by status; met means passing or attested. <a href="#posture">Per requirement</a>.</figcaption></figure>
<details><summary>Posture in words</summary><ul class="posture-text">${postureText}</ul></details>`;
}

function assessedSection(ctx: Context, options: ReportOptions): SafeHtml {
  const { runs } = ctx;
  const accounts = unique(runs.flatMap((r) => r.manifest.scopes.map((s) => s.accountId)));
  const regions = unique(runs.flatMap((r) => r.manifest.scopes.map((s) => s.region)));
  const first = runs[0];
  const range = first && ctx.latest ? `${first.manifest.startedAt} to ${ctx.latest.manifest.finishedAt}` : 'no runs';
  const toolVersions = unique(runs.map((r) => r.manifest.toolVersion));
  const catalogVersions = unique(runs.map((r) => r.manifest.catalogVersion));
  const otherCatalog = catalogVersions.filter((v) => v !== toolCatalogVersion);
  const rows = runs.map(
    (run, i) => html`<tr>
<td class="num">${i + 1}</td><td>${code(run.runId)}</td><td>${run.manifest.startedAt}</td><td>${run.manifest.finishedAt}</td>
<td class="num">${run.manifest.scopes.length}</td><td class="num">${run.evidenceCount}</td><td class="num">${run.findingCount}</td>
<td>${run.manifest.toolVersion}<br>${code(run.manifest.catalogVersion)}</td></tr>`,
  );
  const seals = runs.map(
    (run, i) => html`<tr>
<td class="num">${i + 1}</td>
<td>Merkle root ${code(run.manifest.merkle.root)} <span class="note">(${run.manifest.merkle.algorithm}, ${run.manifest.merkle.treeSize} objects)</span><br>
Statement SHA-256 ${code(run.statementSha256)}<br>
Signer key id ${code(run.manifest.signer.keyId)} <span class="note">(${run.manifest.signer.algorithm})</span></td>
<td>${
      run.manifest.previous
        ? html`${code(run.manifest.previous.runId)}<br><span class="note">statement SHA-256</span> ${code(run.manifest.previous.statementSha256)}`
        : html`<span class="note">none: the first run of its chain</span>`
    }</td></tr>`,
  );
  return html`<section id="assessed"><h2>What was assessed</h2>
<dl class="facts">
<dt>Runs</dt><dd>${runs.length}</dd>
<dt>Time range</dt><dd>${range}</dd>
<dt>AWS accounts</dt><dd>${accounts.length === 0 ? 'none' : joinHtml(accounts.map(code), ', ')}</dd>
<dt>Regions</dt><dd>${regions.length === 0 ? 'none' : joinHtml(regions.map(code), ', ')}</dd>
<dt>Tool version of the runs</dt><dd>${toolVersions.length === 0 ? 'none' : toolVersions.join(', ')}</dd>
<dt>Control catalog of the runs</dt><dd>${catalogVersions.length === 0 ? 'none' : joinHtml(catalogVersions.map(code), ', ')}</dd>
<dt>Report made by</dt><dd>${options.toolVersion}, catalog ${code(toolCatalogVersion)}, at ${options.generatedAt}</dd>
<dt>Frameworks, leading one first</dt><dd>${ctx.frameworks.map((f) => f.title).join(', ')}</dd>
</dl>
${
  otherCatalog.length > 0
    ? html`<p class="note">Some runs were judged with another control catalog (${joinHtml(otherCatalog.map(code), ', ')}) than this report's (${code(toolCatalogVersion)}): titles, remediation and framework mappings shown here are this report's catalog's.</p>`
    : ''
}${joinHtml(
  runs.flatMap((run, i) => {
    const other = new ReEvaluation(run.manifest, catalog, toolCatalogVersion).notReEvaluated();
    if (other.length === 0) return [];
    const each = other.map(
      (c) =>
        html`${code(c.controlId)} v${c.sealedVersion} (${c.toolVersion === null ? 'not in this report\u2019s catalog' : `this catalog has v${c.toolVersion}`})`,
    );
    return [
      html`<p class="note">Run ${i + 1} was judged with control versions this report's catalog does not have; verifying it with this tool does not re-evaluate their findings: ${joinHtml(each, ', ')}.</p>`,
    ];
  }),
  '',
)}
<h3>Runs</h3>
<table><thead><tr><th class="num">#</th><th>Run id</th><th>Started</th><th>Finished</th><th class="num">Scopes</th><th class="num">Evidence records</th><th class="num">Findings</th><th>Tool and catalog</th></tr></thead>
<tbody>${rows}</tbody></table>
<h3>What each run's signature covers</h3>
<p class="note">Each run's signed statement names its manifest by SHA-256 and the Merkle root (RFC 9162) over the SHA-256 of every object; a run names the statement of the run before it.</p>
<table><thead><tr><th class="num">#</th><th>Merkle root, statement digest and signer</th><th>Previous run</th></tr></thead>
<tbody>${seals}</tbody></table></section>`;
}

function rmfPosture(result: FrameworkResult, framework: Framework): SafeHtml {
  const rows: BarRow[] = framework.groups.map((group) => {
    const requirements = result.requirements.filter((r) => r.group === group);
    const automated = requirements.filter((r) => r.status !== 'ATTESTATION_REQUIRED').length;
    return {
      label: group,
      segments: REQUIREMENT_STATUSES.map((status) => ({ status, count: requirements.filter((r) => r.status === status).length })),
      note: `${automated} of ${requirements.length} with automated evidence`,
    };
  });
  return html`<h3>${result.title}: subcategory status per function</h3>${legend(REQUIREMENT_STATUSES)}
<figure>${stackedRows(`${result.title}: subcategories per status in each function`, rows)}
<figcaption>Each bar is one function's subcategories by status. A subcategory no control maps to needs an attestation: automated evidence does not cover it.</figcaption></figure>
${requirementTable(result)}`;
}

/** A bar's label for a requirement: the capability's name (CAF-AI), or the id and short title, cut to fit the label column. */
function requirementLabel(framework: Framework, requirement: { id: string; text: string }): string {
  if (framework.id === 'caf-ai') return requirement.text.split(':')[0] ?? requirement.id;
  const label = `${requirement.id} ${requirement.text}`;
  return label.length > 40 ? `${label.slice(0, 39).trimEnd()}…` : label;
}

function requirementPosture(result: FrameworkResult, framework: Framework): SafeHtml {
  const unit = framework.id === 'caf-ai' ? 'capability' : framework.id === 'owasp-llm' ? 'risk' : 'article';
  const rows: BarRow[] = result.requirements.map((requirement) => {
    const name = requirementLabel(framework, requirement);
    const segments: BarSegment[] =
      requirement.status === 'ATTESTATION_REQUIRED'
        ? [{ status: 'ATTESTATION_REQUIRED', count: 1 }]
        : FINDING_ORDER.map((status) => ({ status, count: requirement.counts[status] }));
    return { label: name, segments, note: STATUS_LABEL[requirement.status], uncounted: requirement.status === 'ATTESTATION_REQUIRED' };
  });
  return html`<h3>${result.title}: status per ${unit}</h3>${legend(REQUIREMENT_STATUSES)}
<figure>${stackedRows(`${result.title}: findings per status in each ${unit}`, rows)}
<figcaption>Each bar is the findings of the controls mapped to one ${unit}, by status; the ${unit}'s status is on the right. A ${unit} no control maps to needs an attestation.</figcaption></figure>
${requirementTable(result)}`;
}

function requirementTable(result: FrameworkResult): SafeHtml {
  const covered = result.requirements.filter((r) => r.status !== 'ATTESTATION_REQUIRED');
  const rows = covered.map(
    (r) => html`<tr><td>${r.id}</td><td>${badge(r.status)}</td><td>${joinHtml(r.controls.map(code), html`<br>`)}</td>
<td class="num">${r.counts.FAIL}</td><td class="num">${r.counts.INSUFFICIENT_EVIDENCE}</td><td class="num">${r.counts.PASS}</td><td class="num">${r.counts.NOT_APPLICABLE}</td></tr>`,
  );
  const totals = REQUIREMENT_STATUSES.map((s) => `${result.totals[s]} ${STATUS_LABEL[s].toLowerCase()}`).join(', ');
  return html`<p class="note">${result.requirements.length} requirements: ${totals}.</p>
<details><summary>Requirements with automated evidence (${covered.length})</summary>
<table><thead><tr><th>Requirement</th><th>Status</th><th>Controls</th><th class="num">Fail</th><th class="num">Insufficient</th><th class="num">Pass</th><th class="num">N/A</th></tr></thead>
<tbody>${rows}</tbody></table></details>`;
}

function postureSection(ctx: Context): SafeHtml {
  const { latest } = ctx;
  if (latest === undefined) return html`<section id="posture"><h2>Posture</h2><p>No runs in the range.</p></section>`;
  const parts = ctx.frameworks.map((framework) => {
    const result = rollUpRun(framework, latest);
    return framework.id === 'nist-ai-rmf' || framework.id === 'iso-42001'
      ? rmfPosture(result, framework)
      : requirementPosture(result, framework);
  });
  return html`<section id="posture"><h2>Posture</h2>
<p class="lede">From the latest run in the range, ${code(latest.runId)} (${latest.manifest.startedAt}). A requirement fails if any finding of a control mapped to it fails; else it lacks evidence if any does; else it passes if any finding passed.</p>
${parts}</section>`;
}

function trendSection(ctx: Context): SafeHtml {
  const { runs } = ctx;
  if (runs.length === 0) return html`<section id="trend"><h2>Trend across runs</h2><p>No runs in the range.</p></section>`;
  const counts = runs.map((run) => run.counts);
  const columns: Column[] = runs.map((run, i) => ({
    label: `#${i + 1}`,
    sublabel: runLabel(run),
    segments: FINDING_ORDER.map((status) => ({ status, count: (counts[i] as Record<FindingStatus, number>)[status] })),
  }));
  const rmf = ctx.frameworks[0];
  const rmfColumns: Column[] =
    rmf === undefined
      ? []
      : runs.map((run, i) => {
          const result = rollUpRun(rmf, run);
          return {
            label: `#${i + 1}`,
            sublabel: runLabel(run),
            segments: REQUIREMENT_STATUSES.filter((s) => s !== 'ATTESTATION_REQUIRED').map((status) => ({
              status,
              count: result.totals[status],
            })),
          };
        });
  const rows = runs.map((run, i) => {
    const c = counts[i] as Record<FindingStatus, number>;
    return html`<tr><td class="num">${i + 1}</td><td>${code(run.runId)}</td><td class="num">${c.FAIL}</td><td class="num">${c.INSUFFICIENT_EVIDENCE}</td><td class="num">${c.PASS}</td><td class="num">${c.NOT_APPLICABLE}</td><td class="num">${run.findingCount}</td></tr>`;
  });
  return html`<section id="trend"><h2>Trend across runs</h2>
${legend(FINDING_ORDER)}
<figure>${stackedColumns('Findings per status in each run', columns)}<figcaption>Findings per status in each run, oldest on the left.</figcaption></figure>
${
  rmf === undefined
    ? ''
    : html`<figure>${stackedColumns(`${rmf.title}: requirements with automated evidence per status in each run`, rmfColumns)}<figcaption>${rmf.title}: requirements with automated evidence, per status in each run.</figcaption></figure>`
}
${controlTrend(ctx)}
${changes(ctx)}
<table><thead><tr><th class="num">#</th><th>Run</th><th class="num">Fail</th><th class="num">Insufficient evidence</th><th class="num">Pass</th><th class="num">Not applicable</th><th class="num">Total</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

/** A small line of one series (one point per run), scaled to `max`. */
function sparkline(label: string, values: readonly number[], max: number): SafeHtml {
  const width = 180;
  const height = 28;
  const step = values.length > 1 ? (width - 8) / (values.length - 1) : 0;
  const point = (v: number, i: number) => `${(4 + i * step).toFixed(1)},${(height - 4 - (v / Math.max(1, max)) * (height - 8)).toFixed(1)}`;
  const points = values.map(point).join(' ');
  const last = values.length - 1;
  const [lx, ly] = point(values[last] ?? 0, last).split(',');
  return html`<svg class="spark" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${label}</title><polyline class="line" points="${points}" fill="none" stroke="${STATUS_COLOR.FAIL}" stroke-width="2"/><circle cx="${lx}" cy="${ly}" r="3" fill="${STATUS_COLOR.FAIL}"/></svg>`;
}

/** Failing findings of each control in each run: one row per control that failed in some run of the range. */
function controlTrend(ctx: Context): HtmlValue {
  const { runs } = ctx;
  const perRun = runs.map(
    (run) => new Map([...run.byControl].filter(([, counts]) => counts.FAIL > 0).map(([id, counts]) => [id, counts.FAIL] as const)),
  );
  const ids = unique(perRun.flatMap((counts) => [...counts.keys()]));
  if (ids.length === 0) return html`<h3>Failing findings per control</h3><p class="note">No control failed in any run of the range.</p>`;
  const series = ids.map((id) => ({ id, values: perRun.map((counts) => counts.get(id) ?? 0) }));
  const max = Math.max(...series.flatMap((s) => s.values));
  const rows = series.map(
    ({ id, values }) =>
      html`<tr><td>${code(id)}</td><td>${sparkline(`${id}: failing findings per run, oldest first: ${values.join(', ')}`, values, max)}</td><td class="num">${values[0] ?? 0}</td><td class="num">${values[values.length - 1] ?? 0}</td><td class="num">${Math.max(...values)}</td></tr>`,
  );
  return html`<h3>Failing findings per control</h3>
<p class="note">One line per control that failed in some run, oldest run on the left, on a common scale (0 to ${max}).</p>
<table><thead><tr><th>Control</th><th>Across the ${runs.length} run${runs.length === 1 ? '' : 's'}</th><th class="num">First run</th><th class="num">Latest run</th><th class="num">Most</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function findingChangeItem(c: FindingChange): SafeHtml {
  const where = html`${code(c.controlId)} on ${code(c.resource.id)} (${code(c.accountId)}, ${code(c.region)})`;
  const label = (status: FindingStatus | undefined) => STATUS_LABEL[status ?? 'INSUFFICIENT_EVIDENCE'];
  const what =
    c.change === 'NEW'
      ? html`new, ${label(c.after?.status)}: ${c.after?.reason}`
      : c.change === 'RESOLVED'
        ? html`no longer reported, was ${label(c.before?.status)}: ${c.before?.reason}`
        : c.change === 'STATUS'
          ? html`${label(c.before?.status)} to ${label(c.after?.status)}: ${c.after?.reason} <span class="note">(was: ${c.before?.reason})</span>`
          : html`still ${label(c.after?.status)}, another reason: ${c.after?.reason} <span class="note">(was: ${c.before?.reason})</span>`;
  return html`<li data-change="${c.change}" data-identity="${c.identity}">${where}: ${what}</li>`;
}

function coverageSide(side: CoverageChange['before']): string {
  if (side === null) return 'no entry';
  return side.kinds.length === 0 ? side.status : `${side.status} (${side.kinds.join(', ')})`;
}

/**
 * What changed between the last two runs: the diff of the two (lib/diff, the one `ai-evidence diff`
 * prints), findings matched by their identity (control, account, region, resource).
 */
function changes(ctx: Context): HtmlValue {
  const { runs, changes: diff } = ctx;
  if (runs.length < 2 || diff === undefined) return '';
  if ('error' in diff)
    return html`<h3 id="changes">Changes since the previous run</h3>\n<p class="note">The changes cannot be told: ${diff.error}</p>`;
  const list = <T>(items: readonly T[], total: number, item: (f: T) => SafeHtml) =>
    total === 0
      ? html`<p class="note">None.</p>`
      : html`<ul>${items.slice(0, MAX_LISTED).map(item)}</ul>${total > MAX_LISTED ? html`<p class="note">and ${total - MAX_LISTED} more.</p>` : ''}`;
  const t = diff.findings.totals;
  const findingTotal = t.NEW + t.RESOLVED + t.STATUS + t.REASON;
  return html`<h3 id="changes">Changes since the previous run</h3>
<p class="note">Between ${code(diff.before.runId)} and ${code(diff.after.runId)}, as ${code(`ai-evidence diff ${diff.before.runId} ${diff.after.runId}`)} gives them; a finding is the same across runs when its control, account, region and resource are.</p>
<h4>Findings that changed (${findingTotal})</h4>
<p class="note">${t.STATUS} with another status, ${t.NEW} new, ${t.RESOLVED} no longer reported, ${t.REASON} with another reason.</p>${list(diff.findings.changes, findingTotal, findingChangeItem)}
<h4>Coverage that changed (${diff.coverage.changes.length})</h4>${list(
    diff.coverage.changes,
    diff.coverage.changes.length,
    (c) =>
      html`<li data-coverage="${c.collector} ${c.accountId} ${c.region}">${code(c.collector)} (${code(c.accountId)}, ${code(c.region)}): ${coverageSide(c.before)} to ${coverageSide(c.after)}</li>`,
  )}
<h4>Requirements whose status changed (${diff.requirements.changes.length})</h4>${list(
    diff.requirements.changes,
    diff.requirements.changes.length,
    (r) => html`<li data-requirement="${r.framework} ${r.requirement}">${r.framework}: ${r.message}</li>`,
  )}`;
}

function failingSection(ctx: Context): SafeHtml {
  const { latest } = ctx;
  if (latest === undefined) return html`<section id="failing"><h2>Failing controls</h2><p>No runs in the range.</p></section>`;
  // In the order "At a glance" ranks them, so its top ten are the first blocks here.
  const ids = rankedFailing(ctx, latest).map((c) => c.controlId);
  const blocks = ids.map((id) => {
    const { shown, total } = latest.failing.get(id) as { shown: readonly SealedFinding[]; total: number };
    const control = ctx.controls.get(id);
    const severity = shown[0]?.finding.severity ?? control?.severity ?? '';
    const rows = shown.map(
      (f) =>
        html`<tr><td>${code(f.finding.accountId)}</td><td>${code(f.finding.region)}</td><td>${f.finding.resource.type}<br>${code(f.finding.resource.id)}</td><td>${f.finding.reason}</td><td>${joinHtml(
          f.finding.evidence.map((sha) => html`<a href="#${evidenceAnchor(ctx.runs.length - 1, sha)}">${code(sha.slice(0, 12))}</a>`),
          ' ',
        )}</td></tr>`,
    );
    return html`<div class="control" id="control-${id}">
<h3>${code(id)}: ${control?.title ?? 'not in this report\u2019s catalog'}</h3>
<dl class="facts"><dt>Severity</dt><dd>${severity}</dd>
<dt>Failing resources</dt><dd>${total}</dd>
${control ? html`<dt>Why it matters</dt><dd>${control.rationale}</dd>` : ''}
<dt>Remediation</dt><dd class="remediation">${control ? control.remediation : 'This control is not in the catalog of this report; see the catalog of the run.'}</dd>
${control ? html`<dt>NIST AI RMF</dt><dd>${control.aiRmf.join(', ')}</dd><dt>CAF-AI</dt><dd>${control.cafAi.join(', ')}</dd>` : ''}
</dl>
<table><thead><tr><th>Account</th><th>Region</th><th>Resource</th><th>Reason</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>
${total > shown.length ? html`<p class="note">${total - shown.length} more failing resources are in the bundle's findings.csv.</p>` : ''}
</div>`;
  });
  return html`<section id="failing"><h2>Failing controls</h2>
<p class="lede">Controls with a failing finding in the latest run, ${code(latest.runId)}, with their remediation and the resources that fail: the most severe first, then those failing on the most resources.</p>
${ids.length === 0 ? html`<p>No control fails in the latest run.</p>` : blocks}</section>`;
}

/** A key of the run without the run's prefix, e.g. `evidence/<sha256>.json`. */
function relativeKey(run: ReportRun, key: string): string {
  const prefix = runKeys.prefix(run.runId);
  return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

function evidenceAnchor(runIndex: number, sha256: string): string {
  return `run${runIndex}-evidence-${sha256}`;
}

/**
 * A resource's tags as the run sealed them (owner-like first, then by key), or nothing when it has
 * none on record. Keys and values come from AWS and are escaped like any other text.
 */
function resourceTags(tags: RunTags, resourceId: string): SafeHtml | string {
  const found = tags.get(resourceId);
  if (found === undefined || Object.keys(found).length === 0) return '';
  const pairs = tagKeysOwnerFirst(found).map((key) => code(`${key}=${found[key]}`));
  return html`<br><span class="note">Tags: ${joinHtml(pairs, ' ')}</span>`;
}

function evidenceData(record: StoredEvidence['record']): SafeHtml {
  const json = JSON.stringify(record.data, null, 2);
  const shown =
    json.length > MAX_DATA_CHARS ? `${json.slice(0, MAX_DATA_CHARS)}\n\u2026 (truncated: the whole record is in the bundle)` : json;
  return html`<details><summary>API answer (data)</summary><pre>${shown}</pre></details>`;
}

/**
 * The evidence of one run: its shown findings and the records they cite. `records` holds those
 * records (every one of `run.cited`), read from the store when this part is written.
 */
function runEvidence(runCount: number, run: ReportRun, index: number, records: ReadonlyMap<string, StoredEvidence>): SafeHtml {
  const bySha = records;
  const shownFindings = run.shown;
  const shownEvidence = [...run.cited.keys()]
    .slice(0, MAX_EVIDENCE_ROWS_PER_RUN)
    .map((sha) => records.get(sha))
    .filter((e): e is StoredEvidence => e !== undefined);
  const findingRows = shownFindings.map((f) => {
    const refs = f.finding.evidence.map((sha) => {
      const record = bySha.get(sha);
      const key = record?.key ?? runKeys.object(run.runId, 'evidence', sha, 'json');
      return html`<li><a href="#${evidenceAnchor(index, sha)}">${code(relativeKey(run, key))}</a>${
        record ? html` <span class="note">${record.record.source.operation}</span>` : html` <strong>not in this run</strong>`
      }</li>`;
    });
    return html`<tr><td>${code(f.finding.controlId)}</td><td>${badge(f.finding.status)}</td><td>${f.finding.resource.type}<br>${code(f.finding.resource.id)}<br><span class="note">${f.finding.accountId} ${f.finding.region}</span>${resourceTags(run.tags, f.finding.resource.id)}</td><td>${f.finding.reason}</td>
<td>${refs.length === 0 ? html`<span class="note">none: a whole scope without evidence</span>` : html`<ul>${refs}</ul>`}<span class="note">the finding: ${code(relativeKey(run, f.key))}</span></td></tr>`;
  });
  const evidenceRows = shownEvidence.map((e) => {
    const r = e.record;
    return html`<tr id="${evidenceAnchor(index, e.sha256)}"><td>${code(e.key)}<br>SHA-256 ${code(e.sha256)}</td><td>${code(r.accountId)}<br>${code(r.region)}</td>
<td>${r.source.collector}<br>${r.source.service} ${r.source.operation}</td><td>${r.resource.type}<br>${code(r.resource.id)}${resourceTags(run.tags, r.resource.id)}</td><td>${r.collectedAt}</td><td>${evidenceData(r)}</td></tr>`;
  });
  const omitted = run.findingCount - shownFindings.length;
  const uncited = run.evidenceCount - shownEvidence.length;
  return html`<details${index === runCount - 1 ? html` open` : ''}><summary>Run ${index + 1}: ${run.runId} (${run.findingCount} findings, ${run.evidenceCount} evidence records)</summary>
<p class="note">Keys below are under ${code(runKeys.prefix(run.runId))}; a finding's or record's file name is the SHA-256 of its bytes.</p>
<h4>Findings</h4>
<table class="fixed"><colgroup><col style="width:17%"><col style="width:11%"><col style="width:24%"><col style="width:22%"><col style="width:26%"></colgroup>
<thead><tr><th>Control</th><th>Status</th><th>Resource</th><th>Reason</th><th>Evidence it rests on</th></tr></thead><tbody>${findingRows}</tbody></table>
${omitted > 0 ? html`<p class="note">${omitted} more findings (passing or not applicable first left out) are in the bundle's findings.csv and the run's findings folder.</p>` : ''}
<h4>Evidence records</h4>
<table><thead><tr><th>Object key and SHA-256</th><th>Account and region</th><th>Collector and API</th><th>Resource</th><th>Collected at</th><th>Data</th></tr></thead><tbody>${evidenceRows}</tbody></table>
${uncited > 0 ? html`<p class="note">${uncited} more evidence records of this run, not cited by the findings above, are in the run's evidence folder.</p>` : ''}
</details>`;
}

/** The evidence section's opening; each run's part follows ({@link runEvidence}), then `</section>`. */
function evidenceSectionStart(ctx: Context): SafeHtml {
  return html`<section id="evidence"><h2>Evidence behind each finding</h2>
<p class="lede">Every finding names the SHA-256 of the evidence records it rests on. A record is the AWS API's answer, stored as canonical JSON (RFC 8785) under the key ${code('runs/<run id>/evidence/<sha256>.json')}; the SHA-256 of its bytes is its name.</p>
${ctx.runs.length === 0 ? html`<p>No runs in the range.</p>` : ''}`;
}

function coverageRows(entries: readonly CoverageEntry[]): SafeHtml[] {
  return entries.flatMap((entry) => {
    const errors = entry.errors.length === 0 ? [undefined] : entry.errors.slice(0, MAX_LISTED);
    return errors.map(
      (error) =>
        html`<tr><td>${code(entry.collector)}</td><td>${code(entry.accountId)}<br>${code(entry.region)}</td><td>${entry.status}<br><span class="note">${entry.records} read</span></td>
<td>${error ? html`${error.operation}${error.resourceId ? html`<br>${code(error.resourceId)}` : ''}` : ''}</td><td>${error ? html`${error.kind}<br>${code(error.code)}` : ''}</td><td>${error?.message ?? ''}</td></tr>`,
    );
  });
}

/** One run's block of the coverage section: its gaps, the collectors that did not run, its findings with insufficient evidence. */
function runCoverage(runCount: number, run: ReportRun, i: number): SafeHtml {
  const gaps = run.manifest.coverage
    .filter((c) => c.status !== 'COMPLETE')
    .slice()
    .sort(byString((c) => `${c.collector}/${c.accountId}/${c.region}`));
  const insufficient = run.counts.INSUFFICIENT_EVIDENCE;
  const complete = run.manifest.coverage.length - gaps.length;
  // A collector of the run or of the catalog with no coverage entry for a scope did not run there.
  const reported = new Set(run.manifest.coverage.map((c) => `${c.collector}\u0000${c.accountId}\u0000${c.region}`));
  const collectors = unique([...run.manifest.coverage.map((c) => c.collector), ...catalog.flatMap((c) => c.collectors)]);
  const notRun = run.manifest.scopes
    .flatMap((scope) => collectors.map((collector) => ({ collector, ...scope })))
    .filter((c) => !reported.has(`${c.collector}\u0000${c.accountId}\u0000${c.region}`))
    .sort(byString((c) => `${c.collector}/${c.accountId}/${c.region}`));
  const unjudged = { length: insufficient };
  const unjudgedRows = run.insufficient
    .slice(0, MAX_LISTED)
    .map(
      (f) =>
        html`<tr><td>${code(f.finding.controlId)}</td><td>${code(f.finding.accountId)}<br>${code(f.finding.region)}</td><td>${f.finding.resource.type}<br>${code(f.finding.resource.id)}</td><td>${f.finding.reason}</td></tr>`,
    );
  return html`<h3>Run ${i + 1}: ${code(run.runId)}</h3>
<p>${complete} of ${run.manifest.coverage.length} collector reads complete; ${gaps.length} partial or failed; ${notRun.length} not run; ${insufficient} findings with insufficient evidence.</p>
${
  notRun.length === 0
    ? ''
    : html`<p>Collectors that did not run in an account and region: ${joinHtml(
        notRun.slice(0, MAX_LISTED).map((c) => html`${code(c.collector)} in ${code(c.accountId)} ${code(c.region)}`),
        '; ',
      )}${notRun.length > MAX_LISTED ? html`; and ${notRun.length - MAX_LISTED} more` : ''}.</p>`
}
${
  gaps.length === 0
    ? html`<p class="note">No coverage gap: every collector read every account and region completely.</p>`
    : html`<table class="fixed"><colgroup><col style="width:17%"><col style="width:13%"><col style="width:10%"><col style="width:22%"><col style="width:14%"><col style="width:24%"></colgroup>
<thead><tr><th>Collector</th><th>Account and region</th><th>Status</th><th>Operation and resource</th><th>Kind and code</th><th>Message</th></tr></thead><tbody>${coverageRows(gaps)}</tbody></table>`
}
${
  unjudged.length === 0
    ? ''
    : html`<details${i === runCount - 1 ? html` open` : ''}><summary>Findings with insufficient evidence (${unjudged.length})</summary>
<table><thead><tr><th>Control</th><th>Account and region</th><th>Resource</th><th>Reason</th></tr></thead><tbody>${unjudgedRows}</tbody></table>
${unjudged.length > MAX_LISTED ? html`<p class="note">${unjudged.length - MAX_LISTED} more are in the bundle's findings.csv.</p>` : ''}</details>`
}`;
}

/** The coverage section's opening; each run's block follows ({@link runCoverage}), then `</section>`. */
function coverageSectionStart(ctx: Context): SafeHtml {
  return html`<section id="coverage"><h2>Coverage gaps</h2>
<p class="lede">What a run could not read. PARTIAL: the listing was complete but some resources could not be read. FAILED: the listing itself failed, so the resources there are unknown. Controls judge what could not be read as insufficient evidence, never as passing.</p>
${ctx.runs.length === 0 ? html`<p>No runs in the range.</p>` : ''}`;
}

function verifySection(ctx: Context): SafeHtml {
  const example = ctx.latest;
  const evidenceExample = example?.firstEvidence;
  return html`<section id="verify"><h2>How to verify</h2>
<p class="lede">This report is a view of the bundle it came in; the bundle's signed objects are the evidence. Check them, not this page.</p>
<ol class="steps">
<li>Verify the whole bundle offline: ${code('ai-evidence verify bundle.zip')}, or better ${code('ai-evidence verify bundle.zip --public-key signer.pem')} with the signer's public key received from its owner out of band. It checks each run's signature over its statement, that the statement names the manifest by its SHA-256 and the Merkle root, that every object's SHA-256 and size are the ones listed in the manifest, every Merkle inclusion proof, the chain of runs, and it re-evaluates the findings from the evidence. It exits non-zero and names the failing item on any change.</li>
<li>Check any one object by hand: its SHA-256 is its name and is listed in the signed manifest. For example ${
    evidenceExample
      ? html`${code(`sha256sum ${evidenceExample.key}`)} must print ${code(evidenceExample.sha256)}, the SHA-256 the manifest ${code(runKeys.manifest(example.runId))} lists for that key`
      : html`${code('sha256sum runs/<run id>/evidence/<sha256>.json')} must print the SHA-256 in its name, which the run's manifest lists for that key`
  }.</li>
<li>Check that the manifest is the signed one: its SHA-256 is the first subject of the statement in ${code('statement.dsse.json')} (the DSSE envelope's payload, base64). The envelope's signature is ECDSA P-256 / SHA-256 over the DSSE pre-authentication encoding, made with the key in the run's ${code('keys/')} folder; the bundle's README shows how to check it with openssl alone.</li>
<li>Check that an object is in the signed tree without the rest of the run: its inclusion proof (RFC 9162) in ${code('runs/<run id>/proofs/')} leads from its SHA-256 to the Merkle root the statement names.</li>
<li>Compare each run's Merkle root and statement SHA-256 with the table under <a href="#assessed">What was assessed</a>, and each run's previous run with the one before it: a run that was removed or replaced breaks the chain.</li>
</ol></section>`;
}

/** The limits of the lists the report shows. */
export const REPORT_LIMITS: ReportLimits = {
  maxShown: MAX_EVIDENCE_ROWS_PER_RUN,
  maxListed: MAX_LISTED,
  maxFailing: MAX_FAILING_RESOURCES_PER_CONTROL,
};

/**
 * Gathers the report's view of runs that are read one at a time, oldest first: {@link run} gives
 * the builder of the i-th run, which is fed that run's evidence keys and findings in manifest order.
 */
export class ReportModel {
  readonly runs: ReportRun[] = [];
  /** The diff of the last two runs' findings, fed as they are read; the run before last is read again ({@link addPreviousAgain}). */
  readonly changes: FindingDiff | undefined;
  /** The index of the run before last, whose findings {@link addPreviousAgain} takes once every run was added; undefined for one run. */
  readonly previousIndex: number | undefined;
  constructor(readonly runCount: number) {
    this.changes = runCount >= 2 ? new FindingDiff({ limit: MAX_LISTED }) : undefined;
    this.previousIndex = runCount >= 2 ? runCount - 2 : undefined;
  }

  /** A finding of the run before last, read again after every run was added: the diff's third pass. */
  addPreviousAgain(sealed: SealedFinding): void {
    this.changes?.addBeforeAgain(sealed.finding);
  }

  run(index: number, run: { runId: string; manifest: RunDescription; statementSha256: string }): ReportRunBuilder {
    return new ReportRunBuilder(run, REPORT_LIMITS, {
      latest: index === this.runCount - 1,
      previous: index === this.runCount - 2,
      changes: this.changes,
    });
  }

  /**
   * Takes the i-th run once its builder has finished: renders its parts of the report at once
   * (`records` are the evidence records it cites, every one of `run.cited`), and keeps of it only
   * what the rest of the report needs (counts, the latest run's failing findings). The findings and
   * records its parts list are let go, so an export of many runs does not hold each run's lists.
   */
  add(index: number, run: ReportRun, records: ReadonlyMap<string, StoredEvidence>): RunParts {
    const parts = {
      evidence: runEvidence(this.runCount, run, index, records).toString(),
      coverage: runCoverage(this.runCount, run, index).toString(),
    };
    this.runs.push({ ...run, shown: [], cited: new Map(), insufficient: [], tags: new Map() });
    return parts;
  }
}

/** A run's parts of the report: its part of the evidence section and its block of the coverage section. */
export interface RunParts {
  readonly evidence: string;
  readonly coverage: string;
}

/**
 * The report of an export in pieces, from a {@link ReportModel} to which every run was added:
 * `part(i, which)` gives back the i-th run's part that {@link ReportModel.add} rendered (an export
 * keeps them on disk meanwhile). The pieces joined are the document {@link renderReport} gives for
 * the same runs.
 */
export async function* reportChunks(
  model: ReportModel,
  options: ReportOptions,
  part: (index: number, which: keyof RunParts) => Promise<string>,
): AsyncGenerator<string> {
  const ctx = context(model, options);
  yield documentHead(ctx, options);
  for (let i = 0; i < ctx.runs.length; i++) yield await part(i, 'evidence');
  yield tailStart(ctx);
  for (let i = 0; i < ctx.runs.length; i++) yield await part(i, 'coverage');
  yield tailEnd(ctx);
}

/** The frameworks a report shows, in order when none leads. */
export { REPORT_FRAMEWORK_IDS, type ReportFrameworkId };

const REPORT_FRAMEWORKS: readonly Framework[] = [nistAiRmf, cafAi, owaspLlm, euAiAct];

/** The report's frameworks, the one it leads with first. */
function reportFrameworks(lead: ReportFrameworkId | undefined): Framework[] {
  const first = REPORT_FRAMEWORKS.find((f) => f.id === (lead ?? 'nist-ai-rmf')) ?? nistAiRmf;
  return [first, ...REPORT_FRAMEWORKS.filter((f) => f !== first)];
}

/** `a, b and c`. */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The diff of the last two runs, once the run before last was read again; what `ai-evidence diff` gives for them (lists cut at {@link MAX_LISTED}). */
function runDiff(model: ReportModel): RunDiff | { error: string } | undefined {
  const { runs, changes } = model;
  if (changes === undefined || runs.length < 2) return undefined;
  try {
    return assembleDiff(runs[runs.length - 2] as ReportRun, runs[runs.length - 1] as ReportRun, changes.finish(), catalog);
  } catch (error) {
    // Findings of a run that share an identity (which no run of this tool seals) leave the changes untold, not the report unwritten.
    if (error instanceof DiffError) return { error: error.message };
    throw error;
  }
}

function context(model: ReportModel, options: ReportOptions): Context {
  return {
    runs: model.runs,
    latest: model.runs[model.runs.length - 1],
    changes: runDiff(model),
    controls: new Map(catalog.map((c) => [c.id, c])),
    frameworks: reportFrameworks(options.framework),
  };
}

function documentHead(ctx: Context, options: ReportOptions): string {
  const { runs } = ctx;
  const first = runs[0];
  const span =
    first && ctx.latest ? `${first.manifest.startedAt.slice(0, 10)} to ${ctx.latest.manifest.finishedAt.slice(0, 10)}` : 'no runs';
  const title = `AI evidence report: ${span}`;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${options.toolVersion}">
<title>${title}</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<main>
<header><h1>${title}</h1>
<p class="lede">Evidence of the AI workloads in ${runs.length} sealed run${runs.length === 1 ? '' : 's'}, judged against ${listOf(ctx.frameworks.map((f) => f.title))}. Generated at ${options.generatedAt} by ${options.toolVersion}.</p>
${glance(ctx)}
<nav><strong>Contents</strong><ol>
<li><a href="#glance">At a glance</a></li><li><a href="#assessed">What was assessed</a></li><li><a href="#posture">Posture</a></li><li><a href="#trend">Trend across runs</a></li>
<li><a href="#failing">Failing controls</a></li><li><a href="#attestations">Attestations</a></li><li><a href="#evidence">Evidence behind each finding</a></li><li><a href="#coverage">Coverage gaps</a></li>
<li><a href="#verify">How to verify</a></li></ol></nav>
</header>
${assessedSection(ctx, options)}
${postureSection(ctx)}
${trendSection(ctx)}
${failingSection(ctx)}
${attestationSection(ctx)}
${evidenceSectionStart(ctx)}`.toString();
}

/** After the runs' evidence parts: the end of the evidence section and the start of the coverage section, whose run blocks follow. */
function tailStart(ctx: Context): string {
  return html`</section>
${coverageSectionStart(ctx)}`.toString();
}

function tailEnd(ctx: Context): string {
  return html`</section>
${verifySection(ctx)}
</main>
</body>
</html>
`.toString();
}

/**
 * The report of an export: one self-contained HTML document (inline CSS and SVG, no script, no
 * external resource, a Content-Security-Policy that forbids loading any). `runs` are as
 * {@link loadSealedRun} returns them, oldest first. Pure: the same input gives the same bytes.
 * Every value from AWS or the store is escaped by {@link html}. Its lists are bounded (worst first,
 * with a count of the rest), so its size does not grow with a run's; an export writes the same
 * document with {@link reportChunks} from runs it reads one object at a time.
 */
export function renderReport(runs: readonly SealedRunData[], options: ReportOptions): string {
  const model = new ReportModel(runs.length);
  const runParts: RunParts[] = [];
  for (const [i, run] of runs.entries()) {
    const builder = model.run(i, run);
    for (const evidence of run.evidence) builder.addEvidence(evidence);
    const citable = citableEvidence(run);
    for (const finding of run.findings) builder.addFinding(finding, citable(finding));
    const finished = builder.finish();
    const records = new Map(run.evidence.filter((e) => finished.cited.has(e.sha256)).map((e) => [e.sha256, e]));
    runParts.push(model.add(i, finished, records));
  }
  if (model.previousIndex !== undefined) for (const f of (runs[model.previousIndex] as SealedRunData).findings) model.addPreviousAgain(f);
  const ctx = context(model, options);
  return [
    documentHead(ctx, options),
    ...runParts.map((p) => p.evidence),
    tailStart(ctx),
    ...runParts.map((p) => p.coverage),
    tailEnd(ctx),
  ].join('');
}
