import { randomBytes } from 'node:crypto';
import { mapWithConcurrency } from '../collectors/concurrency.js';
import { collectors as defaultCollectors } from '../collectors/index.js';
import type { ClientProvider, Collector } from '../collectors/types.js';
import { evaluate } from '../controls/evaluate.js';
import { catalog as defaultCatalog, catalogVersion as defaultCatalogVersion } from '../controls/index.js';
import type { Control, Finding } from '../controls/types.js';
import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import { type EvidenceRecord, type SealedEvidence, sealEvidence } from '../evidence/record.js';
import type { PreviousRun } from '../seal/manifest.js';
import { type SealedRun, sealRun } from '../seal/seal.js';
import type { Signer } from '../seal/signer.js';
import { readStatement } from '../seal/verify.js';
import type { EvidenceStore } from '../store/types.js';
import { runKeys } from '../store/types.js';
import { getOrCreate } from '../util/maps.js';
import { TOOL_VERSION } from '../version.js';

export type ProgressEvent =
  | { type: 'collect'; scope: Scope; collector: string; coverage: CoverageEntry }
  | { type: 'evaluated'; findings: number }
  | { type: 'sealed'; runId: string; objects: number }
  | { type: 'stored'; runId: string; written: number; existing: number };

export interface AssessOptions {
  store: EvidenceStore;
  signer: Signer;
  scopes: readonly Scope[];
  /** SDK clients for an account (its credentials); called once per account. */
  clientsFor(accountId: string): ClientProvider;
  now?: () => Date;
  collectors?: readonly Collector[];
  catalog?: readonly Control[];
  catalogVersion?: string;
  /** How many account × region scopes are collected at once. */
  concurrency?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export interface AssessResult {
  runId: string;
  startedAt: string;
  finishedAt: string;
  coverage: CoverageEntry[];
  findings: Finding[];
  evidenceCount: number;
  sealed: SealedRun;
}

/** A sortable run id: the UTC start time to the millisecond, then random bits against collisions. */
export function newRunId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
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

/** Collects evidence from every scope, evaluates the catalog, seals the run and stores it, statement last. */
export async function assess(options: AssessOptions): Promise<AssessResult> {
  const now = options.now ?? (() => new Date());
  const collectors = options.collectors ?? defaultCollectors;
  const catalog = options.catalog ?? defaultCatalog;
  const started = now();
  const startedAt = started.toISOString();
  const runId = newRunId(started);
  const previous = await latestSealedRun(options.store);

  const clientsByAccount = new Map<string, ClientProvider>();
  const clientsOf = (accountId: string): ClientProvider => getOrCreate(clientsByAccount, accountId, () => options.clientsFor(accountId));

  const records: EvidenceRecord[] = [];
  const coverage: CoverageEntry[] = [];
  await mapWithConcurrency(options.scopes, options.concurrency ?? 4, async (scope) => {
    for (const collector of collectors) {
      const result = await collector.collect({ ...scope, clients: clientsOf(scope.accountId), now });
      records.push(...result.records);
      coverage.push(result.coverage);
      options.onProgress?.({ type: 'collect', scope, collector: collector.id, coverage: result.coverage });
    }
  });
  coverage.sort((a, b) => {
    const ka = `${a.accountId}/${a.region}/${a.collector}`;
    const kb = `${b.accountId}/${b.region}/${b.collector}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });

  const evidence: SealedEvidence[] = records.map(sealEvidence);
  const findings = evaluate(catalog, { scopes: options.scopes, evaluatedAt: startedAt, evidence, coverage });
  options.onProgress?.({ type: 'evaluated', findings: findings.length });
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
    catalogVersion: options.catalogVersion ?? defaultCatalogVersion,
    scopes: options.scopes,
    coverage,
    evidence,
    findings: findingObjects,
    previous,
    signer: options.signer,
  });
  options.onProgress?.({ type: 'sealed', runId, objects: sealed.objects.length });

  const counts = await storeSealedRun(options.store, sealed);
  options.onProgress?.({ type: 'stored', runId, ...counts });
  return { runId, startedAt, finishedAt, coverage, findings, evidenceCount: evidence.length, sealed };
}

/** Writes a sealed run: objects, proofs and manifest first, the signed statement last (the commit point). */
export async function storeSealedRun(store: EvidenceStore, sealed: SealedRun): Promise<{ written: number; existing: number }> {
  let written = 0;
  let existing = 0;
  const count = (outcome: 'written' | 'exists') => (outcome === 'written' ? written++ : existing++);
  await mapWithConcurrency(sealed.objects, 16, async (o) => count(await store.put(o.key, o.bytes)));
  count(await store.put(runKeys.proofs(sealed.runId), sealed.proofs));
  count(await store.put(runKeys.manifest(sealed.runId), sealed.manifest));
  count(await store.put(runKeys.statement(sealed.runId), sealed.envelope));
  return { written, existing };
}
