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
  'ExpiredToken',
  'AuthorizationError',
  'AuthFailure',
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'NotAuthorized',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'SlowDown',
]);
/** The operation does not exist at this endpoint, or the service is not offered to the account there. */
const NOT_AVAILABLE = new Set([
  'UnknownOperationException',
  'InvalidAction',
  'NotImplemented',
  'NotImplementedException',
  'UnsupportedOperation',
  'OptInRequired',
]);

/** The code when the answer held none the SDK could read (an HTML page, XML to a JSON API, an empty body). */
export const UNREADABLE_RESPONSE = 'UnreadableResponse';

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  hostname?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { headers?: Record<string, unknown> };
  $retryable?: { throttling?: boolean };
}

/** A failed AWS call as coverage records it. */
export interface AwsFailure {
  kind: ReadFailureKind;
  /** The AWS error code, the error's name, or {@link UNREADABLE_RESPONSE}. */
  code: string;
  /** A short message in plain words, without the SDK's hints about its own internals. */
  message: string;
  /** The HTTP status of the answer, when there was one. */
  httpStatus?: number;
}

/**
 * Sorts a failed call into the kinds the coverage report distinguishes, from the HTTP status and
 * the error together: 401/403 or an access-denied code is ACCESS_DENIED; 429 or a throttling code
 * THROTTLED; an unknown operation, 501, or an AWS endpoint that does not resolve NOT_AVAILABLE; an
 * answer the SDK could not read (or one we found malformed) INVALID_RESPONSE; the rest ERROR.
 */
export function classifyAwsError(error: unknown): AwsFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const unreadable = isUnreadableAnswer(error);
  const named = typeof e.name === 'string' && e.name !== 'Error' ? e.name : typeof e.code === 'string' ? e.code : 'Error';
  const code = unreadable ? UNREADABLE_RESPONSE : named;
  const kind = failureKind(error, code, status, unreadable);
  const message = unreadable
    ? unreadableMessage(error, status)
    : kind === 'NOT_AVAILABLE' && isMissingEndpoint(error)
      ? missingEndpointMessage(error)
      : plainMessage(error);
  return status === undefined ? { kind, code, message } : { kind, code, message, httpStatus: status };
}

function failureKind(error: unknown, code: string, status: number | undefined, unreadable: boolean): ReadFailureKind {
  const e = error as ErrorLike;
  if (ACCESS_DENIED.has(code) || status === 401 || status === 403) return 'ACCESS_DENIED';
  if (THROTTLED.has(code) || status === 429 || e?.$retryable?.throttling === true) return 'THROTTLED';
  if (NOT_AVAILABLE.has(code) || status === 501 || isMissingEndpoint(error)) return 'NOT_AVAILABLE';
  if (
    unreadable ||
    error instanceof InvalidResponseError ||
    error instanceof EvidenceValidationError ||
    error instanceof CanonicalizationError
  ) {
    // The call was answered, but not with what the API documents.
    return 'INVALID_RESPONSE';
  }
  return 'ERROR';
}

/**
 * The SDK could not read the answer: its parser failed (an HTML page or XML to a JSON API, a
 * timestamp it rejects), which leaves an error with the raw `$response` but no `$fault`; or the
 * answer was an error without an error code (the SDK names it `Unknown`), or an HTML page, which no
 * AWS API sends.
 */
function isUnreadableAnswer(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('$response' in error)) return false;
  const e = error as ErrorLike;
  if (!('$fault' in error)) return true;
  const contentType = headerValue(e.$response?.headers, 'content-type');
  return e.name === 'Unknown' || /html/i.test(contentType ?? '');
}

/** A DNS name of an AWS endpoint that does not exist: the service is not offered in that region. */
function isMissingEndpoint(error: unknown): boolean {
  const e = error as ErrorLike;
  return e?.code === 'ENOTFOUND' && typeof e.hostname === 'string' && /\.amazonaws\.com(\.cn)?$/i.test(e.hostname);
}

function missingEndpointMessage(error: unknown): string {
  return `The endpoint ${(error as ErrorLike).hostname as string} does not exist: the service is not offered in this region.`;
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : undefined;
}

/** The SDK appends this to its parser's message; it names the SDK's internals, not the failure. */
const SDK_HINT = /\s*Deserialization error: to see the raw response[^\n]*/g;
const MAX_MESSAGE = 300;

/** An error's message without the SDK's hints, on one line, at most {@link MAX_MESSAGE} characters. */
export function plainMessage(error: unknown): string {
  const raw = (error as ErrorLike | null)?.message;
  const text = (typeof raw === 'string' && raw !== '' ? raw : String(error)).replace(SDK_HINT, '').replace(/\s+/g, ' ').trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 3)}...` : text;
}

function unreadableMessage(error: unknown, status: number | undefined): string {
  const e = error as ErrorLike;
  const contentType = headerValue(e.$response?.headers, 'content-type')?.split(';')[0]?.trim();
  const answer = `The answer${status === undefined ? '' : ` (HTTP ${status}${contentType ? `, ${contentType}` : ''})`}`;
  if (error instanceof SyntaxError || /XML parse error/i.test(String(e.message))) {
    return `${answer} is not in the format this API uses, so it holds no error code or data the SDK can read.`;
  }
  if ('$fault' in (error as object)) return `${answer} is an error without an AWS error code.`;
  return `${answer} could not be read: ${plainMessage(error).replace(/\.$/, '')}.`;
}

/** A coverage error for a failed call: kind, AWS error code, plain message and, when answered, the HTTP status. */
export function coverageError(operation: string, error: unknown, resourceId?: string): CoverageError {
  const { kind, code, message, httpStatus } = classifyAwsError(error);
  return {
    operation,
    ...(resourceId === undefined ? {} : { resourceId }),
    kind,
    code,
    message,
    ...(httpStatus === undefined ? {} : { httpStatus }),
  };
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
