import 'aws-sdk-client-mock-vitest/extend';
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  BatchUpdateFindingsCommand,
  DescribeHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
  SecurityHubServiceException,
} from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, type AssumeRoleCommandInput, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../lib/controls/types.js';
import {
  incompleteMessage,
  type MemberPublishing,
  PublishIncompleteError,
  publishRun,
  type RunPublishOptions,
} from '../../lib/publish/accounts.js';
import { asffId, productArnOf, toAsff } from '../../lib/publish/asff.js';
import { headFindingId, isHeadFinding } from '../../lib/publish/head.js';
import type { RunToPublish } from '../../lib/publish/securityhub.js';
import { ACCOUNT, coverage, finding, REGION, run, sealed, TEST_CONTROL } from './fixtures.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const MEMBER_A = '444455556666';
const MEMBER_B = '777788889999';
const ROLE_NAME = 'AiEvidencePublishFindings';
const EXTERNAL_ID = 'ext-publish-1';
const NOW = new Date('2026-11-26T13:00:00.000Z');
const roleArn = (account: string) => `arn:aws:iam::${account}:role/${ROLE_NAME}`;

type HubStub = AwsClientStub<SecurityHubClient>;

const credentials = { accessKeyId: 'home', secretAccessKey: 'x' };
const homeClient = new SecurityHubClient({ region: REGION, credentials });
const stsClient = new STSClient({ region: REGION, credentials });
let home: HubStub;
let sts: AwsClientStub<STSClient>;
/** The Security Hub of each member account, as reached with that account's role credentials. */
let memberHubs: Map<string, HubStub>;
/** What each member hub holds before the publish (GetFindings answers it). */
let memberHeld: Map<string, AwsSecurityFinding[]>;
let memberClients: SecurityHubClient[];
/** How many member clients were destroyed (their sockets released). */
let destroyed: number;

function serviceError(name: string, message: string, status = 403) {
  return new SecurityHubServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** A Security Hub stub that accepts every finding and holds `held`. */
function answer(stub: HubStub, account: string, held: () => AwsSecurityFinding[] = () => []): void {
  stub.on(DescribeHubCommand).resolves({ HubArn: `arn:aws:securityhub:${REGION}:${account}:hub/default` });
  stub.on(GetFindingsCommand).callsFake(() => ({ Findings: held() }));
  stub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
    FailedCount: 0,
    SuccessCount: input.Findings?.length ?? 0,
    FailedFindings: [],
  }));
}

/** The member client factory: a client per assumed role, its account read from the access key STS gave. */
function memberClient(c: AwsCredentialIdentity): SecurityHubClient {
  const account = c.accessKeyId.replace(/^AK-/, '');
  const client = new SecurityHubClient({ region: REGION, credentials: c });
  const stub = mockClient(client);
  answer(stub, account, () => memberHeld.get(account) ?? []);
  memberHubs.set(account, stub);
  memberClients.push(client);
  const destroy = client.destroy.bind(client);
  client.destroy = () => {
    destroyed++;
    destroy();
  };
  return client;
}

const membersOption = (): MemberPublishing => ({ roleName: ROLE_NAME, externalId: EXTERNAL_ID, sts: stsClient, client: memberClient });

/** A run that assessed the home account and both members in REGION, every collector read. */
function orgRun(findings: Finding[], overrides: Partial<RunToPublish> = {}): RunToPublish {
  const accounts = [ACCOUNT, MEMBER_A, MEMBER_B];
  return {
    ...run(findings),
    scopes: accounts.map((accountId) => ({ accountId, region: REGION })),
    coverage: accounts.map((accountId) => coverage('COMPLETE', REGION, accountId)),
    ...overrides,
  };
}

function options(r: RunToPublish, overrides: Partial<RunPublishOptions> = {}): RunPublishOptions {
  return {
    run: r,
    caller: { accountId: ACCOUNT, partition: 'aws' },
    client: homeClient,
    region: REGION,
    now: () => NOW,
    catalog: [TEST_CONTROL],
    sleep: async () => {},
    ...overrides,
  };
}

/** The findings of the catalog each request to `stub` carried (the chain head, sent on its own, left out). */
function importedBy(stub: HubStub | undefined): AwsSecurityFinding[][] {
  return (stub?.commandCalls(BatchImportFindingsCommand) ?? [])
    .map((c) => (c.args[0].input.Findings ?? []).filter((f) => !isHeadFinding(f)))
    .filter((batch) => batch.length > 0);
}

/** The chain head findings sent to `stub`. */
function headsSentTo(stub: HubStub | undefined): AwsSecurityFinding[] {
  return (stub?.commandCalls(BatchImportFindingsCommand) ?? []).flatMap((c) => (c.args[0].input.Findings ?? []).filter(isHeadFinding));
}

/** What Security Hub holds of `f` after an earlier run published it in its account. */
function stored(f: Finding): AwsSecurityFinding {
  const asff = toAsff(sealed(f), {
    accountId: f.accountId,
    region: REGION,
    productArn: productArnOf('aws', REGION, f.accountId),
    run: run([], { runId: '20261001T000000000Z-00000000' }).link,
    control: TEST_CONTROL,
    createdAt: '2026-10-01T00:00:00.000Z',
    observedAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-01T00:00:00.000Z',
  });
  return { ...asff, RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } };
}

beforeEach(() => {
  home = mockClient(homeClient);
  sts = mockClient(stsClient);
  memberHubs = new Map();
  memberHeld = new Map();
  memberClients = [];
  destroyed = 0;
  answer(home, ACCOUNT);
  sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) => {
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(input.RoleArn ?? '')?.[1];
    return {
      Credentials: {
        AccessKeyId: `AK-${account}`,
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(NOW.getTime() + 3600_000),
      },
    };
  });
});

afterEach(() => {
  home.restore();
  sts.restore();
  for (const stub of memberHubs.values()) stub.restore();
});

describe('publishRun: member accounts through the member publish role', () => {
  it("sends each account's findings to that account's Security Hub, the home account's with the caller's credentials", async () => {
    const findings = [
      finding('home-1'),
      finding('home-2', 'PASS'),
      finding('a-1', 'FAIL', { accountId: MEMBER_A }),
      finding('b-1', 'FAIL', { accountId: MEMBER_B }),
      finding('b-2', 'PASS', { accountId: MEMBER_B }),
    ];
    const report = await publishRun(options(orgRun(findings), { members: membersOption() }));

    expect(report).toMatchObject({ complete: true, memberPublishing: true, failedAccounts: [], notPublished: [], runFindings: 5 });
    expect(report.accounts.map((a) => [a.accountId, a.imported.succeeded])).toEqual([
      [ACCOUNT, 2],
      [MEMBER_A, 1],
      [MEMBER_B, 2],
    ]);
    for (const [account, stub] of [
      [ACCOUNT, home],
      [MEMBER_A, memberHubs.get(MEMBER_A)],
      [MEMBER_B, memberHubs.get(MEMBER_B)],
    ] as const) {
      const sent = importedBy(stub).flat();
      expect(sent.length, account).toBeGreaterThan(0);
      expect(new Set(sent.map((f) => f.AwsAccountId)), account).toEqual(new Set([account]));
      expect(new Set(sent.map((f) => f.ProductArn)), account).toEqual(new Set([productArnOf('aws', REGION, account)]));
      // One chain head per Security Hub written in, in that account, naming the run's digest.
      const heads = headsSentTo(stub);
      expect(
        heads.map((h) => [h.Id, h.AwsAccountId, h.ProductArn]),
        account,
      ).toEqual([[headFindingId(account, REGION), account, productArnOf('aws', REGION, account)]]);
      expect(heads[0]?.ProductFields?.['ai-evidence/StatementSha256']).toBe(report.statementSha256);
    }
    expect(report.accounts.map((a) => a.head.written)).toEqual([true, true, true]);
    // Each member's role, with the ExternalId; never a role in the home account.
    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed.map((i) => i.RoleArn).sort()).toEqual([roleArn(MEMBER_A), roleArn(MEMBER_B)]);
    for (const input of assumed) {
      expect(input).toMatchObject({ ExternalId: EXTERNAL_ID, DurationSeconds: 3600 });
      expect(input.RoleSessionName).toBe('ai-evidence-publish-run-1');
    }
    // The member clients are released once their account is done.
    expect(memberClients).toHaveLength(2);
    expect(destroyed).toBe(2);
  });

  it('reports a member whose role cannot be assumed, naming the account, the role and the cause, and publishes the others', async () => {
    sts.on(AssumeRoleCommand, { RoleArn: roleArn(MEMBER_A) }).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        message: 'not authorized to perform sts:AssumeRole',
        $fault: 'client',
        $metadata: {},
      }),
    );
    const findings = [finding('home-1'), finding('a-1', 'FAIL', { accountId: MEMBER_A }), finding('b-1', 'FAIL', { accountId: MEMBER_B })];
    const report = await publishRun(options(orgRun(findings), { members: membersOption() }));

    expect(report.complete).toBe(false);
    expect(report.accounts.map((a) => a.accountId)).toEqual([ACCOUNT, MEMBER_B]);
    expect(report.failedAccounts).toHaveLength(1);
    const failed = report.failedAccounts[0];
    expect(failed).toMatchObject({ accountId: MEMBER_A, roleArn: roleArn(MEMBER_A), action: 'sts:AssumeRole', kind: 'ACCESS_DENIED' });
    expect(failed?.message).toContain(`Account ${MEMBER_A}: sts:AssumeRole on ${roleArn(MEMBER_A)} failed: AccessDenied`);
    expect(failed?.message).toContain(`Deploy the member publish role ${ROLE_NAME} in that account`);
    expect(memberHubs.has(MEMBER_A)).toBe(false);
    expect(
      importedBy(memberHubs.get(MEMBER_B))
        .flat()
        .map((f) => f.AwsAccountId),
    ).toEqual([MEMBER_B]);
    expect(
      importedBy(home)
        .flat()
        .map((f) => f.AwsAccountId),
    ).toEqual([ACCOUNT]);
  });

  it('reports a member whose Security Hub refuses the import, with what the account did before', async () => {
    const findings = [finding('a-1', 'FAIL', { accountId: MEMBER_A }), finding('b-1', 'FAIL', { accountId: MEMBER_B })];
    const refusing = (c: AwsCredentialIdentity) => {
      const client = memberClient(c);
      if (c.accessKeyId === `AK-${MEMBER_B}`) {
        memberHubs.get(MEMBER_B)?.on(BatchImportFindingsCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
      }
      return client;
    };
    const report = await publishRun(options(orgRun(findings), { members: { ...membersOption(), client: refusing } }));

    expect(report.complete).toBe(false);
    expect(report.accounts.map((a) => a.accountId)).toEqual([ACCOUNT, MEMBER_A]);
    expect(report.failedAccounts).toMatchObject([
      { accountId: MEMBER_B, roleArn: roleArn(MEMBER_B), action: 'securityhub:BatchImportFindings', kind: 'ACCESS_DENIED' },
    ]);
    expect(report.failedAccounts[0]?.message).toContain(
      `Account ${MEMBER_B} through ${roleArn(MEMBER_B)}: securityhub:BatchImportFindings is denied to these credentials in account ${MEMBER_B}, region ${REGION}`,
    );
    expect(report.failedAccounts[0]?.report?.requests).toBe(1);
    expect(report.failedAccounts[0]?.report?.head.written).toBe(false);
  });

  it("still publishes the members when the home account's Security Hub is off", async () => {
    home.on(DescribeHubCommand).rejects(serviceError('InvalidAccessException', 'Account is not subscribed to AWS Security Hub', 401));
    const report = await publishRun(
      options(orgRun([finding('home-1'), finding('a-1', 'FAIL', { accountId: MEMBER_A })]), { members: membersOption() }),
    );

    expect(report.complete).toBe(false);
    expect(report.failedAccounts).toMatchObject([{ accountId: ACCOUNT, action: 'securityhub:DescribeHub', kind: 'NOT_ENABLED' }]);
    expect(report.failedAccounts[0]?.roleArn).toBeUndefined();
    expect(report.accounts.map((a) => a.accountId)).toEqual([MEMBER_A, MEMBER_B]);
    expect(importedBy(memberHubs.get(MEMBER_A)).flat()).toHaveLength(1);
  });

  it("splits each account's findings into its own batches of at most 100", async () => {
    const findings = [
      ...Array.from({ length: 150 }, (_, i) => finding(`a-${i}`, 'FAIL', { accountId: MEMBER_A })),
      ...Array.from({ length: 30 }, (_, i) => finding(`home-${i}`)),
      ...Array.from({ length: 101 }, (_, i) => finding(`b-${i}`, 'PASS', { accountId: MEMBER_B })),
    ];
    await publishRun(options(orgRun(findings), { members: membersOption() }));

    expect(importedBy(home).map((b) => b.length)).toEqual([30]);
    expect(importedBy(memberHubs.get(MEMBER_A)).map((b) => b.length)).toEqual([100, 50]);
    expect(importedBy(memberHubs.get(MEMBER_B)).map((b) => b.length)).toEqual([100, 1]);
  });

  it("archives in each member's Security Hub what the run no longer reports there, but keeps what it could not read", async () => {
    const goneA = stored(finding('gone-a', 'FAIL', { accountId: MEMBER_A }));
    const unreadB = stored(finding('unread-b', 'FAIL', { accountId: MEMBER_B }));
    memberHeld.set(MEMBER_A, [goneA]);
    memberHeld.set(MEMBER_B, [unreadB]);
    const r = orgRun([finding('a-1', 'FAIL', { accountId: MEMBER_A })], {
      // MEMBER_B's notebooks could not be listed in this run.
      coverage: [coverage('COMPLETE', REGION, ACCOUNT), coverage('COMPLETE', REGION, MEMBER_A), coverage('FAILED', REGION, MEMBER_B)],
    });
    const report = await publishRun(options(r, { members: membersOption() }));

    const a = report.accounts.find((x) => x.accountId === MEMBER_A);
    const b = report.accounts.find((x) => x.accountId === MEMBER_B);
    expect(a?.archived).toEqual({ sent: 1, succeeded: 1, failed: [] });
    expect(b).toMatchObject({ archived: { sent: 0 }, keptUnobserved: 1 });
    const archivedA = importedBy(memberHubs.get(MEMBER_A))
      .flat()
      .filter((f) => f.RecordState === 'ARCHIVED');
    expect(archivedA.map((f) => [f.Id, f.AwsAccountId])).toEqual([[goneA.Id, MEMBER_A]]);
    expect(importedBy(memberHubs.get(MEMBER_B)).flat()).toEqual([]);
    // Nothing to send or archive in MEMBER_B, but its head still moves to this run.
    expect(headsSentTo(memberHubs.get(MEMBER_B))).toHaveLength(1);
    // Each account's hub is asked only for its own findings.
    for (const [account, stub] of [...memberHubs.entries(), [ACCOUNT, home] as const]) {
      const filters = stub.commandCalls(GetFindingsCommand).map((c) => c.args[0].input.Filters?.AwsAccountId);
      expect(filters.length, account).toBeGreaterThan(0);
      for (const f of filters) expect(f).toEqual([{ Value: account, Comparison: 'EQUALS' }]);
    }
  });

  it('resolves workflows in the home account only: the member publish role does not grant BatchUpdateFindings', async () => {
    home.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
    const passing = finding('a-1', 'PASS', { accountId: MEMBER_A });
    memberHeld.set(MEMBER_A, [stored({ ...passing, status: 'FAIL' })]);
    const report = await publishRun(options(orgRun([passing]), { members: membersOption(), resolveWorkflow: true }));

    expect(report.complete).toBe(true);
    expect(memberHubs.get(MEMBER_A)).not.toHaveReceivedCommand(BatchUpdateFindingsCommand);
    expect(report.accounts.find((a) => a.accountId === MEMBER_A)?.workflowResolved).toBeUndefined();
    expect(report.accounts.find((a) => a.accountId === ACCOUNT)?.workflowResolved).toBeDefined();
    expect(asffId(passing)).toBe(memberHeld.get(MEMBER_A)?.[0]?.Id);
  });
});

describe('publishRun: member publishing off', () => {
  it('publishes the home account as before and counts the findings of each member account left unsent', async () => {
    const findings = [
      finding('home-1'),
      finding('a-1', 'FAIL', { accountId: MEMBER_A }),
      finding('a-2', 'PASS', { accountId: MEMBER_A }),
      finding('b-1', 'FAIL', { accountId: MEMBER_B }),
    ];
    const report = await publishRun(options(orgRun(findings)));

    expect(report).toMatchObject({
      complete: true,
      memberPublishing: false,
      failedAccounts: [],
      notPublished: [
        { accountId: MEMBER_A, findings: 2 },
        { accountId: MEMBER_B, findings: 1 },
      ],
    });
    expect(report.accounts).toHaveLength(1);
    expect(report.accounts[0]).toMatchObject({ accountId: ACCOUNT, otherAccountFindings: 3, imported: { sent: 1, succeeded: 1 } });
    expect(sts.calls()).toHaveLength(0);
    expect(
      importedBy(home)
        .flat()
        .map((f) => f.AwsAccountId),
    ).toEqual([ACCOUNT]);
  });

  it('is incomplete, naming the home account and the cause, when Security Hub is off there', async () => {
    home.on(DescribeHubCommand).rejects(serviceError('InvalidAccessException', 'Account is not subscribed to AWS Security Hub', 401));
    const report = await publishRun(options(orgRun([finding('home-1')])));
    expect(report.complete).toBe(false);
    expect(report.accounts).toEqual([]);
    expect(report.failedAccounts[0]?.message).toContain(
      `Account ${ACCOUNT}: Security Hub is not enabled in account ${ACCOUNT}, region ${REGION}`,
    );
  });
});

describe('incompleteMessage', () => {
  it('names every account that could not be published, or the first ones and how many more', async () => {
    sts.on(AssumeRoleCommand).rejects(new STSServiceException({ name: 'AccessDenied', message: 'no', $fault: 'client', $metadata: {} }));
    const members = Array.from({ length: 5 }, (_, i) => String(500_000_000_000 + i));
    const r = orgRun(
      members.map((accountId) => finding(`nb-${accountId}`, 'FAIL', { accountId })),
      { scopes: [ACCOUNT, ...members].map((accountId) => ({ accountId, region: REGION })) },
    );
    const report = await publishRun(options(r, { members: membersOption() }));

    const all = incompleteMessage(report);
    expect(all).toContain(`The publish of run run-1 is incomplete: 5 account(s) could not be published, 1 were.`);
    for (const account of members) expect(all).toContain(`Account ${account}: sts:AssumeRole on ${roleArn(account)} failed`);
    const capped = new PublishIncompleteError(report, 2).message;
    expect(capped).toContain(`Account ${members[1]}:`);
    expect(capped).not.toContain(`Account ${members[2]}:`);
    expect(capped).toContain('And 3 more account(s): see the publish log.');
  });
});
