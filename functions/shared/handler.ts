import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';

export const SERVICE_NAME = 'ai-evidence';
export const METRICS_NAMESPACE = 'AiEvidence';

/** One logger and one metrics emitter per function instance (module scope survives warm starts). */
export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/** The event a function was invoked with is not what it accepts: names every field that is wrong. */
export class InvalidEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidEventError';
  }
}

/** `where` plus the path of an issue, e.g. `results[2].accountId`. */
export function fieldPath(where: string, path: readonly PropertyKey[]): string {
  let text = where;
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : `${text === '' ? '' : '.'}${String(step)}`;
  return text === '' ? '(the event itself)' : text;
}

/** Validates an event with `schema`, or throws an {@link InvalidEventError} naming each wrong field. */
export function parseEvent<T extends z.ZodType>(functionName: string, schema: T, event: unknown, where = ''): z.output<T> {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${fieldPath(where, issue.path)}: ${issue.message}`);
  throw new InvalidEventError(`The ${functionName} event is invalid: ${problems.join('; ')}.`, { cause: parsed.error });
}

/**
 * Wraps a function's work as a Lambda handler: the Powertools logger (Lambda context in every
 * line) and metrics (flushed at the end of each invocation), and the error logged before it is
 * rethrown so that Step Functions sees it.
 */
export function lambdaHandler<E, R>(name: string, work: (event: E, context: Context) => Promise<R>) {
  return middy(async (event: E, context: Context): Promise<R> => {
    try {
      return await work(event, context);
    } catch (error) {
      logger.error(`${name} failed.`, error as Error);
      metrics.addMetric(error instanceof InvalidEventError ? 'InvalidEvents' : 'Failures', 'Count', 1);
      throw error;
    }
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
