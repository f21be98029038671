import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import * as z from 'zod';
import { AssumeRoleError, assumeRole, callerIdentity, memberRoleArn } from '../lib/aws/assume-role.js';
import { awsClients as collectorClients } from '../lib/collectors/clients.js';
import { collectors as defaultCollectors } from '../lib/collectors/index.js';
import { type CollectorSettings, collectorSettingsFromEnv } from '../lib/collectors/settings.js';
import type { ClientProvider, Collector } from '../lib/collectors/types.js';
import type { CoverageEntry } from '../lib/evidence/coverage.js';
import { collectScope, failedScopeCoverage, sortCoverage } from '../lib/pipeline/collect.js';
import { putStaged } from '../lib/pipeline/staging.js';
import { readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';
import { ACCOUNT_ID, REGION, RUN_ID, STARTED_AT } from './shared/schemas.js';

export const CollectEventSchema = z.object({
  runId: RUN_ID,
  startedAt: STARTED_AT,
  accountId: ACCOUNT_ID,
  region: REGION,
});
export type CollectEvent = z.infer<typeof CollectEventSchema>;

/**
 * What collect returns: one target's ids, its staged key and a status per collector (the catalog's
 * collectors, not the run's targets, bound its size). The Map's child keeps only the ids and the
 * key, and the ResultWriter writes them to S3, not to the execution's state.
 */
export const CollectResultSchema = z.strictObject({
  runId: RUN_ID,
  accountId: ACCOUNT_ID,
  region: REGION,
  stagedKey: z.string().max(200),
  coverage: z.array(z.strictObject({ collector: z.string().max(100), status: z.enum(['COMPLETE', 'PARTIAL', 'FAILED']) })),
});
export type CollectResult = z.infer<typeof CollectResultSchema>;

export interface CollectDeps {
  clients: Pick<AwsClients, 's3' | 'sts'>;
  /** The collectors' SDK clients with the given credentials (the function's own when none). */
  collectorClients: (credentials?: AwsCredentialIdentity) => ClientProvider;
  collectors: readonly Collector[];
  /** The collectors' settings: from the function's environment (set from the CDK context). */
  settings: CollectorSettings;
  now: () => Date;
}

/**
 * Credentials for the target account: the function's own in its home account, else the member
 * role's, assumed with the ExternalId. An AssumeRoleError is returned, not thrown: it is coverage.
 */
async function credentialsFor(
  sts: STSClient,
  event: CollectEvent,
  env: { MEMBER_ROLE_NAME: string; EXTERNAL_ID: string },
): Promise<{ credentials?: AwsCredentialIdentity; roleArn?: string } | AssumeRoleError> {
  const self = await callerIdentity(sts);
  if (self.accountId === event.accountId) return {};
  const roleArn = memberRoleArn(self.partition, event.accountId, env.MEMBER_ROLE_NAME);
  try {
    const credentials = await assumeRole({ sts, roleArn, externalId: env.EXTERNAL_ID, sessionName: `ai-evidence-${event.runId}` });
    return { credentials, roleArn };
  } catch (error) {
    if (error instanceof AssumeRoleError) return error;
    throw error;
  }
}

/**
 * Collects one account and region of a run and stages the result. A member role that cannot be
 * assumed is not an error: every collector gets a FAILED coverage entry naming sts:AssumeRole and
 * the role, the scope is staged like any other, and the run goes on.
 */
export async function collect(event: CollectEvent, deps: CollectDeps): Promise<CollectResult> {
  const env = readEnv(['STAGING_BUCKET', 'MEMBER_ROLE_NAME', 'EXTERNAL_ID']);
  const scope = { accountId: event.accountId, region: event.region };
  const sts = deps.clients.sts();
  const s3 = deps.clients.s3();
  try {
    const access = await credentialsFor(sts, event, env);
    let records: Awaited<ReturnType<typeof collectScope>>['records'] = [];
    let coverage: CoverageEntry[];
    if (access instanceof AssumeRoleError) {
      logger.warn('The member role could not be assumed: the scope is recorded as not collected.', {
        roleArn: access.roleArn,
        code: access.code,
        ...scope,
      });
      metrics.addMetric('AssumeRoleFailures', 'Count', 1);
      coverage = failedScopeCoverage(
        scope,
        { operation: 'AssumeRole', kind: access.kind, code: access.code, message: access.message, httpStatus: access.httpStatus },
        deps.collectors,
      );
    } else {
      const collected = await collectScope({
        scope,
        clients: deps.collectorClients(access.credentials),
        now: deps.now,
        collectors: deps.collectors,
        settings: deps.settings,
      });
      records = collected.records;
      coverage = collected.coverage;
    }
    sortCoverage(coverage);
    const stagedKey = await putStaged(s3, env.STAGING_BUCKET, {
      schemaVersion: 1,
      runId: event.runId,
      startedAt: event.startedAt,
      ...scope,
      records,
      coverage,
    });
    const gaps = coverage.filter((c) => c.status !== 'COMPLETE').length;
    metrics.addMetric('EvidenceRecords', 'Count', records.length);
    metrics.addMetric('CoverageGaps', 'Count', gaps);
    logger.info('Scope collected.', { runId: event.runId, ...scope, records: records.length, coverageGaps: gaps, stagedKey });
    return {
      runId: event.runId,
      ...scope,
      stagedKey,
      coverage: coverage.map((c) => ({ collector: c.collector, status: c.status })),
    };
  } finally {
    sts.destroy();
    s3.destroy();
  }
}

/** A handler with its dependencies replaced, for tests. */
export function createCollectHandler(deps: Partial<CollectDeps> = {}) {
  const full: CollectDeps = {
    clients: awsClients,
    collectorClients: (credentials) => collectorClients(credentials ? { credentials: async () => credentials } : {}),
    collectors: defaultCollectors,
    settings: collectorSettingsFromEnv(),
    now: () => new Date(),
    ...deps,
  };
  return lambdaHandler('collect', (event: unknown) => collect(parseEvent('collect', CollectEventSchema, event), full));
}

export const handler = createCollectHandler();
