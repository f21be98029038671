/**
 * The Security Hub publisher against moto server: a run assessed from a seeded estate is imported,
 * a later run with one notebook fixed and one deleted updates the first and archives the findings
 * of the second; `ai-evidence publish` does the same from the command line. moto 5.2.1 ignores
 * GetFindings filters and accepts findings without ASFF's required fields, which is why the
 * publisher filters again itself and checks every finding against its own schema (unit tests).
 */
import { join } from 'node:path';
import {
  CreateNotebookInstanceCommand,
  DeleteNotebookInstanceCommand,
  type SageMakerClient,
  StopNotebookInstanceCommand,
} from '@aws-sdk/client-sagemaker';
import { type AwsSecurityFinding, EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../lib/controls/index.js';
import type { RunPublishReport } from '../../lib/publish/accounts.js';
import { asffId } from '../../lib/publish/asff.js';
import { asffProblems } from '../../lib/publish/asff-schema.js';
import { headFindingId, isHeadFinding } from '../../lib/publish/head.js';
import { readRunToPublish } from '../../lib/publish/run.js';
import { contentOf, publishStoredRun, SecurityHubPublishError } from '../../lib/publish/securityhub.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { cli, cliSession } from './cli-session.js';
import { createNotebooks, distinctNotebooks, endpoint, moto, motoAccount, seedClients, skipReason } from './moto.js';

const US = 'us-east-1';

/** Every finding of the catalog Security Hub holds in the account and region (the chain head left out). */
async function held(client: SecurityHubClient): Promise<AwsSecurityFinding[]> {
  return (await heldAll(client)).filter((f) => !isHeadFinding(f));
}

/** The chain head findings Security Hub holds in the account and region. */
async function heldHeads(client: SecurityHubClient): Promise<AwsSecurityFinding[]> {
  return (await heldAll(client)).filter(isHeadFinding);
}

/** Every finding Security Hub holds in the account and region, page by page. */
async function heldAll(client: SecurityHubClient): Promise<AwsSecurityFinding[]> {
  const all: AwsSecurityFinding[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new GetFindingsCommand({ MaxResults: 100, ...(NextToken ? { NextToken } : {}) }));
    all.push(...(page.Findings ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return all;
}

describe.skipIf(moto.endpoint === null)(`the Security Hub publisher against moto server${skipReason}`, () => {
  const session = cliSession('securityhub', US);
  let hub: SecurityHubClient;
  let sagemaker: SageMakerClient;

  beforeEach(() => {
    hub = new SecurityHubClient({ endpoint: endpoint(), region: US, credentials: session.account.credentials });
    sagemaker = seedClients(session.account, US).sagemaker;
  });

  afterEach(() => {
    hub.destroy();
    sagemaker.destroy();
  });

  async function assessRun(out: string): Promise<string> {
    const { stdout, exitCode } = await cli(['assess', '--out', out, '--regions', US, '--json']);
    expect(exitCode ?? 0).toBe(0);
    return (JSON.parse(stdout) as { runId: string }).runId;
  }

  it('imports a run, then updates the fixed notebook and archives the deleted one on the next run', async () => {
    const { account, scratch } = session;
    await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await createNotebooks(sagemaker, account, distinctNotebooks(account, US));
    const out = join(scratch, 'evidence');
    const store = new LocalFolderStore(out);

    const first = await assessRun(out);
    const firstRun = await readRunToPublish(store, first);
    const t1 = new Date('2026-11-26T12:00:00.000Z');
    const report1 = await publishStoredRun({ client: hub, accountId: account.accountId, region: US, store, runId: first, now: () => t1 });

    expect(report1.imported.failed).toEqual([]);
    expect(report1.imported.sent).toBe(firstRun.findings.length);
    expect(report1.imported.succeeded).toBe(firstRun.findings.length);
    const afterFirst = await held(hub);
    expect(afterFirst.map((f) => f.Id).sort()).toEqual(firstRun.findings.map((s) => asffId(s.finding)).sort());
    for (const f of afterFirst) {
      expect(asffProblems(f)).toBeUndefined();
      expect(f.RecordState).toBe('ACTIVE');
    }
    const openNotebook = `arn:aws:sagemaker:${US}:${account.accountId}:notebook-instance/nb-open`;
    const rootNotebook = `arn:aws:sagemaker:${US}:${account.accountId}:notebook-instance/nb-vpc-root`;
    const rootFinding = afterFirst.find(
      (f) => f.GeneratorId === 'ai-evidence/sagemaker_notebook_root_access_disabled' && f.Resources?.[0]?.Id === rootNotebook,
    );
    expect(rootFinding?.Compliance?.Status).toBe('FAILED');
    // One chain head, in the shape our schema requires (moto would take anything), naming the run's digest.
    const headAfterFirst = await heldHeads(hub);
    expect(headAfterFirst.map((h) => h.Id)).toEqual([headFindingId(account.accountId, US)]);
    expect(asffProblems(headAfterFirst[0])).toBeUndefined();
    expect(headAfterFirst[0]?.ProductFields?.['ai-evidence/StatementSha256']).toBe(firstRun.link.statementSha256);
    expect(report1.head).toMatchObject({ written: true, statementSha256: firstRun.link.statementSha256 });

    // nb-open is deleted; nb-vpc-root gets root access disabled (recreated under the same name, so the same ARN).
    for (const name of ['nb-open', 'nb-vpc-root']) {
      await sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name }));
      await sagemaker.send(new DeleteNotebookInstanceCommand({ NotebookInstanceName: name }));
    }
    await sagemaker.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: 'nb-vpc-root',
        InstanceType: 'ml.t3.medium',
        RoleArn: `arn:aws:iam::${account.accountId}:role/SageMakerNotebook`,
        DirectInternetAccess: 'Disabled',
        RootAccess: 'Disabled',
        SubnetId: 'subnet-0a1b2c3d4e5f60718',
        SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
      }),
    );
    const second = await assessRun(out);
    const t2 = new Date('2026-11-27T12:00:00.000Z');
    const report2 = await publishStoredRun({ client: hub, accountId: account.accountId, region: US, store, runId: second, now: () => t2 });

    const afterSecond = await held(hub);
    const gone = afterFirst.filter((f) => f.Resources?.[0]?.Id === openNotebook);
    // One per control that judges notebook instances.
    expect(gone.length).toBe(catalog.filter((c) => c.resourceType === 'AWS::SageMaker::NotebookInstance').length);
    expect(report2.archived).toEqual({ sent: gone.length, succeeded: gone.length, failed: [] });
    expect(report2.imported.failed).toEqual([]);
    // Only what changed is sent again: the archived, and the findings whose words or status changed
    // (the fixed notebook's among them); the rest stay as the first run sent them.
    let changed = 0;
    for (const f of afterSecond) {
      const wasGone = f.Resources?.[0]?.Id === openNotebook;
      const before = afterFirst.find((b) => b.Id === f.Id) as AwsSecurityFinding;
      const sentAgain = wasGone || contentOf(f) !== contentOf(before);
      if (sentAgain && !wasGone) changed++;
      expect(f.RecordState, f.Id).toBe(wasGone ? 'ARCHIVED' : 'ACTIVE');
      expect(f.UpdatedAt, f.Id).toBe((sentAgain ? t2 : t1).toISOString());
      expect(f.ProductFields?.[wasGone ? 'ai-evidence/ArchivedByRun' : 'ai-evidence/RunId'], f.Id).toBe(sentAgain ? second : first);
    }
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(report2.imported).toEqual({ sent: changed, succeeded: changed, failed: [] });
    expect(report2.unchanged).toBe(afterFirst.length - gone.length - changed);
    expect(report2.unchanged).toBeGreaterThan(0);
    // Updated in place, not duplicated: the same Ids, CreatedAt of the first run kept.
    expect(afterSecond).toHaveLength(afterFirst.length);
    const fixed = afterSecond.find((f) => f.Id === rootFinding?.Id);
    expect(fixed?.Compliance?.Status).toBe('PASSED');
    expect(fixed?.CreatedAt).toBe(rootFinding?.CreatedAt);
    expect(fixed?.CreatedAt).toBe(firstRun.startedAt);

    // A third run with nothing changed archives nothing more.
    const third = await assessRun(out);
    const report3 = await publishStoredRun({
      client: hub,
      accountId: account.accountId,
      region: US,
      store,
      runId: third,
      now: () => new Date('2026-11-28T12:00:00.000Z'),
    });
    // ... and sends nothing: Security Hub holds every finding as it is.
    expect(report3.archived.sent).toBe(0);
    expect(report3.imported.sent).toBe(0);
    expect(report3.unchanged).toBe(afterFirst.length - gone.length);
    // The head moved to the third run all the same: it is what an auditor compares the store with.
    const thirdRun = await readRunToPublish(store, third);
    const heads = await heldHeads(hub);
    expect(heads).toHaveLength(1);
    expect(heads[0]?.ProductFields).toMatchObject({
      'ai-evidence/RunId': third,
      'ai-evidence/StatementSha256': thirdRun.link.statementSha256,
    });
    expect(heads[0]?.UpdatedAt).toBe(thirdRun.head.finishedAt);
    expect(report3.head).toMatchObject({ written: true, previous: { runId: second } });
    const digest = heads[0]?.ProductFields?.['ai-evidence/StatementSha256'] as string;
    expect((await cli(['verify', out, '--expect-head', digest])).exitCode ?? 0).toBe(0);
    expect((await cli(['verify', out, '--expect-head', firstRun.link.statementSha256])).exitCode).toBe(1);

    // The third run sent no finding, so the findings name the second run at the newest: the head
    // alone keeps the second from being published over the third.
    const again = await publishStoredRun({
      client: hub,
      accountId: account.accountId,
      region: US,
      store,
      runId: second,
      now: () => t2,
    }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(SecurityHubPublishError);
    expect((again as SecurityHubPublishError).kind).toBe('OUT_OF_ORDER');
    expect((again as Error).message).toContain(`the chain head of run ${third}`);
  }, 120_000);

  it('ai-evidence publish publishes the newest run and prints the report', async () => {
    const { account, scratch } = session;
    await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await createNotebooks(sagemaker, account, distinctNotebooks(account, US).slice(0, 2));
    const out = join(scratch, 'evidence');
    await assessRun(out);
    const runId = await assessRun(out);

    const result = await cli(['publish', '--dir', out, '--json']);
    expect(result.stderr).toEqual([]);
    expect(result.exitCode ?? 0).toBe(0);
    const report = JSON.parse(result.stdout) as RunPublishReport;
    expect(report).toMatchObject({ runId, region: US, complete: true, failedAccounts: [], notPublished: [] });
    expect(report.accounts).toHaveLength(1);
    const own = report.accounts[0];
    expect(own).toMatchObject({ runId, accountId: account.accountId, region: US, imported: { failed: [] } });
    expect(own?.imported.sent).toBeGreaterThan(0);
    expect((await held(hub)).filter((f) => f.ProductFields?.['ai-evidence/RunId'] === runId)).toHaveLength(own?.imported.sent ?? -1);

    expect(own?.head).toMatchObject({ runId, written: true });
    expect((await heldHeads(hub)).map((h) => h.ProductFields?.['ai-evidence/RunId'])).toEqual([runId]);

    const text = await cli(['publish', '--dir', out]);
    expect(text.stdout).toContain(`Run ${runId} published to Security Hub in account ${account.accountId}, region ${US}`);
    expect(text.stdout).toContain(`Head digest published (1 of 1 Security Hub(s)): ${own?.head.statementSha256}`);
    expect(text.stdout).toContain(`ai-evidence verify ${JSON.stringify(out)} --expect-head ${own?.head.statementSha256}`);
  });

  it('ai-evidence publish --member-role-name imports each member account of the run into its own Security Hub, and names the one whose Security Hub is off', async () => {
    const { scratch } = session;
    const out = join(scratch, 'evidence');
    // The demo estate's run holds findings of three accounts, none of them the caller's.
    const assessed = await cli(['assess', '--demo', '--out', out, '--json']);
    const runId = (JSON.parse(assessed.stdout) as { runId: string }).runId;
    const run = await readRunToPublish(new LocalFolderStore(out), runId);
    const [withHub, alsoWithHub, hubOff] = ['111122223333', '444455556666', '777788889999'];
    const hubs = new Map<string, SecurityHubClient>();
    for (const id of [withHub, alsoWithHub] as string[]) {
      const member = await motoAccount(id);
      const client = new SecurityHubClient({ endpoint: endpoint(), region: US, credentials: member.credentials });
      await client.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      hubs.set(id, client);
    }
    await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    try {
      // Member publishing off: the caller's account is published (it has no finding) and the members are counted.
      const off = await cli(['publish', '--dir', out]);
      expect(off.exitCode ?? 0).toBe(0);
      expect(off.stdout).toContain(
        `Not published: ${run.findings.length} finding(s) of 3 member account(s) (${withHub}: ${run.findings.filter((f) => f.finding.accountId === withHub).length},`,
      );
      for (const client of hubs.values()) expect(await held(client)).toEqual([]);

      const role = (id: string) => `arn:aws:iam::${id}:role/AiEvidencePublishFindings`;
      const on = cli(['publish', '--dir', out, '--member-role-name', 'AiEvidencePublishFindings', '--external-id', 'ext-cli-1']);
      await expect(on).rejects.toThrow(
        `Account ${hubOff} through ${role(hubOff as string)}: Security Hub is not enabled in account ${hubOff}, region ${US}`,
      );
      await expect(on).rejects.toThrow('1 account(s) could not be published, 3 were.');
      // The others were published all the same, each into its own account's Security Hub.
      for (const [id, client] of hubs) {
        const expected = run.findings.filter((f) => f.finding.accountId === id).map((f) => asffId(f.finding));
        expect(expected.length, id).toBeGreaterThan(0);
        const inHub = await held(client);
        expect(inHub.map((f) => f.Id).sort(), id).toEqual(expected.sort());
        for (const f of inHub) {
          expect(asffProblems(f)).toBeUndefined();
          expect(f).toMatchObject({ AwsAccountId: id, ProductArn: `arn:aws:securityhub:${US}:${id}:product/${id}/default` });
        }
        expect(
          (await heldHeads(client)).map((h) => [h.Id, h.AwsAccountId]),
          id,
        ).toEqual([[headFindingId(id, US), id]]);
      }
      // The caller's account has no finding of the run, but it was published: it holds the head only.
      expect(await held(hub)).toEqual([]);
      expect((await heldHeads(hub)).map((h) => h.ProductFields?.['ai-evidence/RunId'])).toEqual([runId]);
    } finally {
      for (const client of hubs.values()) client.destroy();
    }
  });

  it('refuses to publish where Security Hub is not enabled, naming the account and region', async () => {
    const { account, scratch } = session;
    const out = join(scratch, 'evidence');
    const runId = await assessRun(out);
    const store = new LocalFolderStore(out);
    const error = await publishStoredRun({
      client: hub,
      accountId: account.accountId,
      region: US,
      store,
      runId,
      now: () => new Date(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecurityHubPublishError);
    expect((error as SecurityHubPublishError).kind).toBe('NOT_ENABLED');
    expect((error as Error).message).toContain(`Security Hub is not enabled in account ${account.accountId}, region ${US}`);
    expect(await held(hub)).toEqual([]);

    await expect(cli(['publish', '--dir', out])).rejects.toThrow(
      `Security Hub is not enabled in account ${account.accountId}, region ${US}`,
    );
  });
});
