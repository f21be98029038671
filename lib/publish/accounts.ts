/**
 * Publishes a sealed run to Security Hub account by account. BatchImportFindings under the default
 * product takes only findings of the caller's own account, so the caller's account is published
 * with the caller's credentials and each member account through the member publish role, assumed
 * with the ExternalId. One account that cannot be published stops nothing else: it is reported,
 * naming the account, the role and the cause, and the run's publish is incomplete.
 */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AssumeRoleError, assumeRole, memberRoleArn } from '../aws/assume-role.js';
import { mapWithConcurrency } from '../collectors/concurrency.js';
import type { EvidenceStore } from '../store/types.js';
import { readRunToPublish } from './run.js';
import {
  type PublishOptions,
  type PublishReport,
  publishToSecurityHub,
  type RunToPublish,
  SecurityHubPublishError,
} from './securityhub.js';

/** The default name of the member publish role (infra/config.ts `memberPublishRoleName`). */
export const DEFAULT_MEMBER_PUBLISH_ROLE_NAME = 'AiEvidencePublishFindings';

/** How member accounts are reached: the member publish role, assumed with the ExternalId. */
export interface MemberPublishing {
  /** The role's name, the same in every member account. */
  readonly roleName: string;
  /** The ExternalId its trust policy requires. */
  readonly externalId: string;
  /** STS with the caller's credentials: it assumes the role. */
  readonly sts: STSClient;
  /** A Security Hub client in the publishing region with a member's credentials (destroyed after use). */
  readonly client: (credentials: AwsCredentialIdentity) => SecurityHubClient;
}

export interface RunPublishOptions extends Omit<PublishOptions, 'client' | 'accountId' | 'run'> {
  readonly run: RunToPublish;
  /** The account and partition of the caller's credentials: that account is published with `client`. */
  readonly caller: { readonly accountId: string; readonly partition: string };
  /** Security Hub with the caller's credentials. */
  readonly client: SecurityHubClient;
  /** Absent: member publishing is off, only the caller's account is published and the others are counted. */
  readonly members?: MemberPublishing;
  /**
   * Member accounts published at the same time (default 10): each account has its own Security Hub
   * quotas, so this bounds only the function's memory and its STS calls.
   */
  readonly concurrency?: number;
}

/** An account whose findings were not (or not all) published, and why. */
export interface AccountPublishFailure {
  readonly accountId: string;
  /** The member publish role used; absent for the caller's own account. */
  readonly roleArn?: string;
  /** What failed: sts:AssumeRole, or the Security Hub action. */
  readonly action: string;
  /** ACCESS_DENIED, NOT_ENABLED, OUT_OF_ORDER, THROTTLED, ... */
  readonly kind: string;
  readonly message: string;
  /** What was done in the account before it failed, when anything was. */
  readonly report?: PublishReport;
}

/** A member account whose findings were not sent because member publishing is off. */
export interface UnpublishedAccount {
  readonly accountId: string;
  readonly findings: number;
}

export interface RunPublishReport {
  runId: string;
  /** The run's statement SHA-256: the head digest each account's chain head finding carries. */
  statementSha256: string;
  region: string;
  /** Findings of the run, every account. */
  runFindings: number;
  /** Whether member accounts were published through the member publish role. */
  memberPublishing: boolean;
  /** The accounts published, the caller's first: what each imported, archived and kept. */
  accounts: PublishReport[];
  /** The accounts that could not be published. */
  failedAccounts: AccountPublishFailure[];
  /** With member publishing off: the member accounts of the run whose findings were not sent. */
  notPublished: UnpublishedAccount[];
  /** Every account was published (a finding Security Hub refused is in its account's report, not here). */
  complete: boolean;
}

/** Some accounts of a run could not be published; `report` holds what was published, every account. */
export class PublishIncompleteError extends Error {
  readonly report: RunPublishReport;
  /** `maxNamed`: name at most this many accounts in the message (a Lambda error's text is bounded). */
  constructor(report: RunPublishReport, maxNamed?: number) {
    super(incompleteMessage(report, maxNamed));
    this.name = 'PublishIncompleteError';
    this.report = report;
  }
}

/** One sentence per account that could not be published (the first `maxNamed`, when given). */
export function incompleteMessage(report: RunPublishReport, maxNamed = Number.POSITIVE_INFINITY): string {
  const failed = report.failedAccounts;
  const named = failed.slice(0, maxNamed);
  const published = report.accounts.length;
  return [
    `The publish of run ${report.runId} is incomplete: ${failed.length} account(s) could not be published, ${published} were.`,
    ...named.map((f) => f.message),
    ...(failed.length > named.length ? [`And ${failed.length - named.length} more account(s): see the publish log.`] : []),
  ].join(' ');
}

/** How to turn member publishing on, for the report of a run that has member findings. */
export const ENABLE_MEMBER_PUBLISHING =
  'set the CDK context memberPublishRole=true, deploy the AiEvidence stack and the member role StackSet again (it adds the member publish role); from the CLI, pass --member-role-name and --external-id';

interface AwsErrorLike {
  name?: unknown;
  message?: unknown;
}

function failure(accountId: string, roleArn: string | undefined, error: unknown): AccountPublishFailure {
  const through = roleArn === undefined ? '' : ` through ${roleArn}`;
  if (error instanceof SecurityHubPublishError) {
    return {
      accountId,
      ...(roleArn === undefined ? {} : { roleArn }),
      action: error.action,
      kind: error.kind,
      message: `Account ${accountId}${through}: ${error.message}`,
      report: error.report,
    };
  }
  if (error instanceof AssumeRoleError) {
    return {
      accountId,
      roleArn: error.roleArn,
      action: 'sts:AssumeRole',
      kind: error.kind,
      message: `Account ${accountId}: ${error.message}`,
    };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorLike;
  const detail = typeof e.message === 'string' ? e.message : String(error);
  return {
    accountId,
    ...(roleArn === undefined ? {} : { roleArn }),
    action: 'publish',
    kind: 'ERROR',
    message: `Account ${accountId}${through} could not be published: ${typeof e.name === 'string' ? `${e.name}: ` : ''}${detail}`,
  };
}

/** The accounts of a run: those it assessed and those its findings name, sorted. */
function accountsOf(run: RunToPublish): string[] {
  return [...new Set([...run.scopes.map((s) => s.accountId), ...run.findings.map((s) => s.finding.accountId)])].sort();
}

/**
 * Publishes `run` to Security Hub in `region`: the caller's account with `client` (always, as a
 * single-account publish does), and with `members` every other account of the run through the
 * member publish role. Without `members`, the other accounts' findings are counted in
 * `notPublished`. `resolveWorkflow` applies to the caller's account only: the member publish role
 * does not grant securityhub:BatchUpdateFindings.
 */
export async function publishRun(options: RunPublishOptions): Promise<RunPublishReport> {
  const { run, caller, client, members, concurrency, ...rest } = options;
  const report: RunPublishReport = {
    runId: run.link.runId,
    statementSha256: run.link.statementSha256,
    region: rest.region,
    runFindings: run.findings.length,
    memberPublishing: members !== undefined,
    accounts: [],
    failedAccounts: [],
    notPublished: [],
    complete: true,
  };
  const others = accountsOf(run).filter((a) => a !== caller.accountId);

  try {
    report.accounts.push(await publishToSecurityHub({ ...rest, client, accountId: caller.accountId, run }));
  } catch (error) {
    report.failedAccounts.push(failure(caller.accountId, undefined, error));
  }

  if (members === undefined) {
    const counts = new Map<string, number>();
    for (const { finding } of run.findings) {
      if (finding.accountId !== caller.accountId) counts.set(finding.accountId, (counts.get(finding.accountId) ?? 0) + 1);
    }
    report.notPublished = others.filter((a) => counts.has(a)).map((accountId) => ({ accountId, findings: counts.get(accountId) ?? 0 }));
  } else {
    const results = await mapWithConcurrency(others, Math.max(1, concurrency ?? 10), (accountId) =>
      publishMember(accountId, members, { ...rest, run, partition: caller.partition }),
    );
    for (const result of results) {
      if ('message' in result) report.failedAccounts.push(result);
      else report.accounts.push(result);
    }
  }
  report.complete = report.failedAccounts.length === 0;
  return report;
}

async function publishMember(
  accountId: string,
  members: MemberPublishing,
  options: Omit<PublishOptions, 'client' | 'accountId'> & { partition: string },
): Promise<PublishReport | AccountPublishFailure> {
  const { partition, ...rest } = options;
  const roleArn = memberRoleArn(partition, accountId, members.roleName);
  let client: SecurityHubClient;
  try {
    const credentials = await assumeRole({
      sts: members.sts,
      roleArn,
      externalId: members.externalId,
      sessionName: `ai-evidence-publish-${rest.run.link.runId}`,
      deniedHint: `Deploy the member publish role ${members.roleName} in that account (the member role template synthesized with memberPublishRole=true), trusting the home account's publish role with this ExternalId.`,
    });
    client = members.client(credentials);
  } catch (error) {
    return failure(accountId, roleArn, error);
  }
  try {
    return await publishToSecurityHub({ ...rest, client, accountId, resolveWorkflow: false });
  } catch (error) {
    return failure(accountId, roleArn, error);
  } finally {
    client.destroy();
  }
}

/** Reads run `runId` from `store` (checked against its signed statement) and publishes it account by account. */
export async function publishStoredRunByAccount(
  options: Omit<RunPublishOptions, 'run'> & { store: EvidenceStore; runId: string },
): Promise<RunPublishReport> {
  const { store, runId, ...rest } = options;
  return publishRun({ ...rest, run: await readRunToPublish(store, runId) });
}
