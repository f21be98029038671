import { mapWithConcurrency } from '../collectors/concurrency.js';
import { collectors as defaultCollectors } from '../collectors/index.js';
import type { CollectorSettings } from '../collectors/settings.js';
import type { ClientProvider, Collector } from '../collectors/types.js';
import type { Control, Finding } from '../controls/types.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import type { SealedRun } from '../seal/seal.js';
import type { Signer } from '../seal/signer.js';
import type { TimestampOptions } from '../seal/timestamp.js';
import type { EvidenceStore } from '../store/types.js';
import { getOrCreate } from '../util/maps.js';
import { collectScope } from './collect.js';
import { newRunId } from './run-id.js';
import { evaluateAndSealRun, latestSealedRun, type SealProgressEvent, type SealRunStepResult } from './seal-run.js';

export { latestSealedRun, storeSealedRun } from './seal-run.js';

export type ProgressEvent = { type: 'collect'; scope: Scope; collector: string; coverage: CoverageEntry } | SealProgressEvent;

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
  /** Signed manual attestations as evidence records, sealed with the run (lib/attestations/load.ts). */
  attestations?: readonly EvidenceRecord[];
  /** What the operator configured for the collectors; none when absent (the demo gives none). */
  collectorSettings?: CollectorSettings;
  /** Where to ask for an RFC 3161 token over the run's envelope; none when absent. */
  timestamp?: TimestampOptions;
  /** The run format (see SealRunStepInput.format); default 2 (sharded). */
  format?: 1 | 2;
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
  timestamp?: SealRunStepResult['timestamp'];
}

export { newRunId };

/**
 * One run in one process: the collect step for every scope (a few at a time), then the
 * evaluate-and-seal step. The Lambda functions run the same two steps in separate invocations.
 */
export async function assess(options: AssessOptions): Promise<AssessResult> {
  const now = options.now ?? (() => new Date());
  const collectors = options.collectors ?? defaultCollectors;
  const started = now();
  const startedAt = started.toISOString();
  const runId = newRunId(started);
  const previous = await latestSealedRun(options.store);

  const clientsByAccount = new Map<string, ClientProvider>();
  const clientsOf = (accountId: string): ClientProvider => getOrCreate(clientsByAccount, accountId, () => options.clientsFor(accountId));

  const records: EvidenceRecord[] = [];
  const coverage: CoverageEntry[] = [];
  await mapWithConcurrency(options.scopes, options.concurrency ?? 4, async (scope) => {
    const collected = await collectScope({
      scope,
      clients: clientsOf(scope.accountId),
      now,
      collectors,
      ...(options.collectorSettings === undefined ? {} : { settings: options.collectorSettings }),
      onCollected: (collector, entry) => options.onProgress?.({ type: 'collect', scope, collector, coverage: entry }),
    });
    records.push(...collected.records);
    coverage.push(...collected.coverage);
  });

  const result = await evaluateAndSealRun({
    store: options.store,
    signer: options.signer,
    runId,
    startedAt,
    scopes: options.scopes,
    records,
    coverage,
    previous,
    now,
    ...(options.attestations !== undefined ? { attestations: options.attestations } : {}),
    ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
    ...(options.catalogVersion !== undefined ? { catalogVersion: options.catalogVersion } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    ...(options.format !== undefined ? { format: options.format } : {}),
  });
  const { stored: _stored, ...rest } = result;
  return rest;
}
