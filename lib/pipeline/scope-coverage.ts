import { sortErrors } from '../collectors/errors.js';
import { COLLECTOR_MANIFEST } from '../collectors/manifest.js';
import type { CollectorMetadata } from '../collectors/types.js';
import type { CoverageEntry, ReadFailureKind, Scope } from '../evidence/coverage.js';

// Apart from collect.ts: sealing and evaluate-and-seal need only the collectors' ids and actions,
// not their code and SDK clients.

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
  collectors: readonly Pick<CollectorMetadata, 'id' | 'actions'>[] = COLLECTOR_MANIFEST,
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
