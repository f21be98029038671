import { CanonicalizationError } from '../evidence/canonical.js';
import { type CoverageEntry, type CoverageError, coverageStatus, type ReadFailureKind, type Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { EvidenceValidationError } from '../evidence/record.js';

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'AuthorizationError',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $retryable?: { throttling?: boolean };
}

/** Sorts an error from the AWS SDK into the kinds the coverage report distinguishes. */
export function classifyAwsError(error: unknown): { kind: ReadFailureKind; code: string; message: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const code = typeof e.name === 'string' && e.name !== 'Error' ? e.name : typeof e.code === 'string' ? e.code : 'Error';
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
  let kind: ReadFailureKind = 'ERROR';
  if (ACCESS_DENIED.has(code)) kind = 'ACCESS_DENIED';
  else if (THROTTLED.has(code) || e.$retryable?.throttling === true) kind = 'THROTTLED';
  else if (
    error instanceof InvalidResponseError ||
    error instanceof EvidenceValidationError ||
    error instanceof CanonicalizationError ||
    isDeserializationError(error)
  ) {
    // The call succeeded but its answer is not what the API documents.
    kind = 'INVALID_RESPONSE';
  }
  return { kind, code, message };
}

/**
 * The SDK could not parse the answer (an HTML error page, a malformed date): it attaches the raw
 * `$response` to the parser's error, which, unlike a service error, has no `$metadata`.
 */
function isDeserializationError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && '$response' in error && !('$metadata' in error);
}

export function coverageError(operation: string, error: unknown, resourceId?: string): CoverageError {
  const { kind, code, message } = classifyAwsError(error);
  return resourceId === undefined ? { operation, kind, code, message } : { operation, resourceId, kind, code, message };
}

/** An API answer that lacks what the API documents (a malformed or truncated response). */
export class InvalidResponseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidResponseError';
  }
}

/** Errors in a stable order, so that the same failures always give the same coverage bytes. */
export function sortErrors(errors: readonly CoverageError[]): CoverageError[] {
  const key = (e: CoverageError) => `${e.operation}\u0000${e.resourceId ?? ''}\u0000${e.code}`;
  return [...errors].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A collector's result: its records and the coverage entry derived from the errors it met. */
export function collectorResult(
  collector: string,
  scope: Scope,
  records: EvidenceRecord[],
  errors: readonly CoverageError[],
): { records: EvidenceRecord[]; coverage: CoverageEntry } {
  return {
    records,
    coverage: {
      collector,
      accountId: scope.accountId,
      region: scope.region,
      status: coverageStatus(errors),
      records: records.length,
      errors: sortErrors(errors),
    },
  };
}
