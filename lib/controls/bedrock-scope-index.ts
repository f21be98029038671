import type { Scope } from '../evidence/coverage.js';
import type { SealedEvidence } from '../evidence/record.js';
import type { EvaluationInput } from './types.js';

export const scopeKey = (scope: { accountId: string; region: string }) => `${scope.accountId}/${scope.region}`;

/** What one collector read in each scope of a run: its records, and whether it read the scope completely. */
export interface ScopeRead {
  scope: Scope;
  records: readonly SealedEvidence[];
  /** The collector ran in the scope and met no error: the absence of a record is evidence. */
  complete: boolean;
}

/** Indexes a collector's reads by scope (see {@link scopeKey}), for controls that judge one record against others. */
export function readsOf(input: EvaluationInput, collector: string, resourceType: string): Map<string, ScopeRead> {
  const reads = new Map<string, ScopeRead>();
  for (const scope of input.scopes) {
    const coverage = input.coverageOf(collector, scope);
    reads.set(scopeKey(scope), {
      scope,
      records: input.evidenceOf(collector, scope).filter((e) => e.record.resource.type === resourceType),
      complete: coverage !== undefined && coverage.errors.length === 0,
    });
  }
  return reads;
}
