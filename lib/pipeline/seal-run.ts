import { mapWithConcurrency } from '../collectors/concurrency.js';
import { evaluate } from '../controls/evaluate.js';
import { catalog as defaultCatalog, catalogVersion as defaultCatalogVersion } from '../controls/index.js';
import type { Control, Finding } from '../controls/types.js';
import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import { type EvidenceRecord, type SealedEvidence, sealEvidence } from '../evidence/record.js';
import type { PreviousRun } from '../seal/manifest.js';
import { sealedControls } from '../seal/reevaluation.js';
import { type SealedRun, sealRun } from '../seal/seal.js';
import type { Signer } from '../seal/signer.js';
import { readStatement } from '../seal/verify.js';
import type { EvidenceStore } from '../store/types.js';
import { runKeys } from '../store/types.js';
import { TOOL_VERSION } from '../version.js';
import { sortCoverage } from './collect.js';

export type SealProgressEvent =
  | { type: 'evaluated'; findings: number }
  | { type: 'sealed'; runId: string; objects: number }
  | { type: 'stored'; runId: string; written: number; existing: number };

/**
 * The evaluate-and-seal step of one run: what was collected, from every scope. Each kind of
 * evidence is its own field (the records read from AWS; the manual attestations and their trust list),
 * so a new kind is one more field here and in the seal.
 */
export interface SealRunStepInput {
  store: EvidenceStore;
  signer: Signer;
  runId: string;
  /** ISO-8601 start of the run; also the evaluation time, so re-evaluation gives the same findings. */
  startedAt: string;
  /** Every scope of the run, in the order the manifest lists them. */
  scopes: readonly Scope[];
  /** Evidence records read from AWS APIs, from every scope, in any order. */
  records: readonly EvidenceRecord[];
  /** One entry per collector and scope, in any order (sorted here). */
  coverage: readonly CoverageEntry[];
  /**
   * Signed manual attestations as evidence records (lib/attestations), sealed with the run so that
   * the framework roll-up of the run can rest on them.
   */
  attestations?: readonly EvidenceRecord[];
  /** The run this one chains to; looked up in the store (the newest sealed run) when not given. */
  previous?: PreviousRun | null;
  now?: () => Date;
  catalog?: readonly Control[];
  catalogVersion?: string;
  onProgress?: (event: SealProgressEvent) => void;
}

export interface SealRunStepResult {
  runId: string;
  startedAt: string;
  finishedAt: string;
  coverage: CoverageEntry[];
  findings: Finding[];
  evidenceCount: number;
  sealed: SealedRun;
  stored: { written: number; existing: number };
}

/** The newest run of the store that has a signed statement: the one a new run chains to. */
export async function latestSealedRun(store: EvidenceStore): Promise<PreviousRun | null> {
  const runs = await store.listRuns();
  for (const runId of runs.reverse()) {
    const keys = await store.list(runKeys.prefix(runId));
    if (!keys.includes(runKeys.statement(runId))) continue;
    const { payload } = readStatement(await store.get(runKeys.statement(runId)), runKeys.statement(runId));
    return { runId, statementSha256: sha256Hex(payload) };
  }
  return null;
}

/**
 * Writes a sealed run: objects, proofs and manifest first, the signed statement last (the commit
 * point). A retried or timed-out seal resumes: one listing of the run's folder, and the evidence,
 * finding and key objects already there are neither read nor written again (their key names the
 * SHA-256 of their bytes and the store is write-once; verification reads them). The proofs, the
 * manifest and the statement are not named by their content, so they are put as always: one
 * already stored is compared byte for byte.
 */
export async function storeSealedRun(store: EvidenceStore, sealed: SealedRun): Promise<{ written: number; existing: number }> {
  let written = 0;
  let existing = 0;
  const count = (outcome: 'written' | 'exists') => (outcome === 'written' ? written++ : existing++);
  const present = new Set(await store.list(runKeys.prefix(sealed.runId)));
  await mapWithConcurrency(sealed.objects, 16, async (o) => {
    if (present.has(o.key) && o.key.includes(o.sha256) && sha256Hex(o.bytes) === o.sha256) {
      existing++;
      return;
    }
    count(await store.put(o.key, o.bytes));
  });
  count(await store.put(runKeys.proofs(sealed.runId), sealed.proofs));
  count(await store.put(runKeys.manifest(sealed.runId), sealed.manifest));
  count(await store.put(runKeys.statement(sealed.runId), sealed.envelope));
  return { written, existing };
}

/** Two runs overlapped: the later cannot be chained to the earlier, which had not finished when it started. */
export class OverlappingRunError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OverlappingRunError';
  }
}

/**
 * A run must not start before the run it chains to finished (verification fails such a link), which
 * happens only when two runs overlap, e.g. a schedule that fires while the last run is still going.
 * Refused before anything is written, rather than stored as a chain that does not verify.
 */
async function refuseOverlap(store: EvidenceStore, previous: PreviousRun, runId: string, startedAt: string): Promise<void> {
  const key = runKeys.statement(previous.runId);
  const { statement } = readStatement(await store.get(key), key);
  if (startedAt < statement.predicate.finishedAt) {
    throw new OverlappingRunError(
      `Run ${runId} started at ${startedAt}, before the newest sealed run ${previous.runId} finished (${statement.predicate.finishedAt}): overlapping runs cannot be chained, so nothing was stored. Run again once no other run is in progress.`,
    );
  }
}

/** Evaluates the catalog over a run's evidence and coverage, seals the run and stores it, statement last. */
export async function evaluateAndSealRun(input: SealRunStepInput): Promise<SealRunStepResult> {
  const now = input.now ?? (() => new Date());
  const catalog = input.catalog ?? defaultCatalog;
  const { runId, startedAt, scopes } = input;
  const previous = input.previous === undefined ? await latestSealedRun(input.store) : input.previous;
  if (previous !== null) await refuseOverlap(input.store, previous, runId, startedAt);
  const coverage = sortCoverage([...input.coverage]);

  const evidence: SealedEvidence[] = [...input.records, ...(input.attestations ?? [])].map(sealEvidence);
  const findings = evaluate(catalog, { scopes, evaluatedAt: startedAt, evidence, coverage });
  input.onProgress?.({ type: 'evaluated', findings: findings.length });
  const findingObjects = findings.map((f) => {
    const bytes = canonicalJson(f);
    return { bytes, sha256: sha256Hex(bytes) };
  });

  const finishedAt = now().toISOString();
  const sealed = await sealRun({
    runId,
    startedAt,
    finishedAt,
    toolVersion: TOOL_VERSION,
    catalogVersion: input.catalogVersion ?? defaultCatalogVersion,
    controls: sealedControls(catalog),
    scopes,
    coverage,
    evidence,
    findings: findingObjects,
    previous,
    signer: input.signer,
  });
  input.onProgress?.({ type: 'sealed', runId, objects: sealed.objects.length });

  const stored = await storeSealedRun(input.store, sealed);
  input.onProgress?.({ type: 'stored', runId, ...stored });
  return { runId, startedAt, finishedAt, coverage, findings, evidenceCount: evidence.length, sealed, stored };
}
