/**
 * What an operator tells the collectors, as environment variables of the CLI (`assess` against AWS)
 * and of the collect function (set from the CDK context): read once where a run starts and handed to
 * every collector in its context, so the demo and the tests do not depend on the environment they
 * run in. Settings that change evidence are recorded in it (the model-access allow-list is kept in
 * each lookup's record), so evaluation stays pure.
 */
export interface CollectorSettings {
  /** An AWS Config aggregator to query as well, for an organization-wide inventory. */
  readonly configAggregator?: string;
  /** IAM ARNs of the principals expected to manage Bedrock model access: trimmed, without duplicates, sorted. */
  readonly modelAccessPrincipals?: readonly string[];
}

/** Environment variable naming an AWS Config aggregator to query as well. */
export const AGGREGATOR_ENV = 'AI_EVIDENCE_CONFIG_AGGREGATOR';
/** Comma-separated IAM ARNs of the principals expected to manage Bedrock model access (recorded with the evidence). */
export const MODEL_ACCESS_PRINCIPALS_ENV = 'AI_EVIDENCE_MODEL_ACCESS_PRINCIPALS';

/** A comma-separated list as a set: trimmed, non-empty, sorted entries. */
export function commaList(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(',').map((s) => s.trim()))].filter((s) => s !== '').sort();
}

/** The settings given in `env` (the process's environment unless told otherwise). */
export function collectorSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CollectorSettings {
  const aggregator = env[AGGREGATOR_ENV]?.trim();
  const principals = commaList(env[MODEL_ACCESS_PRINCIPALS_ENV]);
  return {
    ...(aggregator ? { configAggregator: aggregator } : {}),
    ...(principals.length > 0 ? { modelAccessPrincipals: principals } : {}),
  };
}
