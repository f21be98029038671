import * as z from 'zod';
import { activeAccounts, OrganizationsError } from '../lib/aws/organizations.js';
import { newRunId } from '../lib/pipeline/run-id.js';
import { readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';
import { ACCOUNT_ID, REGION } from './shared/schemas.js';

/** Strict: a misspelt `acounts` must not silently widen the run to the whole organization. */
export const ListTargetsEventSchema = z.strictObject({
  accounts: z.array(ACCOUNT_ID).min(1, 'give at least one account, or leave accounts out').optional(),
  regions: z.array(REGION).min(1, 'give at least one region, or leave regions out').optional(),
});
export type ListTargetsEvent = z.infer<typeof ListTargetsEventSchema>;

export interface Target {
  accountId: string;
  region: string;
}

export interface ListTargetsResult {
  runId: string;
  startedAt: string;
  targets: Target[];
}

export interface ListTargetsDeps {
  clients: Pick<AwsClients, 'organizations'>;
  now: () => Date;
}

const unique = (items: readonly string[]) => [...new Set(items)];

/** Starts a run: its id and start time, and every account × region it assesses. */
export async function listTargets(event: ListTargetsEvent, deps: ListTargetsDeps): Promise<ListTargetsResult> {
  const env = readEnv(['TARGET_ACCOUNTS', 'TARGET_REGIONS'], {
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
  const result = { runId: newRunId(started), startedAt: started.toISOString(), targets };
  logger.info('Run started.', { runId: result.runId, accounts: accounts.length, regions: regions.length, source });
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
