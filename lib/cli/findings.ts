import { rankFailingControls } from '../controls/ranking.js';
import { type Finding, type FindingStatus, SEVERITIES, type Severity } from '../controls/types.js';
import { parseItem, readRunHead, readRunItems } from '../export/load.js';
import type { EvidenceStore } from '../store/types.js';
import { table } from './format.js';

/** Which findings `ai-evidence findings` lists; an absent field matches every finding. */
export interface FindingFilter {
  status?: FindingStatus;
  severity?: Severity;
  control?: string;
}

function matches(f: Finding, filter: FindingFilter): boolean {
  return (
    (filter.status === undefined || f.status === filter.status) &&
    (filter.severity === undefined || f.severity === filter.severity) &&
    (filter.control === undefined || f.controlId === filter.control)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The findings of a sealed run that match `filter`, each read from the store and checked against
 * its SHA-256 in the manifest the run's statement names (v2: in its shard's pack, whose manifest the
 * run manifest names; the signature is `verify`'s to check).
 * Ordered as `assess` ranks controls: the most severe control first, then the one with the most
 * matching findings, then by id; within a control by account, region and resource.
 */
export async function sealedFindings(
  store: EvidenceStore,
  runId: string,
  filter: FindingFilter,
): Promise<{ findings: Finding[]; total: number }> {
  const head = await readRunHead(store, runId);
  const matched: Finding[] = [];
  let total = 0;
  for await (const { item, bytes } of readRunItems(store, head, ['finding'])) {
    const parsed = parseItem(item, bytes);
    if (parsed.kind !== 'finding') continue;
    total++;
    if (matches(parsed.finding.finding, filter)) matched.push(parsed.finding.finding);
  }
  const perControl = new Map<string, { controlId: string; severity: Severity; failing: number }>();
  for (const f of matched) {
    const c = perControl.get(f.controlId) ?? { controlId: f.controlId, severity: f.severity, failing: 0 };
    c.failing++;
    perControl.set(f.controlId, c);
  }
  const rank = new Map(rankFailingControls(perControl.values()).map((c, i) => [c.controlId, i]));
  const where = (f: Finding) => `${f.accountId}\u0000${f.region}\u0000${f.resource.id}`;
  matched.sort(
    (a, b) =>
      (rank.get(a.controlId) ?? 0) - (rank.get(b.controlId) ?? 0) ||
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      compare(where(a), where(b)),
  );
  return { findings: matched, total };
}

const STATUS_ORDER: readonly FindingStatus[] = ['FAIL', 'INSUFFICIENT_EVIDENCE', 'PASS', 'NOT_APPLICABLE'];

/** One row per finding: control, severity, status, account, region, resource and reason. */
export function findingsTable(findings: readonly Finding[]): string {
  return table(
    ['control', 'severity', 'status', 'account', 'region', 'resource', 'reason'],
    findings.map((f) => [f.controlId, f.severity.toLowerCase(), f.status, f.accountId, f.region, f.resource.id, f.reason]),
  );
}

/** `--severity high` or `HIGH`. */
export function parseSeverity(value: string): Severity | undefined {
  const upper = value.toUpperCase();
  return (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : undefined;
}
