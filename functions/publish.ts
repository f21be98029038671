import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentity } from '@smithy/types';
import * as z from 'zod';
import { callerIdentity } from '../lib/aws/assume-role.js';
import { maxAttemptsSetting } from '../lib/collectors/client-settings.js';
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
import { REGION, RUN_ID } from './shared/schemas.js';

export const PublishEventSchema = z.object({ runId: RUN_ID });
export type PublishEvent = z.infer<typeof PublishEventSchema>;

export interface PublishDeps {
  clients: Pick<AwsClients, 's3' | 'sts'> & {
    /** Security Hub with the function's own credentials, or with a member account's. */
    securityhub: (credentials?: AwsCredentialIdentity) => SecurityHubClient;
  };
  now: () => Date;
}

/** Accounts the error of an incomplete publish names one by one (the log names them all). */
export const MAX_ACCOUNTS_NAMED = 20;

/**
 * What the function returns to the state machine: totals, small whatever the number of accounts
 * (Step Functions passes at most 256 KiB between states). Each account's figures are in the log.
 */
export interface PublishSummary {
  runId: string;
  region: string;
  memberPublishing: boolean;
  accountsPublished: number;
  /** Findings imported (new, changed or due for a refresh), every account. */
  imported: number;
  /** Findings not sent because Security Hub holds them as they are, every account. */
  unchanged: number;
  /** Findings Security Hub refused, every account. */
  importFailed: number;
  archived: number;
  /** Findings left active because this run could not read their scope. */
  keptUnobserved: number;
  /** With member publishing off: the member accounts whose findings were not sent, and how many. */
  notPublished: { accounts: number; findings: number };
  /** The head digest handed to Security Hub (the run's statement SHA-256), and in how many accounts it was and was not written. */
  head: { statementSha256: string; written: number; failed: number };
}

const COUNT = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** {@link PublishSummary} as a schema: its size does not depend on the run's (test/infra/state-size.test.ts). */
export const PublishSummarySchema = z.strictObject({
  runId: RUN_ID,
  region: REGION,
  memberPublishing: z.boolean(),
  accountsPublished: COUNT,
  imported: COUNT,
  importFailed: COUNT,
  archived: COUNT,
  unchanged: COUNT,
  keptUnobserved: COUNT,
  notPublished: z.strictObject({ accounts: COUNT, findings: COUNT }),
  head: z.strictObject({
    statementSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .max(64),
    written: COUNT,
    failed: COUNT,
  }),
});

/** The totals of a publish report. */
export function summarize(report: RunPublishReport): PublishSummary {
  const sum = (pick: (a: PublishReport) => number) => report.accounts.reduce((total, a) => total + pick(a), 0);
  return {
    runId: report.runId,
    region: report.region,
    memberPublishing: report.memberPublishing,
    accountsPublished: report.accounts.length,
    imported: sum((a) => a.imported.succeeded),
    unchanged: sum((a) => a.unchanged),
    importFailed: sum((a) => a.imported.failed.length),
    archived: sum((a) => a.archived.succeeded),
    keptUnobserved: sum((a) => a.keptUnobserved),
    notPublished: {
      accounts: report.notPublished.length,
      findings: report.notPublished.reduce((total, a) => total + a.findings, 0),
    },
    head: {
      statementSha256: report.statementSha256,
      written: sum((a) => (a.head.written ? 1 : 0)),
      failed: sum((a) => (a.head.written ? 0 : 1)),
    },
  };
}

/**
 * Publishes a sealed run's findings to Security Hub in the function's region, with lib/publish:
 * read back from the Object Lock store and checked against the signed statement first. The
 * function's own account is published with its own credentials (BatchImportFindings takes only
 * the caller's account's findings); with MEMBER_PUBLISH_ROLE_NAME set, each member account of the
 * run through that role, assumed with EXTERNAL_ID. An account that cannot be published fails the
 * invocation after every other account is published, naming it.
 */
export async function publish(event: PublishEvent, deps: PublishDeps): Promise<PublishSummary> {
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
    const summary = summarize(report);
    metrics.addMetric('FindingsImported', 'Count', summary.imported);
    metrics.addMetric('FindingsUnchanged', 'Count', summary.unchanged);
    metrics.addMetric('FindingsImportFailed', 'Count', summary.importFailed);
    metrics.addMetric('FindingsArchived', 'Count', summary.archived);
    metrics.addMetric('AccountsPublished', 'Count', summary.accountsPublished);
    metrics.addMetric('AccountsPublishFailed', 'Count', report.failedAccounts.length);
    metrics.addMetric('FindingsNotPublished', 'Count', summary.notPublished.findings);
    metrics.addMetric('ChainHeadsWritten', 'Count', summary.head.written);
    metrics.addMetric('ChainHeadsFailed', 'Count', summary.head.failed);
    // Each account's figures go to the log: the state machine gets the totals (its state holds 256 KiB).
    logger.info('Run published to Security Hub.', {
      ...summary,
      accountId: caller.accountId,
      accounts: report.accounts.map((a) => ({
        accountId: a.accountId,
        imported: a.imported.succeeded,
        unchanged: a.unchanged,
        importFailed: a.imported.failed.length,
        archived: a.archived.succeeded,
        keptUnobserved: a.keptUnobserved,
        head: a.head.written ? a.head.statementSha256 : `NOT written: ${a.head.failure?.code ?? 'unknown'}`,
      })),
      failedAccounts: report.failedAccounts.map(({ report: _, ...f }) => f),
      notPublished: report.notPublished,
    });
    if (summary.head.failed > 0) {
      logger.warn(
        `The chain head of run ${report.runId} (statement SHA-256 ${summary.head.statementSha256}) was not written in ${summary.head.failed} account(s): their Security Hub's head is behind this run.`,
      );
    }
    if (report.notPublished.length > 0) {
      logger.warn(
        `${summary.notPublished.findings} finding(s) of ${summary.notPublished.accounts} member account(s) were not published: member publishing is off. To publish them, ${ENABLE_MEMBER_PUBLISHING}.`,
      );
    }
    // Every other account is published by now: the run's execution fails, naming what was not.
    if (!report.complete) throw new PublishIncompleteError(report, MAX_ACCOUNTS_NAMED);
    return summary;
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
