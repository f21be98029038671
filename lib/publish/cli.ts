/**
 * `ai-evidence publish`: the CLI side of the publisher, on clients from the SDK's standard
 * configuration (credentials chain, AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL).
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { retrySettings } from '../collectors/clients.js';
import type { EvidenceStore } from '../store/types.js';
import { newestSealedRun } from './run.js';
import { type FailedFinding, type PublishReport, publishStoredRun } from './securityhub.js';

/** The CLI cannot tell where or what to publish: no region, unknown account, no sealed run. */
export class PublishSetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PublishSetupError';
  }
}

/**
 * Publishes run `runId` (default: the newest sealed run of `store`) to Security Hub in the SDK's
 * region, as the SDK's account. The run is chosen first, so a store without one fails before any
 * AWS call.
 */
export async function publishFromCli(
  store: EvidenceStore,
  runId: string | undefined,
  options: { resolveWorkflow?: boolean } = {},
): Promise<PublishReport> {
  const chosen = runId ?? (await newestSealedRun(store));
  if (chosen === undefined) throw new PublishSetupError(`${store.location} holds no sealed run to publish.`);
  // Adaptive retry, as the collectors use: BatchImportFindings allows 10 requests a second.
  const client = new SecurityHubClient(retrySettings());
  try {
    let region: string | undefined;
    try {
      region = await client.config.region();
    } catch {
      region = undefined;
    }
    if (!region)
      throw new PublishSetupError('No region: set AWS_REGION (or a region in your AWS profile) to the Security Hub to publish to.');
    const accountId = await callerAccount(region);
    return await publishStoredRun({
      client,
      accountId,
      region,
      store,
      runId: chosen,
      now: () => new Date(),
      resolveWorkflow: options.resolveWorkflow === true,
    });
  } finally {
    client.destroy();
  }
}

/** The account of the SDK's credentials (sts:GetCallerIdentity). */
async function callerAccount(region: string): Promise<string> {
  const sts = new STSClient({ region });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('GetCallerIdentity returned no account.');
    return identity.Account;
  } catch (error) {
    throw new PublishSetupError(
      `Cannot tell which AWS account these credentials belong to (sts:GetCallerIdentity failed: ${(error as Error).message}). Check AWS_PROFILE or your credentials.`,
      { cause: error },
    );
  } finally {
    sts.destroy();
  }
}

function failureLine(f: FailedFinding): string {
  const what = [f.controlId, f.resourceId].filter(Boolean).join(' ');
  const tries = f.attempts === 0 ? 'not sent' : `after ${f.attempts} attempt(s)`;
  return `  ${what || f.id}: ${f.code}: ${f.message} (${tries})`;
}

/** The publish report for a person. */
export function publishSummary(report: PublishReport): string {
  const lines = [
    `Run ${report.runId} published to Security Hub in account ${report.accountId}, region ${report.region} (${report.productArn}).`,
    `  imported: ${report.imported.succeeded} of ${report.imported.sent} sent, ${report.imported.failed.length} failed`,
    `  archived (no longer reported by this run): ${report.archived.succeeded} of ${report.archived.sent} sent, ${report.archived.failed.length} failed`,
  ];
  if (report.keptUnobserved > 0) {
    lines.push(`  kept active, because this run could not list their account and region: ${report.keptUnobserved}`);
  }
  if (report.outsideRun > 0) lines.push(`  left as they are, in regions this run did not assess: ${report.outsideRun}`);
  if (report.workflowResolved) {
    const w = report.workflowResolved;
    lines.push(`  workflow set to RESOLVED (fixed or no longer reported): ${w.succeeded} of ${w.sent}, ${w.failed.length} failed`);
  }
  if (report.otherRegionFindings > 0) lines.push(`  not sent, findings of regions left out: ${report.otherRegionFindings}`);
  if (report.otherAccountFindings > 0) {
    lines.push(`  not sent, findings of other accounts (publish them with each account's credentials): ${report.otherAccountFindings}`);
  }
  const failed = [...report.imported.failed, ...report.archived.failed, ...(report.workflowResolved?.failed ?? [])];
  if (failed.length > 0) lines.push('Failed:', ...failed.map(failureLine));
  return lines.join('\n');
}
