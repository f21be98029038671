import * as z from 'zod';
import { activeAccounts, OrganizationsError } from '../lib/aws/organizations.js';
import { newRunId } from '../lib/pipeline/run-id.js';
import { putAccounts, putTargets, type Target } from '../lib/pipeline/staging.js';
import { readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';
import { ACCOUNT_ID, REGION, RUN_ID, STARTED_AT } from './shared/schemas.js';

/** Strict: a misspelt `acounts` must not silently widen the run to the whole organization. */
export const ListTargetsEventSchema = z.strictObject({
  accounts: z.array(ACCOUNT_ID).min(1, 'give at least one account, or leave accounts out').optional(),
  regions: z.array(REGION).min(1, 'give at least one region, or leave regions out').optional(),
});
export type ListTargetsEvent = z.infer<typeof ListTargetsEventSchema>;

export type { Target };

/**
 * What list-targets returns to the state machine: the run and a pointer to its targets, never the
 * targets themselves, so that the state stays the same size whatever the number of targets.
 */
export const ListTargetsResultSchema = z.strictObject({
  runId: RUN_ID,
  startedAt: STARTED_AT,
  targets: z.strictObject({
    /** The JSON Lines object in the staging bucket that the Distributed Map's ItemReader reads. */
    key: z
      .string()
      .regex(/^staging\/\d{8}T\d{9}Z-[0-9a-f]{8}\/targets\.jsonl$/)
      .max(100),
    /** How many targets it holds (accounts × regions). */
    count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  }),
  /** The run's accounts, one a line with its regions: the shard Map's ItemReader reads them (one shard per account). */
  accounts: z.strictObject({
    key: z
      .string()
      .regex(/^staging\/\d{8}T\d{9}Z-[0-9a-f]{8}\/accounts\.jsonl$/)
      .max(100),
    count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  }),
});
export type ListTargetsResult = z.infer<typeof ListTargetsResultSchema>;

export interface ListTargetsDeps {
  clients: Pick<AwsClients, 'organizations' | 's3'>;
  now: () => Date;
}

const unique = (items: readonly string[]) => [...new Set(items)];

/**
 * Starts a run: its id and start time, and every account × region it assesses, written to the
 * staging bucket as JSON Lines (see {@link putTargets}), and its accounts with their regions, one
 * shard each (see {@link putAccounts}).
 */
export async function listTargets(event: ListTargetsEvent, deps: ListTargetsDeps): Promise<ListTargetsResult> {
  const env = readEnv(['TARGET_ACCOUNTS', 'TARGET_REGIONS', 'STAGING_BUCKET'], {
    ...process.env,
    // The event's regions stand in for TARGET_REGIONS, which is then not needed.
    ...(event.regions ? { TARGET_REGIONS: event.regions.join(',') } : {}),
  });
  let accounts = event.accounts ?? (env.TARGET_ACCOUNTS && env.TARGET_ACCOUNTS.length > 0 ? env.TARGET_ACCOUNTS : undefined);
  let source = event.accounts ? 'event' : accounts ? 'TARGET_ACCOUNTS' : 'organizations';
  if (accounts === undefined) {
    const organizations = deps.clients.organizations();
    try {
      accounts = await activeAccounts(organizations);
    } finally {
      organizations.destroy();
    }
    source = 'organizations';
    if (accounts.length === 0) {
      throw new OrganizationsError('organizations:ListAccounts lists no ACTIVE account: there is nothing to assess. Set TARGET_ACCOUNTS.');
    }
  }
  const regions = unique(env.TARGET_REGIONS);
  const targets = unique(accounts).flatMap((accountId) => regions.map((region) => ({ accountId, region })));
  const started = deps.now();
  const runId = newRunId(started);
  const s3 = deps.clients.s3();
  let key: string;
  let accountsObject: ListTargetsResult['accounts'];
  try {
    key = await putTargets(s3, env.STAGING_BUCKET, runId, targets);
    accountsObject = await putAccounts(s3, env.STAGING_BUCKET, runId, targets);
  } finally {
    s3.destroy();
  }
  const result: ListTargetsResult = {
    runId,
    startedAt: started.toISOString(),
    targets: { key, count: targets.length },
    accounts: accountsObject,
  };
  logger.info('Run started.', { runId, accounts: accounts.length, regions: regions.length, targets: targets.length, source, key });
  metrics.addMetric('Targets', 'Count', targets.length);
  return result;
}

/** A handler with its dependencies replaced, for tests. */
export function createListTargetsHandler(deps: Partial<ListTargetsDeps> = {}) {
  const full: ListTargetsDeps = { clients: awsClients, now: () => new Date(), ...deps };
  return lambdaHandler('list-targets', (event: unknown) =>
    listTargets(parseEvent('list-targets', ListTargetsEventSchema, event ?? {}), full),
  );
}

export const handler = createListTargetsHandler();
