import { type FittedRetryStrategy, fittedRetryStrategy, MAX_ATTEMPTS, maxAttempts } from './retry.js';

// Apart from clients.ts, which imports every collector's SDK client: a function that makes only its
// own clients (S3, STS, KMS, Security Hub) takes its settings from here and bundles none of the others.

/**
 * The attempts per call every client is made with: {@link MAX_ATTEMPTS}, unless the environment
 * sets the SDK's own `AWS_MAX_ATTEMPTS`, which then wins (the SDK reads it when the option is left
 * out), as the rest of the SDK's standard configuration does.
 */
export function maxAttemptsSetting(env: NodeJS.ProcessEnv = process.env): { maxAttempts?: number } {
  return env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: MAX_ATTEMPTS };
}

/**
 * The retry configuration of every collector client: the SDK's adaptive retry (standard when
 * `AWS_RETRY_MODE=standard`) with a budget that fits the error ({@link fittedRetryStrategy}), and
 * {@link MAX_ATTEMPTS} attempts unless `AWS_MAX_ATTEMPTS` says otherwise. A new strategy each
 * time: each client keeps its own rate limiter and retry quota, as the SDK's default does.
 */
export function retrySettings(env: NodeJS.ProcessEnv = process.env): { retryStrategy: FittedRetryStrategy; maxAttempts: number } {
  return { retryStrategy: fittedRetryStrategy(env), maxAttempts: maxAttempts(env) };
}

/**
 * S3 with a custom endpoint (AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_S3: an emulator, a VPC endpoint
 * by IP) must address buckets by path: virtual-host names (`bucket.127.0.0.1`) do not resolve.
 */
export function needsPathStyle(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_ENDPOINT_URL || env.AWS_ENDPOINT_URL_S3);
}
