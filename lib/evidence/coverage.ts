import * as z from 'zod';

/** Why a source could not be read. */
export const ReadFailureKind = z.enum(['ACCESS_DENIED', 'THROTTLED', 'NOT_AVAILABLE', 'INVALID_RESPONSE', 'ERROR']);
export type ReadFailureKind = z.infer<typeof ReadFailureKind>;

export const CoverageErrorSchema = z.strictObject({
  operation: z.string(),
  /** Set when one resource could not be read; absent when the listing itself failed. */
  resourceId: z.string().optional(),
  kind: ReadFailureKind,
  code: z.string(),
  message: z.string(),
  /** The HTTP status of the failed answer; absent when there was none, and in runs sealed before it was recorded. */
  httpStatus: z.number().int().min(100).max(599).optional(),
});
export type CoverageError = z.infer<typeof CoverageErrorSchema>;

/**
 * What one collector read in one account and region.
 * COMPLETE: everything listed was read. PARTIAL: the listing is complete but some resources could
 * not be read (their errors name them). FAILED: the listing itself could not be completed, so the
 * set of resources in this scope is unknown.
 */
export const CoverageEntrySchema = z.strictObject({
  collector: z.string(),
  accountId: z.string(),
  region: z.string(),
  status: z.enum(['COMPLETE', 'PARTIAL', 'FAILED']),
  records: z.number().int().nonnegative(),
  errors: z.array(CoverageErrorSchema),
});
export type CoverageEntry = z.infer<typeof CoverageEntrySchema>;

/** An account and region that a run assesses. */
export const ScopeSchema = z.strictObject({ accountId: z.string(), region: z.string() });
export type Scope = z.infer<typeof ScopeSchema>;

export function scopeKey(scope: Scope): string {
  return `${scope.accountId}/${scope.region}`;
}

/** Derives the status from the errors a collector met. */
export function coverageStatus(errors: readonly CoverageError[]): CoverageEntry['status'] {
  if (errors.some((e) => e.resourceId === undefined)) return 'FAILED';
  return errors.length > 0 ? 'PARTIAL' : 'COMPLETE';
}
