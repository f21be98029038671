import { collectors as defaultCollectors } from '../collectors/index.js';
import type { CollectorSettings } from '../collectors/settings.js';
import type { ClientProvider, Collector } from '../collectors/types.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';

/** What one account × region gave: every record read and one coverage entry per collector. */
export interface ScopeCollection {
  scope: Scope;
  records: EvidenceRecord[];
  coverage: CoverageEntry[];
}

export interface CollectScopeOptions {
  scope: Scope;
  /** SDK clients with the credentials of the scope's account. */
  clients: ClientProvider;
  now?: () => Date;
  collectors?: readonly Collector[];
  /** What the operator configured for the collectors (none when absent: not read from the environment here). */
  settings?: CollectorSettings;
  /** Called after each collector, e.g. for progress. */
  onCollected?: (collector: string, coverage: CoverageEntry) => void;
}

/**
 * The collect step for one scope: runs every collector in turn. Collectors never throw for AWS
 * errors (they become coverage), so this gives one coverage entry per collector.
 */
export async function collectScope(options: CollectScopeOptions): Promise<ScopeCollection> {
  const now = options.now ?? (() => new Date());
  const records: EvidenceRecord[] = [];
  const coverage: CoverageEntry[] = [];
  for (const collector of options.collectors ?? defaultCollectors) {
    const result = await collector.collect({
      ...options.scope,
      clients: options.clients,
      now,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    });
    records.push(...result.records);
    coverage.push(result.coverage);
    options.onCollected?.(collector.id, result.coverage);
  }
  return { scope: options.scope, records, coverage };
}

export { failedScopeCoverage, type ScopeFailure, sortCoverage } from './scope-coverage.js';
