import { sortErrors } from '../collectors/errors.js';
import { collectors as defaultCollectors } from '../collectors/index.js';
import type { CollectorSettings } from '../collectors/settings.js';
import type { ClientProvider, Collector } from '../collectors/types.js';
import type { CoverageEntry, ReadFailureKind, Scope } from '../evidence/coverage.js';
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

/** Why a whole scope could not be read at all (its role could not be assumed, its Lambda failed). */
export interface ScopeFailure {
  /** The operation that failed, e.g. `AssumeRole`. */
  operation: string;
  kind: ReadFailureKind;
  /** The AWS error code or error name. */
  code: string;
  /** A message a person can act on. */
  message: string;
  /** The HTTP status of the failed answer, when there was one. */
  httpStatus?: number | undefined;
}

/**
 * A FAILED coverage entry for every collector of a scope that could not be read. Each entry holds
 * the failure itself (e.g. operation `AssumeRole`) and, for every API operation the collector
 * would have called (from its IAM actions), an error saying it was not called and why: a control
 * that weighs only the errors of the operations it rests on still sees that they failed.
 */
export function failedScopeCoverage(
  scope: Scope,
  failure: ScopeFailure,
  collectors: readonly Collector[] = defaultCollectors,
): CoverageEntry[] {
  return collectors.map((collector) => {
    const operations = [...new Set(collector.actions.map((action) => action.slice(action.indexOf(':') + 1)))].filter(
      (operation) => operation !== '' && operation !== failure.operation,
    );
    const status = failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus };
    const notCalled = operations.map((operation) => ({
      operation,
      kind: failure.kind,
      code: failure.code,
      message: `${operation} was not called: ${failure.message}`,
      ...status,
    }));
    return {
      collector: collector.id,
      accountId: scope.accountId,
      region: scope.region,
      status: 'FAILED',
      records: 0,
      errors: sortErrors([
        { operation: failure.operation, kind: failure.kind, code: failure.code, message: failure.message, ...status },
        ...notCalled,
      ]),
    };
  });
}

/** Coverage in a stable order (account, region, collector), whatever order the scopes finished in. */
export function sortCoverage(coverage: CoverageEntry[]): CoverageEntry[] {
  const key = (c: CoverageEntry) => `${c.accountId}/${c.region}/${c.collector}`;
  return coverage.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
