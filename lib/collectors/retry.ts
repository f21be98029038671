import {
  AdaptiveRetryStrategy,
  NODE_MAX_ATTEMPT_CONFIG_OPTIONS,
  NODE_RETRY_MODE_CONFIG_OPTIONS,
  StandardRetryStrategy,
} from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';
import { classifyAwsError } from './errors.js';

/** Attempts per call, with the SDK's adaptive retry (client-side rate limiting on throttling). */
export const MAX_ATTEMPTS = 6;

/** Gateway and unavailable answers: transient whatever their body (proxies send them as HTML). */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * Whether a failed attempt may succeed if tried again. The SDK retries throttling and what it
 * deems transient (5xx, timeouts, network errors, clock skew it corrected); of those, an answer
 * that will be the same next time is not retried: access denied, an unknown or unimplemented
 * operation or an endpoint that does not exist, an answer the SDK could not read (an emulator's
 * HTML 500 page, unless it is a 502/503/504 from a gateway), and any other 4xx.
 */
export function worthRetrying(error: unknown): boolean {
  const failure = classifyAwsError(error);
  if (failure.kind === 'THROTTLED') return true;
  const skewCorrected = (error as { $metadata?: { clockSkewCorrected?: boolean } } | null)?.$metadata?.clockSkewCorrected === true;
  if (skewCorrected) return true;
  if (failure.kind === 'ACCESS_DENIED' || failure.kind === 'NOT_AVAILABLE') return false;
  const status = failure.httpStatus;
  if (failure.kind === 'INVALID_RESPONSE') return status !== undefined && GATEWAY_STATUSES.has(status);
  return status === undefined || status >= 500;
}

/**
 * The SDK's own retry strategy (adaptive, or standard when AWS_RETRY_MODE says so) with a budget
 * that fits the error: an attempt {@link worthRetrying} rejects is handed on as a client error,
 * which the SDK never retries, so backoff, retry quota and the adaptive rate limiter stay the SDK's.
 */
export class FittedRetryStrategy implements RetryStrategyV2 {
  readonly mode: string;

  constructor(private readonly inner: RetryStrategyV2 & { mode: string }) {
    this.mode = inner.mode;
  }

  acquireInitialRetryToken(retryTokenScope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(retryTokenScope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const fitted: RetryErrorInfo = worthRetrying(errorInfo.error) ? errorInfo : { ...errorInfo, errorType: 'CLIENT_ERROR' };
    return this.inner.refreshRetryTokenForRetry(token, fitted);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token as StandardRetryToken);
  }
}

/** The attempts per call: the SDK's own AWS_MAX_ATTEMPTS when set (parsed as the SDK parses it), else {@link MAX_ATTEMPTS}. */
export function maxAttempts(env: NodeJS.ProcessEnv = process.env): number {
  return NODE_MAX_ATTEMPT_CONFIG_OPTIONS.environmentVariableSelector(env) ?? MAX_ATTEMPTS;
}

/** A {@link FittedRetryStrategy} over the SDK's adaptive strategy, or its standard one when AWS_RETRY_MODE is `standard`. */
export function fittedRetryStrategy(env: NodeJS.ProcessEnv = process.env): FittedRetryStrategy {
  const attempts = maxAttempts(env);
  const mode = NODE_RETRY_MODE_CONFIG_OPTIONS.environmentVariableSelector(env);
  const inner = mode === 'standard' ? new StandardRetryStrategy(attempts) : new AdaptiveRetryStrategy(attempts);
  return new FittedRetryStrategy(inner);
}
