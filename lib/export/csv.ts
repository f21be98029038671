import type { AttestationOfRun } from '../attestations/run.js';
import { findingIdentity } from '../controls/identity.js';
import type { Control } from '../controls/types.js';
import { ownerTag, type RunTags, runTags, tagPairs } from '../evidence/resource-tags.js';
import { frameworks } from '../frameworks/definitions.js';
import { type CountsByControl, rollUpCounts } from '../frameworks/rollup.js';
import type { SealedFinding, SealedRunData } from './load.js';

/** The columns of findings.csv, one row per sealed finding. */
export const FINDINGS_CSV_HEADER = [
  'run_id',
  'control_id',
  'status',
  'severity',
  'account_id',
  'region',
  'resource_type',
  'resource_id',
  'reason',
  'evidence_sha256',
  'finding_sha256',
  /** The finding's identity across runs (lib/controls/identity.ts): the same in every run that judges the same thing. */
  'finding_id',
  /** The value of the resource's owner-like tag (lib/evidence/resource-tags.ts: Owner, Team, Contact, CostCenter), as the run sealed it. */
  'resource_owner',
  /** Every tag of the resource the run sealed, `key=value` sorted by key and joined by `; `. */
  'resource_tags',
] as const;

/** The columns of findings.csv in bundles made before resource tags were read: the first twelve. */
export const LEGACY_FINDINGS_CSV_HEADER = FINDINGS_CSV_HEADER.slice(0, 12) as readonly string[];

/** The column lists findings.csv has had; a bundle's index names the one it was written with. */
export type FindingsCsvHeader = typeof FINDINGS_CSV_HEADER | typeof LEGACY_FINDINGS_CSV_HEADER;

// A spreadsheet reads a cell that starts with one of these as a formula (OWASP's CSV injection list).
const FORMULA_START = /^[=+\-@\t\r]/u;
// RFC 4180: a field holding a comma, a double quote or a line break is quoted.
const NEEDS_QUOTES = /[",\r\n]/u;

/**
 * One CSV field. A value that a spreadsheet would take for a formula is prefixed with a single
 * quote, so it shows as text (this also prefixes a negative number, which no column here holds);
 * then the field is quoted as RFC 4180 says, doubling any double quote inside it.
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV record with its CRLF line break (RFC 4180). */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** Runs in the order the bundle lists them: by start time, then run id. */
export function chronological<T extends { runId: string; manifest: { startedAt: string } }>(runs: readonly T[]): T[] {
  return [...runs].sort((a, b) =>
    a.manifest.startedAt < b.manifest.startedAt
      ? -1
      : a.manifest.startedAt > b.manifest.startedAt
        ? 1
        : a.runId < b.runId
          ? -1
          : a.runId > b.runId
            ? 1
            : 0,
  );
}

/**
 * findings.csv, record by record: the header, then per run (chronological) each finding in manifest
 * order. Evidence digests are separated by spaces. A generator, so a large export is written as it
 * is produced.
 */
export function* findingsCsv(runs: readonly SealedRunData[]): Generator<string> {
  yield csvRecord(FINDINGS_CSV_HEADER);
  for (const run of chronological(runs)) {
    const tags = runTags(run.evidence.map((e) => e.record));
    for (const sealed of run.findings) yield findingCsvRecord(run.runId, sealed, tags);
  }
}

/**
 * The findings.csv record of one sealed finding of run `runId`, with the owner and tags of its
 * resource from `tags` (the run's, {@link runTags}; empty cells when the run sealed none for it).
 * `header` is the column list to write (a legacy bundle's is re-made with its own).
 */
export function findingCsvRecord(
  runId: string,
  { finding, sha256 }: SealedFinding,
  tags: RunTags | undefined,
  header: FindingsCsvHeader = FINDINGS_CSV_HEADER,
): string {
  const resourceTags = tags?.get(finding.resource.id);
  const fields = [
    runId,
    finding.controlId,
    finding.status,
    finding.severity,
    finding.accountId,
    finding.region,
    finding.resource.type,
    finding.resource.id,
    finding.reason,
    finding.evidence.join(' '),
    sha256,
    findingIdentity(finding),
    ownerTag(resourceTags)?.value ?? '',
    tagPairs(resourceTags),
  ];
  return csvRecord(fields.slice(0, header.length));
}

/** The columns of requirements.csv: one row per run, framework and requirement, the roll-up the report shows. */
export const REQUIREMENTS_CSV_HEADER = [
  'run_id',
  'framework',
  'requirement_id',
  'requirement_title',
  'status',
  'automation',
  'controls',
  'fail',
  'insufficient_evidence',
  'pass',
  'not_applicable',
  'attestation_state',
  'attestation_valid_until',
  'attestation_owner',
  'attestation_sha256',
] as const;

/** What the roll-up of a run reads: its findings counted per control and status, its attestations judged against its trust list. */
export interface RollUpRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly byControl: CountsByControl;
  readonly attestations: readonly AttestationOfRun[];
}

/**
 * The requirements.csv records of one run: every requirement of every framework, in the frameworks'
 * order, with its roll-up status as of the run's start (the same roll-up as `assess` and the report).
 * Controls are separated by spaces.
 */
export function* requirementCsvRecords(run: RollUpRun, catalog: readonly Control[]): Generator<string> {
  for (const framework of frameworks) {
    const result = rollUpCounts(framework, catalog, run.byControl, { attestations: run.attestations, at: run.startedAt });
    for (const r of result.requirements) {
      yield csvRecord([
        run.runId,
        framework.id,
        r.id,
        r.text,
        r.status,
        r.automation,
        r.controls.join(' '),
        String(r.counts.FAIL),
        String(r.counts.INSUFFICIENT_EVIDENCE),
        String(r.counts.PASS),
        String(r.counts.NOT_APPLICABLE),
        r.attestation?.state ?? '',
        r.attestation?.validUntil ?? '',
        r.attestation?.owner ?? '',
        r.attestation?.evidence ?? '',
      ]);
    }
  }
}

/** requirements.csv of runs in chronological order: the header, then each run's records. */
export function* requirementsCsv(runs: readonly RollUpRun[], catalog: readonly Control[]): Generator<string> {
  yield csvRecord(REQUIREMENTS_CSV_HEADER);
  for (const run of runs) yield* requirementCsvRecords(run, catalog);
}
