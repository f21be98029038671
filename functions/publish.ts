import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentity } from '@smithy/types';
import { z } from 'zod';
import { callerIdentity } from '../lib/aws/assume-role.js';
import { maxAttemptsSetting } from '../lib/collectors/clients.js';
import {
  ENABLE_MEMBER_PUBLISHING,
  PublishIncompleteError,
  publishStoredRunByAccount,
  type RunPublishReport,
} from '../lib/publish/accounts.js';
import type { PublishReport } from '../lib/publish/securityhub.js';
import { S3ObjectLockStore } from '../lib/store/s3.js';
import { readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';
import { RUN_ID } from './shared/schemas.js';

export const PublishEventSchema = z.object({ runId: RUN_ID });
export type PublishEvent = z.infer<typeof PublishEventSchema>;

export interface PublishDeps {
  clients: Pick<AwsClients, 's3' | 'sts'> & {
    /** Security Hub with the function's own credentials, or with a member account's. */
    securityhub: (credentials?: AwsCredentialIdentity) => SecurityHubClient;
  };
  now: () => Date;
}

/**
 * Publishes a sealed run's findings to Security Hub in the function's region, with lib/publish:
 * read back from the Object Lock store and checked against the signed statement first. The
 * function's own account is published with its own credentials (BatchImportFindings takes only
 * the caller's account's findings); with MEMBER_PUBLISH_ROLE_NAME set, each member account of the
 * run through that role, assumed with EXTERNAL_ID. An account that cannot be published fails the
 * invocation after every other account is published, naming it.
 */
export async function publish(event: PublishEvent, deps: PublishDeps): Promise<RunPublishReport> {
  const env = readEnv(['EVIDENCE_BUCKET', 'EVIDENCE_PREFIX', 'MEMBER_PUBLISH_ROLE_NAME']);
  // The ExternalId is needed (and required) only when member accounts are published.
  const memberRole =
    env.MEMBER_PUBLISH_ROLE_NAME === undefined
      ? undefined
      : { roleName: env.MEMBER_PUBLISH_ROLE_NAME, externalId: readEnv(['EXTERNAL_ID']).EXTERNAL_ID };
  const s3 = deps.clients.s3();
  const sts = deps.clients.sts();
  const client = deps.clients.securityhub();
  try {
    const caller = await callerIdentity(sts);
    const region = await client.config.region();
    // Publishing only reads the store: the retention applies to writes and is never used here.
    const store = new S3ObjectLockStore({ client: s3, bucket: env.EVIDENCE_BUCKET, prefix: env.EVIDENCE_PREFIX, retentionDays: 1 });
    const report = await publishStoredRunByAccount({
      client,
      caller,
      region,
      store,
      runId: event.runId,
      now: deps.now,
      ...(memberRole ? { members: { ...memberRole, sts, client: (credentials) => deps.clients.securityhub(credentials) } } : {}),
    });
    const sum = (pick: (a: PublishReport) => number) => report.accounts.reduce((total, a) => total + pick(a), 0);
    metrics.addMetric(
      'FindingsImported',
      'Count',
      sum((a) => a.imported.succeeded),
    );
    metrics.addMetric(
      'FindingsImportFailed',
      'Count',
      sum((a) => a.imported.failed.length),
    );
    metrics.addMetric(
      'FindingsArchived',
      'Count',
      sum((a) => a.archived.succeeded),
    );
    metrics.addMetric('AccountsPublished', 'Count', report.accounts.length);
    metrics.addMetric('AccountsPublishFailed', 'Count', report.failedAccounts.length);
    metrics.addMetric(
      'FindingsNotPublished',
      'Count',
      report.notPublished.reduce((total, a) => total + a.findings, 0),
    );
    logger.info('Run published to Security Hub.', {
      runId: report.runId,
      accountId: caller.accountId,
      region,
      memberPublishing: report.memberPublishing,
      accounts: report.accounts.map((a) => ({
        accountId: a.accountId,
        imported: a.imported.succeeded,
        failed: a.imported.failed.length,
        archived: a.archived.succeeded,
      })),
      failedAccounts: report.failedAccounts.map(({ report: _, ...f }) => f),
      notPublished: report.notPublished,
    });
    if (report.notPublished.length > 0) {
      logger.warn(
        `Findings of ${report.notPublished.length} member account(s) were not published: member publishing is off. To publish them, ${ENABLE_MEMBER_PUBLISHING}.`,
      );
    }
    // Every other account is published by now: the run's execution fails, naming what was not.
    if (!report.complete) throw new PublishIncompleteError(report);
    return report;
  } finally {
    s3.destroy();
    sts.destroy();
    client.destroy();
  }
}

/** Security Hub in the function's region: with its own credentials, or a member account's (the standard configuration otherwise). */
export function securityHubClient(credentials?: AwsCredentialIdentity): SecurityHubClient {
  return new SecurityHubClient({ ...maxAttemptsSetting(), ...(credentials ? { credentials } : {}) });
}

/** A handler with its dependencies replaced, for tests. */
export function createPublishHandler(deps: Partial<PublishDeps> = {}) {
  const full: PublishDeps = {
    clients: { ...awsClients, securityhub: securityHubClient },
    now: () => new Date(),
    ...deps,
  };
  return lambdaHandler('publish', (event: unknown) => publish(parseEvent('publish', PublishEventSchema, event), full));
}

export const handler = createPublishHandler();
