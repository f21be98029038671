/**
 * `ai-evidence publish`: the CLI side of the publisher, on clients from the SDK's standard
 * configuration (credentials chain, AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL).
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { type CallerIdentity, callerIdentity } from '../aws/assume-role.js';
import { retrySettings } from '../collectors/client-settings.js';
import type { EvidenceStore } from '../store/types.js';
import { ENABLE_MEMBER_PUBLISHING, publishStoredRunByAccount, type RunPublishReport } from './accounts.js';
import { verifyHeadCommand } from './head.js';
import { newestSealedRun } from './run.js';
import type { FailedFinding, PublishReport } from './securityhub.js';

/** The CLI cannot tell where or what to publish: no region, unknown account, no sealed run. */
export class PublishSetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PublishSetupError';
  }
}

/** Member publishing from the CLI: the member publish role's name and its ExternalId. */
export interface CliMemberPublishing {
  readonly roleName: string;
  readonly externalId: string;
}

/**
 * Publishes run `runId` (default: the newest sealed run of `store`) to Security Hub in the SDK's
 * region: the SDK's account with its own credentials and, with `members`, every other account of
 * the run through the member publish role (assumed with those credentials). The run is chosen
 * first, so a store without one fails before any AWS call.
 */
export async function publishFromCli(
  store: EvidenceStore,
  runId: string | undefined,
  options: { resolveWorkflow?: boolean; sendUnchanged?: boolean; members?: CliMemberPublishing } = {},
): Promise<RunPublishReport> {
  const chosen = runId ?? (await newestSealedRun(store));
  if (chosen === undefined) throw new PublishSetupError(`${store.location} holds no sealed run to publish.`);
  // Adaptive retry, as the collectors use: BatchImportFindings allows 10 requests a second.
  const client = new SecurityHubClient(retrySettings());
  let sts: STSClient | undefined;
  try {
    let region: string | undefined;
    try {
      region = await client.config.region();
    } catch {
      region = undefined;
    }
    if (!region)
      throw new PublishSetupError('No region: set AWS_REGION (or a region in your AWS profile) to the Security Hub to publish to.');
    sts = new STSClient({ region });
    const caller = await callerOf(sts);
    const memberRegion = region;
    return await publishStoredRunByAccount({
      client,
      caller,
      region,
      store,
      runId: chosen,
      now: () => new Date(),
      resolveWorkflow: options.resolveWorkflow === true,
      sendUnchanged: options.sendUnchanged === true,
      ...(options.members
        ? {
            members: {
              ...options.members,
              sts,
              client: (credentials) => new SecurityHubClient({ ...retrySettings(), region: memberRegion, credentials }),
            },
          }
        : {}),
    });
  } finally {
    client.destroy();
    sts?.destroy();
  }
}

/** The account and partition of the SDK's credentials (sts:GetCallerIdentity). */
async function callerOf(sts: STSClient): Promise<CallerIdentity> {
  try {
    return await callerIdentity(sts);
  } catch (error) {
    throw new PublishSetupError(
      `Cannot tell which AWS account these credentials belong to (sts:GetCallerIdentity failed: ${(error as Error).message}). Check AWS_PROFILE or your credentials.`,
      { cause: error },
    );
  }
}

function failureLine(f: FailedFinding): string {
  const what = [f.controlId, f.resourceId].filter(Boolean).join(' ');
  const tries = f.attempts === 0 ? 'not sent' : `after ${f.attempts} attempt(s)`;
  return `  ${what || f.id}: ${f.code}: ${f.message} (${tries})`;
}

/** One account's lines of the publish report. */
function accountSummary(report: PublishReport): string[] {
  const lines = [
    `Run ${report.runId} published to Security Hub in account ${report.accountId}, region ${report.region} (${report.productArn}).`,
    `  imported (new, changed or due for a refresh): ${report.imported.succeeded} of ${report.imported.sent} sent, ${report.imported.failed.length} failed`,
    `  unchanged (Security Hub holds them as they are, not sent): ${report.unchanged}`,
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
  lines.push(headLine(report));
  const failed = [
    ...report.imported.failed,
    ...report.archived.failed,
    ...(report.head.failure ? [report.head.failure] : []),
    ...(report.workflowResolved?.failed ?? []),
  ];
  if (failed.length > 0) lines.push('  Failed:', ...failed.map((f) => `  ${failureLine(f)}`));
  return lines;
}

/** What one account's Security Hub now holds as the chain head, and what it held before when that was another run. */
function headLine(report: PublishReport): string {
  const { head } = report;
  const before = head.previous !== undefined && head.previous.runId !== head.runId ? ` (it held run ${head.previous.runId} before)` : '';
  return head.written
    ? `  chain head: run ${head.runId}, statement SHA-256 ${head.statementSha256}${before}`
    : `  chain head NOT written (run ${head.runId}): Security Hub's head is behind this run${before}`;
}

/** The head digest the publish handed Security Hub, and how an auditor checks a store against it. */
function headDigestLines(report: RunPublishReport): string[] {
  const written = report.accounts.filter((a) => a.head.written);
  const first = written[0]?.head;
  if (first === undefined) return [`Head digest NOT published: no Security Hub took the chain head of run ${report.runId}.`];
  return [
    `Head digest published (${written.length} of ${report.accounts.length + report.failedAccounts.length} Security Hub(s)): ${first.statementSha256}`,
    `  check the store still ends there: ${verifyHeadCommand(first.store, first.statementSha256)}`,
  ];
}

/** The publish report for a person: each account published, each that could not be, the findings left unsent, and the head digest. */
export function publishSummary(report: RunPublishReport): string {
  const lines = [...report.accounts.flatMap(accountSummary), ...headDigestLines(report)];
  for (const f of report.failedAccounts) lines.push(`NOT published: ${f.message}`);
  if (report.notPublished.length > 0) {
    const total = report.notPublished.reduce((sum, a) => sum + a.findings, 0);
    lines.push(
      `Not published: ${total} finding(s) of ${report.notPublished.length} member account(s) (${report.notPublished.map((a) => `${a.accountId}: ${a.findings}`).join(', ')}): Security Hub takes only the caller's own account's findings, and member publishing is off. To publish them, ${ENABLE_MEMBER_PUBLISHING}.`,
    );
  }
  return lines.join('\n');
}
