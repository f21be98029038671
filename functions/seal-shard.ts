import type { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { COLLECTOR_MANIFEST } from '../lib/collectors/manifest.js';
import type { CollectorMetadata } from '../lib/collectors/types.js';
import { catalog as defaultCatalog } from '../lib/controls/index.js';
import type { Control } from '../lib/controls/types.js';
import { sealAccountShard } from '../lib/pipeline/account-shard.js';
import { accessDenied, deniedError } from '../lib/pipeline/staged-targets.js';
import { accountsKey, getAccounts, putShardSummary } from '../lib/pipeline/staging.js';
import { S3ObjectLockStore } from '../lib/store/s3.js';
import { readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';
import { ACCOUNT_ID, REGION, RUN_ID, STARTED_AT } from './shared/schemas.js';

/** More regions than any partition has: the bound the state-size test rests on. */
export const MAX_REGIONS = 64;

/** One line of the run's accounts object, with the run: what the shard Map gives each child. */
export const SealShardEventSchema = z.strictObject({
  runId: RUN_ID,
  startedAt: STARTED_AT,
  accountId: ACCOUNT_ID,
  regions: z.array(REGION).min(1, 'an account of a run has at least one region').max(MAX_REGIONS),
});
export type SealShardEvent = z.infer<typeof SealShardEventSchema>;

const COUNT = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * What seal-shard returns: the account, where its summary is staged and its counts, the same size
 * whatever the account holds. The Map's child keeps only the ids and the key (its ResultSelector).
 */
export const SealShardResultSchema = z.strictObject({
  runId: RUN_ID,
  accountId: ACCOUNT_ID,
  summaryKey: z.string().max(100),
  shard: z.strictObject({
    key: z.string().max(1100),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .max(64),
    evidence: COUNT,
    findings: COUNT,
    coverageGaps: COUNT,
  }),
  written: COUNT,
  existing: COUNT,
});
export type SealShardResult = z.infer<typeof SealShardResultSchema>;

export interface SealShardDeps {
  clients: Pick<AwsClients, 's3'>;
  collectors: readonly CollectorMetadata[];
  catalog: readonly Control[];
}

/**
 * The run's account list (accounts.jsonl): one small read a shard, for the one thing a control may
 * know beyond its account (EvaluationInput.accounts). A refused read names the action and the key.
 */
async function runAccountsOf(s3: S3Client, bucket: string, runId: string): Promise<string[]> {
  try {
    return (await getAccounts(s3, bucket, runId)).map((a) => a.accountId);
  } catch (error) {
    if (accessDenied(error)) throw deniedError(`s3://${bucket}/${accountsKey(runId)}`, 'seal-shard', error);
    throw error;
  }
}

/**
 * Seals one account's shard of a run: reads what collect staged for each of its regions (a
 * failed or missing target is FAILED coverage), evaluates the catalog over the account, stores
 * its two packs and its shard manifest in the Object Lock bucket (write-once: a retried step
 * writes the same bytes, found already there) and stages the shard's summary for the run seal.
 * Its memory and time are those of one account, whatever the size of the organization.
 */
export async function sealShard(event: SealShardEvent, deps: SealShardDeps): Promise<SealShardResult> {
  const env = readEnv(['STAGING_BUCKET', 'EVIDENCE_BUCKET', 'EVIDENCE_PREFIX', 'RETENTION_DAYS']);
  const s3 = deps.clients.s3();
  try {
    const store = new S3ObjectLockStore({
      client: s3,
      bucket: env.EVIDENCE_BUCKET,
      prefix: env.EVIDENCE_PREFIX,
      retentionDays: env.RETENTION_DAYS,
    });
    const { runId, accountId } = event;
    const { summary, stored } = await sealAccountShard(
      {
        store,
        runId,
        startedAt: event.startedAt,
        accountId,
        scopes: [...new Set(event.regions)].map((region) => ({ accountId, region })),
        runAccounts: await runAccountsOf(s3, env.STAGING_BUCKET, runId),
        collectors: deps.collectors,
        catalog: deps.catalog,
      },
      {
        s3,
        bucket: env.STAGING_BUCKET,
        runId,
        functionName: 'seal-shard',
        onUnusable: (where, message) =>
          logger.warn('A staged target cannot be used: it is recorded as not collected.', { where, error: message }),
      },
    );
    const summaryKey = await putShardSummary(s3, env.STAGING_BUCKET, summary);
    const { shard } = summary;
    metrics.addMetric('ShardEvidence', 'Count', shard.evidence);
    metrics.addMetric('ShardFindings', 'Count', shard.findings);
    metrics.addMetric('TargetsFailed', 'Count', summary.targets.failed + summary.targets.missing);
    logger.info('Shard sealed.', { runId, accountId, ...summary.targets, ...stored, evidence: shard.evidence, findings: shard.findings });
    return {
      runId,
      accountId,
      summaryKey,
      shard: {
        key: `${store.prefix}${shard.key}`,
        sha256: shard.sha256,
        evidence: shard.evidence,
        findings: shard.findings,
        coverageGaps: shard.coverageGaps,
      },
      ...stored,
    };
  } finally {
    s3.destroy();
  }
}

/** A handler with its dependencies replaced, for tests. */
export function createSealShardHandler(deps: Partial<SealShardDeps> = {}) {
  const full: SealShardDeps = { clients: awsClients, collectors: COLLECTOR_MANIFEST, catalog: defaultCatalog, ...deps };
  return lambdaHandler('seal-shard', (event: unknown) => sealShard(parseEvent('seal-shard', SealShardEventSchema, event), full));
}

export const handler = createSealShardHandler();
