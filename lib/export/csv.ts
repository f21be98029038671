import { findingIdentity } from '../controls/identity.js';
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
] as const;

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
    for (const sealed of run.findings) yield findingCsvRecord(run.runId, sealed);
  }
}

/** The findings.csv record of one sealed finding of run `runId`. */
export function findingCsvRecord(runId: string, { finding, sha256 }: SealedFinding): string {
  return csvRecord([
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
  ]);
}
