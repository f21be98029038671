import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { z } from 'zod';
import { callerIdentity } from '../lib/aws/assume-role.js';
import { maxAttemptsSetting } from '../lib/collectors/clients.js';
import { type PublishReport, publishStoredRun } from '../lib/publish/securityhub.js';
import { S3ObjectLockStore } from '../lib/store/s3.js';
import { readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';
import { RUN_ID } from './shared/schemas.js';

export const PublishEventSchema = z.object({ runId: RUN_ID });
export type PublishEvent = z.infer<typeof PublishEventSchema>;

export interface PublishDeps {
  clients: Pick<AwsClients, 's3' | 'sts'> & { securityhub: () => SecurityHubClient };
  now: () => Date;
}

/**
 * Publishes a sealed run's findings to Security Hub in the function's own account and region
 * (BatchImportFindings takes only the caller's account's findings), with lib/publish: read back from
 * the Object Lock store and checked against the signed statement first.
 */
export async function publish(event: PublishEvent, deps: PublishDeps): Promise<PublishReport> {
  const env = readEnv(['EVIDENCE_BUCKET', 'EVIDENCE_PREFIX']);
  const s3 = deps.clients.s3();
  const sts = deps.clients.sts();
  const client = deps.clients.securityhub();
  try {
    const { accountId } = await callerIdentity(sts);
    const region = await client.config.region();
    // Publishing only reads the store: the retention applies to writes and is never used here.
    const store = new S3ObjectLockStore({ client: s3, bucket: env.EVIDENCE_BUCKET, prefix: env.EVIDENCE_PREFIX, retentionDays: 1 });
    const report = await publishStoredRun({ client, accountId, region, store, runId: event.runId, now: deps.now });
    metrics.addMetric('FindingsImported', 'Count', report.imported.succeeded);
    metrics.addMetric('FindingsImportFailed', 'Count', report.imported.failed.length);
    metrics.addMetric('FindingsArchived', 'Count', report.archived.succeeded);
    logger.info('Run published to Security Hub.', {
      runId: report.runId,
      accountId,
      region,
      imported: report.imported.succeeded,
      failed: report.imported.failed.length,
      archived: report.archived.succeeded,
    });
    return report;
  } finally {
    s3.destroy();
    sts.destroy();
    client.destroy();
  }
}

/** A handler with its dependencies replaced, for tests. */
export function createPublishHandler(deps: Partial<PublishDeps> = {}) {
  const full: PublishDeps = {
    clients: { ...awsClients, securityhub: () => new SecurityHubClient(maxAttemptsSetting()) },
    now: () => new Date(),
    ...deps,
  };
  return lambdaHandler('publish', (event: unknown) => publish(parseEvent('publish', PublishEventSchema, event), full));
}

export const handler = createPublishHandler();
