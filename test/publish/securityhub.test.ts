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
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { catalog } from '../../lib/controls/index.js';
import type { Finding } from '../../lib/controls/types.js';
import { asffId, controlIdOf, generatorIdOf, productArnOf, toAsff } from '../../lib/publish/asff.js';
import { AsffFindingSchema, asffProblems } from '../../lib/publish/asff-schema.js';
import { headFindingId, isHeadFinding, toHeadAsff } from '../../lib/publish/head.js';
import { type PublishOptions, publishToSecurityHub, type RunToPublish, SecurityHubPublishError } from '../../lib/publish/securityhub.js';
import { TOOL_VERSION } from '../../lib/version.js';
import { ACCOUNT, coverage, FINISHED_AT, finding, OTHER_ACCOUNT, REGION, run, sealed, TEST_CONTROL } from './fixtures.js';

// Keep the SDK's Node version notice out of the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const hub = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const PRODUCT = productArnOf('aws', REGION, ACCOUNT);
const NOW = new Date('2026-11-26T13:00:00.000Z');

function serviceError(name: string, message: string): SecurityHubServiceException {
  return new SecurityHubServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 403 } });
}

const sleeps: number[] = [];

function options(r: RunToPublish, overrides: Partial<PublishOptions> = {}): PublishOptions {
  return {
    client,
    accountId: ACCOUNT,
    region: REGION,
    run: r,
    now: () => NOW,
    catalog: [TEST_CONTROL],
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
}

/** What Security Hub would hold after a run published `f`, created at `createdAt`. */
function stored(
  f: Finding,
  createdAt = '2026-10-01T00:00:00.000Z',
  recordState: 'ACTIVE' | 'ARCHIVED' = 'ACTIVE',
  workflow: 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED' = 'NEW',
): AwsSecurityFinding {
  const asff = toAsff(sealed(f), {
    accountId: f.accountId,
    region: REGION,
    productArn: PRODUCT,
    run: run([]).link,
    control: TEST_CONTROL,
    createdAt,
    observedAt: createdAt,
    updatedAt: createdAt,
  });
  return {
    ...asff,
    RecordState: recordState,
    Workflow: { Status: workflow },
    ProductFields: { ...asff.ProductFields, 'aws/securityhub/FindingId': 'x' },
  };
}

/** Every BatchImportFindings request, the chain head's included. */
function requests(): AwsSecurityFinding[][] {
  return hub.commandCalls(BatchImportFindingsCommand).map((c) => (c.args[0].input as BatchImportFindingsCommandInput).Findings ?? []);
}

/** The requests that carried findings of the catalog, those findings only (the chain head is sent on its own, last). */
function imported(): AwsSecurityFinding[][] {
  return requests()
    .map((batch) => batch.filter((f) => !isHeadFinding(f)))
    .filter((batch) => batch.length > 0);
}

/** The chain head findings sent. */
function headsSent(): AwsSecurityFinding[] {
  return requests().flatMap((batch) => batch.filter(isHeadFinding));
}

const HEAD_ID = headFindingId(ACCOUNT, REGION);

/** The chain head Security Hub holds after a publish of run `runId` with statement `digest`. */
function heldHeadOf(runId: string, digest = 'b'.repeat(64), finishedAt = FINISHED_AT): AwsSecurityFinding {
  const r = run([], { runId, statementSha256: digest, finishedAt });
  return {
    ...toHeadAsff(r.link, r.head, {
      accountId: ACCOUNT,
      region: REGION,
      productArn: PRODUCT,
      createdAt: undefined,
      publishedAt: finishedAt,
    }),
    Workflow: { Status: 'NEW' },
  };
}

/** Answers GetFindings by the head's Id with `head`, and any other GetFindings with `others`. */
function hold(others: AwsSecurityFinding[], head?: AwsSecurityFinding): void {
  hub.on(GetFindingsCommand).resolves({ Findings: others });
  hub.on(GetFindingsCommand, { Filters: { Id: [{ Value: HEAD_ID, Comparison: 'EQUALS' }] } }).resolves({ Findings: head ? [head] : [] });
}

function succeedAll() {
  hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
    $metadata: {},
    FailedCount: 0,
    SuccessCount: input.Findings?.length ?? 0,
    FailedFindings: [],
  }));
}

beforeEach(() => {
  hub.reset();
  sleeps.length = 0;
  hub.on(DescribeHubCommand).resolves({ HubArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default` });
  hub.on(GetFindingsCommand).resolves({ Findings: [] });
});

describe('publishToSecurityHub: importing', () => {
  it('imports the findings of its account, under the default product, in requests of at most 100', async () => {
    succeedAll();
    const findings = [
      ...Array.from({ length: 230 }, (_, i) => finding(`nb-${i}`, i % 2 === 0 ? 'FAIL' : 'PASS')),
      finding('elsewhere', 'FAIL', { accountId: OTHER_ACCOUNT }),
    ];
    const report = await publishToSecurityHub(options(run(findings)));

    expect(imported().map((b) => b.length)).toEqual([100, 100, 30]);
    const all = imported().flat();
    expect(new Set(all.map((f) => f.Id)).size).toBe(230);
    for (const f of all) {
      expect(asffProblems(f)).toBeUndefined();
      expect(f).toMatchObject({ ProductArn: PRODUCT, AwsAccountId: ACCOUNT, UpdatedAt: NOW.toISOString(), RecordState: 'ACTIVE' });
    }
    expect(report).toMatchObject({
      runFindings: 231,
      otherAccountFindings: 1,
      imported: { sent: 230, succeeded: 230, failed: [] },
      archived: { sent: 0, succeeded: 0, failed: [] },
      // The findings' three, and the chain head's.
      requests: 4,
      retries: 0,
      productArn: PRODUCT,
      head: { id: HEAD_ID, runId: 'run-1', statementSha256: 'b'.repeat(64), written: true },
    });
    expect(headsSent()).toHaveLength(1);
  });

  it('turns a large run into ASFF a slice at a time, every finding sent once', async () => {
    succeedAll();
    const findings = Array.from({ length: 2050 }, (_, i) => finding(`nb-${i}`));
    const report = await publishToSecurityHub(options(run(findings)));
    const sizes = imported().map((b) => b.length);
    expect(sizes).toEqual([...Array.from({ length: 20 }, () => 100), 50]);
    expect(
      new Set(
        imported()
          .flat()
          .map((f) => f.Id),
      ).size,
    ).toBe(2050);
    expect(report.imported).toEqual({ sent: 2050, succeeded: 2050, failed: [] });
  });

  it('sends a finding the run holds twice only once', async () => {
    succeedAll();
    const report = await publishToSecurityHub(options(run([finding('nb-1'), finding('nb-1')])));
    expect(imported().flat()).toHaveLength(1);
    expect(report.imported.sent).toBe(1);
  });

  it('looks for our findings by product, account and GeneratorId prefix, page after page', async () => {
    succeedAll();
    hub
      .on(GetFindingsCommand, { Filters: { GeneratorId: [{ Value: 'ai-evidence/', Comparison: 'PREFIX' }] } })
      .resolvesOnce({ Findings: [], NextToken: 'page-2' })
      .resolvesOnce({ Findings: [], NextToken: 'page-3' })
      .resolvesOnce({ Findings: [] });
    await publishToSecurityHub(options(run([finding('nb-1')])));
    const calls = hub.commandCalls(GetFindingsCommand);
    // The chain head first, by its Id; then our findings.
    expect(calls[0]?.args[0].input.Filters).toEqual({
      ProductArn: [{ Value: PRODUCT, Comparison: 'EQUALS' }],
      AwsAccountId: [{ Value: ACCOUNT, Comparison: 'EQUALS' }],
      Id: [{ Value: HEAD_ID, Comparison: 'EQUALS' }],
    });
    expect(calls.slice(1).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'page-2', 'page-3']);
    expect(calls[1]?.args[0].input.Filters).toEqual({
      ProductArn: [{ Value: PRODUCT, Comparison: 'EQUALS' }],
      AwsAccountId: [{ Value: ACCOUNT, Comparison: 'EQUALS' }],
      GeneratorId: [{ Value: 'ai-evidence/', Comparison: 'PREFIX' }],
    });
  });

  it('keeps CreatedAt of a finding Security Hub already holds, and updates the rest', async () => {
    succeedAll();
    const before = finding('nb-1', 'FAIL');
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(before, '2026-09-01T08:00:00.000Z')] });
    await publishToSecurityHub(options(run([{ ...before, status: 'PASS', reason: 'Fixed.' }, finding('nb-2')])));
    const sent = imported().flat();
    const same = sent.find((f) => f.Id === asffId(before));
    expect(same).toMatchObject({ CreatedAt: '2026-09-01T08:00:00.000Z', UpdatedAt: NOW.toISOString(), Compliance: { Status: 'PASSED' } });
    expect(sent.find((f) => f.Id !== asffId(before))?.CreatedAt).toBe(run([]).startedAt);
  });

  it('sends again only the findings Security Hub reports as failed, with growing waits', async () => {
    const findings = Array.from({ length: 5 }, (_, i) => finding(`nb-${i}`));
    const flaky = [asffId(findings[1] as Finding), asffId(findings[3] as Finding)];
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 2,
        SuccessCount: 3,
        FailedFindings: flaky.map((Id) => ({ Id, ErrorCode: 'InternalFailure', ErrorMessage: 'try again' })),
      })
      .resolvesOnce({
        FailedCount: 1,
        SuccessCount: 1,
        FailedFindings: [{ Id: flaky[1], ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
      })
      .resolvesOnce({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] })
      .resolvesOnce({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const report = await publishToSecurityHub(options(run(findings), { retryDelayMs: 100 }));

    expect(imported().map((b) => b.map((f) => f.Id))).toEqual([findings.map((f) => asffId(f)), flaky, [flaky[1]]]);
    expect(sleeps).toEqual([100, 200]);
    expect(report.imported).toEqual({ sent: 5, succeeded: 5, failed: [] });
    expect(report.retries).toBe(3);
    expect(report.requests).toBe(4);
    expect(report.head.written).toBe(true);
  });

  it('gives up after the last attempt and reports each failed finding with its reason', async () => {
    const findings = [finding('nb-1'), finding('nb-2')];
    const id = asffId(findings[0] as Finding);
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      const failed = (input.Findings ?? []).filter((f) => f.Id === id);
      return {
        FailedCount: failed.length,
        SuccessCount: (input.Findings?.length ?? 0) - failed.length,
        FailedFindings: failed.map((f) => ({ Id: f.Id, ErrorCode: 'LimitExceeded', ErrorMessage: 'rate exceeded' })),
      };
    });
    const report = await publishToSecurityHub(options(run(findings), { maxAttempts: 3 }));
    expect(imported()).toHaveLength(3);
    expect(report.imported.sent).toBe(2);
    expect(report.imported.succeeded).toBe(1);
    expect(report.imported.failed).toEqual([
      {
        id,
        controlId: TEST_CONTROL.id,
        resourceId: findings[0]?.resource.id,
        code: 'LimitExceeded',
        message: 'rate exceeded',
        attempts: 3,
      },
    ]);
  });

  it('does not send again a finding the account may not import', async () => {
    const f = finding('nb-1');
    hub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [{ Id: asffId(f), ErrorCode: 'AccessDeniedException', ErrorMessage: 'AwsAccountId does not match the caller' }],
    });
    const report = await publishToSecurityHub(options(run([f])));
    expect(imported()).toHaveLength(1);
    expect(report.imported.failed).toMatchObject([{ code: 'AccessDeniedException', attempts: 1 }]);
  });

  it('does not send again a finding Security Hub calls invalid', async () => {
    const f = finding('nb-1');
    hub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [{ Id: asffId(f), ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to ASFF' }],
    });
    const report = await publishToSecurityHub(options(run([f])));
    expect(imported()).toHaveLength(1);
    expect(report.imported.failed).toMatchObject([{ code: 'InvalidInput', message: 'Finding does not adhere to ASFF', attempts: 1 }]);
  });

  it('refuses to send a finding that breaks the ASFF schema, and says why', async () => {
    succeedAll();
    const broken = finding('nb-1', 'FAIL', { resource: { type: 'AWS::SageMaker::NotebookInstance', id: '   ' } });
    const report = await publishToSecurityHub(options(run([broken, finding('nb-2')])));
    expect(imported().flat()).toHaveLength(1);
    expect(report.imported.sent).toBe(1);
    expect(report.imported.failed).toHaveLength(1);
    expect(report.imported.failed[0]).toMatchObject({ code: 'InvalidFinding', attempts: 0 });
    expect(report.imported.failed[0]?.message).toContain('Resources');
  });
});

describe('publishToSecurityHub: errors', () => {
  it('names the action, account and region when BatchImportFindings is denied', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .rejects(serviceError('AccessDeniedException', 'User is not authorized to perform securityhub:BatchImportFindings'));
    const error = await publishToSecurityHub(options(run([finding('nb-1')]))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecurityHubPublishError);
    const e = error as SecurityHubPublishError;
    expect(e.kind).toBe('ACCESS_DENIED');
    expect(e.action).toBe('securityhub:BatchImportFindings');
    expect(e.message).toContain(`account ${ACCOUNT}, region ${REGION}`);
    expect(e.message).toContain('securityhub:BatchImportFindings is denied');
    expect(e.report.imported.succeeded).toBe(0);
  });

  it('names GetFindings when it is denied, before anything is written', async () => {
    hub.on(GetFindingsCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
    const error = (await publishToSecurityHub(options(run([finding('nb-1')]))).catch((e: unknown) => e)) as SecurityHubPublishError;
    expect(error.kind).toBe('ACCESS_DENIED');
    expect(error.action).toBe('securityhub:GetFindings');
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  it('says Security Hub is not enabled, and where, instead of reporting 0 findings sent', async () => {
    hub.on(DescribeHubCommand).rejects(serviceError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`));
    const error = (await publishToSecurityHub(options(run([finding('nb-1')]))).catch((e: unknown) => e)) as SecurityHubPublishError;
    expect(error).toBeInstanceOf(SecurityHubPublishError);
    expect(error.kind).toBe('NOT_ENABLED');
    expect(error.message).toBe(
      `Security Hub is not enabled in account ${ACCOUNT}, region ${REGION} (securityhub:DescribeHub: InvalidAccessException: Account ${ACCOUNT} is not subscribed to AWS Security Hub): enable it (aws securityhub enable-security-hub --region ${REGION}) and publish again.`,
    );
    expect(hub).not.toHaveReceivedCommand(GetFindingsCommand);
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  it('reports what was imported before a later request failed', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({ FailedCount: 0, SuccessCount: 100, FailedFindings: [] })
      .rejectsOnce(serviceError('InvalidAccessException', 'Account is not subscribed to AWS Security Hub'));
    const findings = Array.from({ length: 150 }, (_, i) => finding(`nb-${i}`));
    const error = (await publishToSecurityHub(options(run(findings))).catch((e: unknown) => e)) as SecurityHubPublishError;
    expect(error.kind).toBe('NOT_ENABLED');
    expect(error.action).toBe('securityhub:BatchImportFindings');
    expect(error.report.requests).toBe(2);
  });

  it('stops on a page token that repeats instead of looping', async () => {
    hub.on(GetFindingsCommand).resolves({ Findings: [], NextToken: 'same' });
    const error = (await publishToSecurityHub(options(run([finding('nb-1')]))).catch((e: unknown) => e)) as SecurityHubPublishError;
    expect(error.kind).toBe('ERROR');
    expect(error.message).toContain('page token same twice');
  });
});

describe('publishToSecurityHub: archiving', () => {
  it('archives our ACTIVE findings the run no longer reports, keeping what they said', async () => {
    succeedAll();
    const kept = finding('nb-kept');
    const gone = finding('nb-deleted', 'FAIL');
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(kept), stored(gone, '2026-08-01T00:00:00.000Z')] });
    const report = await publishToSecurityHub(options(run([kept], { runId: 'run-2' })));

    const [first, second] = imported();
    expect(first?.map((f) => f.Id)).toEqual([asffId(kept)]);
    expect(second).toHaveLength(1);
    const archived = second?.[0] as AwsSecurityFinding;
    expect(asffProblems(archived)).toBeUndefined();
    expect(archived).toMatchObject({
      Id: asffId(gone),
      RecordState: 'ARCHIVED',
      CreatedAt: '2026-08-01T00:00:00.000Z',
      UpdatedAt: NOW.toISOString(),
      Compliance: { Status: 'FAILED' },
    });
    expect(archived.ProductFields?.['ai-evidence/ArchivedByRun']).toBe('run-2');
    // Fields Security Hub owns are not sent back.
    expect(archived.ProductFields?.['aws/securityhub/FindingId']).toBeUndefined();
    expect(archived.Workflow).toBeUndefined();
    expect(report.archived).toEqual({ sent: 1, succeeded: 1, failed: [] });
  });

  it('leaves alone what is already archived, and findings that are not ours', async () => {
    succeedAll();
    const otherTool = { ...stored(finding('nb-x')), Id: 'other-tool/1', GeneratorId: 'other-tool/check' };
    const otherProduct = { ...stored(finding('nb-y')), ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty' };
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(finding('nb-old'), undefined, 'ARCHIVED'), otherTool, otherProduct] });
    const report = await publishToSecurityHub(options(run([finding('nb-1')])));
    expect(imported()).toHaveLength(1);
    expect(report.archived.sent).toBe(0);
    expect(headsSent()).toHaveLength(1);
  });

  it('keeps ACTIVE the findings of a scope the run could not list: unobserved is not resolved', async () => {
    succeedAll();
    const earlier = finding('nb-1', 'FAIL');
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(earlier)] });
    const blind = finding('scope', 'INSUFFICIENT_EVIDENCE', {
      resource: { type: 'AWS::::Account', id: `arn:aws:::${ACCOUNT}:region/${REGION}` },
    });
    const report = await publishToSecurityHub(options(run([blind], { coverage: [coverage('FAILED')] })));
    expect(report.keptUnobserved).toBe(1);
    expect(report.archived.sent).toBe(0);
    expect(
      imported()
        .flat()
        .map((f) => f.RecordState),
    ).toEqual(['ACTIVE']);
    expect(headsSent().map((f) => f.RecordState)).toEqual(['ACTIVE']);
  });

  it('archives a finding that a partly read scope no longer lists (the listing was complete)', async () => {
    succeedAll();
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(finding('nb-gone'))] });
    const report = await publishToSecurityHub(options(run([finding('nb-1')], { coverage: [coverage('PARTIAL')] })));
    expect(report.archived.sent).toBe(1);
  });

  it('leaves findings of regions the run did not assess as they are', async () => {
    succeedAll();
    const west = finding('nb-west', 'FAIL', { region: 'eu-west-1' });
    hub.on(GetFindingsCommand).resolves({ Findings: [{ ...stored(west) }] });
    const report = await publishToSecurityHub(options(run([finding('nb-1')])));
    expect(report.outsideRun).toBe(1);
    expect(report.archived.sent).toBe(0);
  });

  it('reports an archive Security Hub refuses, with its reason', async () => {
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(finding('nb-gone'))] });
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      const failed = (input.Findings ?? []).filter((f) => f.RecordState === 'ARCHIVED');
      return {
        FailedCount: failed.length,
        SuccessCount: (input.Findings?.length ?? 0) - failed.length,
        FailedFindings: failed.map((f) => ({ Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'nope' })),
      };
    });
    const report = await publishToSecurityHub(options(run([finding('nb-1')])));
    expect(report.archived).toMatchObject({ sent: 1, succeeded: 0, failed: [{ code: 'InvalidInput', message: 'nope' }] });
  });

  it('uses the clock it is given for UpdatedAt', async () => {
    succeedAll();
    const clock = vi.fn(() => new Date('2027-01-02T03:04:05.678Z'));
    await publishToSecurityHub(options(run([finding('nb-1')]), { now: clock }));
    expect(imported()[0]?.[0]?.UpdatedAt).toBe('2027-01-02T03:04:05.678Z');
  });
});

describe('publishToSecurityHub: regions and run order', () => {
  it('publishes and archives only in the regions it is given', async () => {
    succeedAll();
    const west = finding('nb-west', 'FAIL', { region: 'eu-west-1' });
    hub
      .on(GetFindingsCommand)
      .resolves({ Findings: [stored(finding('nb-gone-east')), stored(finding('nb-gone-west', 'FAIL', { region: 'eu-west-1' }))] });
    const r = run([finding('nb-east'), west], { regions: [REGION, 'eu-west-1'] });
    const report = await publishToSecurityHub(options(r, { regions: [REGION] }));
    expect(imported()[0]?.map((f) => f.Resources?.[0]?.Region)).toEqual([REGION]);
    expect(report.otherRegionFindings).toBe(1);
    expect(report.archived.sent).toBe(1);
    expect(imported()[1]?.[0]?.Resources?.[0]?.Id).toContain('nb-gone-east');
    expect(report.outsideRun).toBe(1);
  });

  it('refuses to publish a run older than one Security Hub already holds, before writing anything', async () => {
    const newer = { ...stored(finding('nb-1')), ProductFields: { 'ai-evidence/RunId': '20261127T000000000Z-aaaaaaaa' } };
    hub.on(GetFindingsCommand).resolves({ Findings: [newer] });
    const error = (await publishToSecurityHub(options(run([finding('nb-1')], { runId: '20261126T000000000Z-bbbbbbbb' }))).catch(
      (e: unknown) => e,
    )) as SecurityHubPublishError;
    expect(error).toBeInstanceOf(SecurityHubPublishError);
    expect(error.kind).toBe('OUT_OF_ORDER');
    expect(error.message).toContain('already holds findings of run 20261127T000000000Z-aaaaaaaa');
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  it('publishes the same run again, and a newer one, over what Security Hub holds', async () => {
    succeedAll();
    const held = { ...stored(finding('nb-1')), ProductFields: { 'ai-evidence/RunId': '20261126T000000000Z-bbbbbbbb' } };
    hub.on(GetFindingsCommand).resolves({ Findings: [held] });
    await publishToSecurityHub(options(run([finding('nb-1')], { runId: '20261126T000000000Z-bbbbbbbb' })));
    await publishToSecurityHub(options(run([finding('nb-1')], { runId: '20261128T000000000Z-cccccccc' })));
    expect(imported()).toHaveLength(2);
    expect(headsSent().map((h) => h.ProductFields?.['ai-evidence/RunId'])).toEqual([
      '20261126T000000000Z-bbbbbbbb',
      '20261128T000000000Z-cccccccc',
    ]);
  });
});

describe('publishToSecurityHub: only what changed', () => {
  const DAY = 86_400_000;
  const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
  /** Security Hub's copy of `f` as an earlier run sent it `days` ago, with the fields Security Hub adds. */
  const heldAsSent = (f: Finding, days: number, recordState: 'ACTIVE' | 'ARCHIVED' = 'ACTIVE') => {
    const copy = stored(f, daysBefore(days), recordState);
    return {
      ...copy,
      Severity: { ...copy.Severity, Normalized: 70 },
      ProductFields: { ...copy.ProductFields, 'ai-evidence/RunId': 'run-0', 'ai-evidence/FindingSha256': 'd'.repeat(64) },
    };
  };

  it('sends the new, the changed, the archived and the stale, not what Security Hub holds as it is', async () => {
    succeedAll();
    const same = finding('same', 'FAIL');
    const fixed = finding('fixed', 'FAIL');
    const reworded = finding('reworded', 'FAIL');
    const reopened = finding('reopened', 'FAIL');
    const stale = finding('stale', 'FAIL');
    hub.on(GetFindingsCommand).resolves({
      Findings: [
        heldAsSent(same, 1),
        heldAsSent(fixed, 1),
        heldAsSent(reworded, 1),
        heldAsSent(reopened, 1, 'ARCHIVED'),
        heldAsSent(stale, 31),
      ],
    });
    const report = await publishToSecurityHub(
      options(
        run(
          [
            same,
            { ...fixed, status: 'PASS', reason: 'Fixed.' },
            { ...reworded, reason: 'Another reason.' },
            reopened,
            stale,
            finding('new'),
          ],
          { runId: 'run-2' },
        ),
      ),
    );

    const sent = new Set(
      imported()
        .flat()
        .map((f) => f.Id),
    );
    expect(sent).toEqual(new Set([fixed, reworded, reopened, stale, finding('new')].map(asffId)));
    expect(report.unchanged).toBe(1);
    expect(report.imported).toMatchObject({ sent: 5, succeeded: 5 });
  });

  it('sends nothing for a run that changed nothing, and archives nothing', async () => {
    succeedAll();
    const findings = [finding('a', 'FAIL'), finding('b', 'PASS')];
    hub.on(GetFindingsCommand).resolves({ Findings: findings.map((f) => heldAsSent(f, 2)) });
    const report = await publishToSecurityHub(options(run(findings, { runId: 'run-2' })));
    // Only the chain head: the freshness signal goes out whatever changed.
    expect(imported()).toEqual([]);
    expect(requests()).toEqual([[expect.objectContaining({ Id: HEAD_ID })]]);
    expect(report).toMatchObject({ unchanged: 2, imported: { sent: 0 }, archived: { sent: 0 }, requests: 1, head: { written: true } });
  });

  it('sends what it holds as it is once the copy is older than refreshAfterDays, or with sendUnchanged', async () => {
    succeedAll();
    const f = finding('a', 'FAIL');
    hub.on(GetFindingsCommand).resolves({ Findings: [heldAsSent(f, 5)] });
    expect((await publishToSecurityHub(options(run([f], { runId: 'run-2' })))).unchanged).toBe(1);
    expect((await publishToSecurityHub(options(run([f], { runId: 'run-2' }), { refreshAfterDays: 4 }))).unchanged).toBe(0);
    expect((await publishToSecurityHub(options(run([f], { runId: 'run-2' }), { sendUnchanged: true }))).unchanged).toBe(0);
    expect(imported()).toHaveLength(2);
    expect(headsSent()).toHaveLength(3);
  });
});

describe('publishToSecurityHub: resolveWorkflow', () => {
  it('is off by default', async () => {
    succeedAll();
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(finding('nb-fixed')), stored(finding('nb-gone'))] });
    const report = await publishToSecurityHub(options(run([finding('nb-fixed', 'PASS')])));
    expect(hub).not.toHaveReceivedCommand(BatchUpdateFindingsCommand);
    expect(report.workflowResolved).toBeUndefined();
  });

  it('resolves the open workflow of findings now passing or archived, and leaves the rest to the team', async () => {
    succeedAll();
    hub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
    const fixed = finding('nb-fixed');
    const notified = finding('nb-notified');
    const gone = finding('nb-gone');
    const suppressedGone = finding('nb-suppressed');
    const stillFailing = finding('nb-failing');
    hub.on(GetFindingsCommand).resolves({
      Findings: [
        stored(fixed),
        stored(notified, undefined, 'ACTIVE', 'NOTIFIED'),
        stored(gone),
        stored(suppressedGone, undefined, 'ACTIVE', 'SUPPRESSED'),
        stored(stillFailing),
      ],
    });
    const report = await publishToSecurityHub(
      options(run([{ ...fixed, status: 'PASS' }, { ...notified, status: 'NOT_APPLICABLE' }, stillFailing, finding('nb-new', 'PASS')]), {
        resolveWorkflow: true,
      }),
    );
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(hub).toHaveReceivedCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [fixed, notified, gone].map((f) => ({ Id: asffId(f), ProductArn: PRODUCT })),
      Workflow: { Status: 'RESOLVED' },
    });
    expect(report.workflowResolved).toEqual({ sent: 3, succeeded: 3, failed: [] });
  });

  it('reports the findings Security Hub did not update, with the reason', async () => {
    succeedAll();
    const gone = finding('nb-gone');
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(gone)] });
    hub.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        { FindingIdentifier: { Id: asffId(gone), ProductArn: PRODUCT }, ErrorCode: 'FindingNotFound', ErrorMessage: 'gone' },
      ],
    });
    const report = await publishToSecurityHub(options(run([finding('nb-1')]), { resolveWorkflow: true }));
    expect(report.workflowResolved?.failed).toMatchObject([{ id: asffId(gone), code: 'FindingNotFound', message: 'gone' }]);
  });

  it('names securityhub:BatchUpdateFindings when it is denied', async () => {
    succeedAll();
    hub.on(GetFindingsCommand).resolves({ Findings: [stored(finding('nb-gone'))] });
    hub.on(BatchUpdateFindingsCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
    const error = (await publishToSecurityHub(options(run([finding('nb-1')]), { resolveWorkflow: true })).catch(
      (e: unknown) => e,
    )) as SecurityHubPublishError;
    expect(error.kind).toBe('ACCESS_DENIED');
    expect(error.action).toBe('securityhub:BatchUpdateFindings');
    expect(error.message).toContain(
      'grant it (publishing needs securityhub:DescribeHub, securityhub:GetFindings, securityhub:BatchImportFindings, securityhub:BatchUpdateFindings)',
    );
    expect(error.report.archived.succeeded).toBe(1);
  });
});

describe('publishToSecurityHub: the chain head', () => {
  const NEWER = '20261127T000000000Z-aaaaaaaa';
  const OLDER = '20261126T000000000Z-bbbbbbbb';

  it('sends one head finding per publish, last, in the shape our ASFF schema requires, naming the run and its digests', async () => {
    succeedAll();
    const r = run([finding('nb-1')], { runId: OLDER, statementSha256: 'e'.repeat(64) });
    const report = await publishToSecurityHub(options(r));

    const all = requests();
    expect(all.at(-1)?.map((f) => f.Id)).toEqual([HEAD_ID]);
    const head = headsSent()[0] as AwsSecurityFinding;
    expect(headsSent()).toHaveLength(1);
    expect(asffProblems(head)).toBeUndefined();
    expect(AsffFindingSchema.safeParse(head).success).toBe(true);
    expect(head).toMatchObject({
      Id: `ai-evidence/chain-head/${ACCOUNT}/${REGION}`,
      GeneratorId: 'ai-evidence/chain-head',
      ProductArn: PRODUCT,
      AwsAccountId: ACCOUNT,
      Severity: { Label: 'INFORMATIONAL' },
      RecordState: 'ACTIVE',
      // The run's signed finish, not the publish time: the head's age in Security Hub is the run's.
      UpdatedAt: FINISHED_AT,
      CreatedAt: FINISHED_AT,
      Resources: [{ Type: 'Other', Id: r.link.storeLocation, Partition: 'aws', Region: REGION }],
    });
    for (const type of head.Types ?? []) expect(type.startsWith('Software and Configuration Checks/')).toBe(true);
    // It judges nothing: no compliance status, and no workflow set by us.
    expect(head.Compliance).toBeUndefined();
    expect(head.Workflow).toBeUndefined();
    expect(head.ProductFields).toMatchObject({
      'ai-evidence/Kind': 'chain-head',
      'ai-evidence/RunId': OLDER,
      'ai-evidence/StatementSha256': 'e'.repeat(64),
      'ai-evidence/MerkleRoot': r.link.merkleRoot,
      'ai-evidence/Store': r.link.storeLocation,
      'ai-evidence/RunFinishedAt': FINISHED_AT,
      'ai-evidence/SealedBy': r.head.sealedBy,
      'ai-evidence/ToolVersion': TOOL_VERSION,
      'ai-evidence/PublishedAt': NOW.toISOString(),
      'ai-evidence/Timestamp': 'none',
    });
    expect(head.ProductFields?.['ai-evidence/TimestampTime']).toBeUndefined();
    expect(head.Description).toContain(`ai-evidence verify --s3-bucket evidence-bucket --s3-prefix org/ --expect-head ${'e'.repeat(64)}`);
    // Never counted as a finding of the catalog.
    expect(report).toMatchObject({
      runFindings: 1,
      imported: { sent: 1 },
      head: { id: HEAD_ID, written: true, statementSha256: 'e'.repeat(64) },
    });
  });

  it("carries the run's token time and TSA when the publisher could check the token, and no time when it could not", async () => {
    succeedAll();
    const signed = { status: 'signed', sha256: 'f'.repeat(64), genTime: '2026-11-26T12:05:01.000Z', tsaName: 'Test TSA' } as const;
    await publishToSecurityHub(options(run([], { timestamp: signed })));
    expect(headsSent()[0]?.ProductFields).toMatchObject({
      'ai-evidence/Timestamp': 'signed',
      'ai-evidence/TimestampTime': signed.genTime,
      'ai-evidence/TimestampTsa': 'Test TSA',
      'ai-evidence/TimestampSha256': signed.sha256,
    });
    const invalid = { status: 'invalid', sha256: 'f'.repeat(64), problem: 'is over 00, not over this statement' } as const;
    hub.resetHistory();
    await publishToSecurityHub(options(run([], { timestamp: invalid })));
    const fields = headsSent()[0]?.ProductFields ?? {};
    expect(fields).toMatchObject({ 'ai-evidence/Timestamp': 'invalid', 'ai-evidence/TimestampProblem': invalid.problem });
    expect(fields['ai-evidence/TimestampTime']).toBeUndefined();
    expect(asffProblems(headsSent()[0])).toBeUndefined();
  });

  it('is sent when the run has nothing for this account at all, and when nothing changed', async () => {
    succeedAll();
    const report = await publishToSecurityHub(options(run([finding('elsewhere', 'FAIL', { accountId: OTHER_ACCOUNT })])));
    expect(imported()).toEqual([]);
    expect(headsSent()).toHaveLength(1);
    expect(report).toMatchObject({ otherAccountFindings: 1, imported: { sent: 0 }, head: { written: true } });
  });

  it('is never archived, kept or counted, even when Security Hub returns it with our findings (an emulator ignores filters)', async () => {
    succeedAll();
    const head = heldHeadOf(OLDER);
    const otherRegionHead = { ...heldHeadOf(OLDER), Id: headFindingId(ACCOUNT, 'eu-west-1') };
    const gone = stored(finding('nb-gone'));
    hold([head, otherRegionHead, { ...gone, ProductFields: { ...gone.ProductFields, 'ai-evidence/RunId': OLDER } }], head);
    const report = await publishToSecurityHub(options(run([finding('nb-1')], { runId: NEWER })));

    expect(report.archived.sent).toBe(1);
    expect(report).toMatchObject({ outsideRun: 0, keptUnobserved: 0, unchanged: 0 });
    const archived = requests()
      .flat()
      .filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived.map((f) => f.Id)).toEqual([asffId(finding('nb-gone'))]);
    expect(headsSent().map((f) => [f.Id, f.RecordState])).toEqual([[HEAD_ID, 'ACTIVE']]);
    expect(report.head.previous).toEqual({ runId: OLDER, statementSha256: 'b'.repeat(64) });
  });

  it('makes the run-order check hold when the newest run changed nothing: an older run is refused by the head', async () => {
    // Run OLDER sent its findings; run NEWER changed nothing, so only the head names it.
    const f = finding('nb-1');
    const held = { ...stored(f), ProductFields: { ...stored(f).ProductFields, 'ai-evidence/RunId': OLDER } };
    hold([held], heldHeadOf(NEWER));
    const error = (await publishToSecurityHub(options(run([f], { runId: OLDER }))).catch((e: unknown) => e)) as SecurityHubPublishError;

    expect(error).toBeInstanceOf(SecurityHubPublishError);
    expect(error.kind).toBe('OUT_OF_ORDER');
    expect(error.message).toContain(`already holds the chain head of run ${NEWER}, which started after run ${OLDER}`);
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    // Refused on the head's read alone, before the pass over every finding.
    expect(hub).toHaveReceivedCommandTimes(GetFindingsCommand, 1);
  });

  it('without a head (published before heads existed, or expired), the findings still guard the order', async () => {
    const newer = { ...stored(finding('nb-1')), ProductFields: { 'ai-evidence/RunId': NEWER } };
    hold([newer]);
    const error = (await publishToSecurityHub(options(run([finding('nb-1')], { runId: OLDER }))).catch(
      (e: unknown) => e,
    )) as SecurityHubPublishError;
    expect(error.kind).toBe('OUT_OF_ORDER');
    expect(error.message).toContain(`already holds findings of run ${NEWER}`);
  });

  it('refuses a run whose id the head names with another statement digest', async () => {
    hold([], heldHeadOf(OLDER, 'a'.repeat(64)));
    const error = (await publishToSecurityHub(options(run([finding('nb-1')], { runId: OLDER, statementSha256: 'e'.repeat(64) }))).catch(
      (e: unknown) => e,
    )) as SecurityHubPublishError;
    expect(error.kind).toBe('HEAD_CONFLICT');
    expect(error.message).toContain(`statement SHA-256 ${'a'.repeat(64)}`);
    expect(error.message).toContain(`ai-evidence verify --expect-head ${'a'.repeat(64)}`);
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  it('publishes the same run again, keeping the CreatedAt of the head Security Hub holds', async () => {
    succeedAll();
    hold([], { ...heldHeadOf(OLDER), CreatedAt: '2026-10-01T00:00:00.000Z' });
    const report = await publishToSecurityHub(options(run([finding('nb-1')], { runId: OLDER })));
    expect(headsSent()[0]).toMatchObject({ CreatedAt: '2026-10-01T00:00:00.000Z', UpdatedAt: FINISHED_AT });
    expect(report.head).toMatchObject({ written: true, previous: { runId: OLDER } });
  });

  it('reports a head Security Hub refuses, with its reason, after the findings were sent', async () => {
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      const failed = (input.Findings ?? []).filter(isHeadFinding);
      return {
        FailedCount: failed.length,
        SuccessCount: (input.Findings?.length ?? 0) - failed.length,
        FailedFindings: failed.map((f) => ({ Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'no' })),
      };
    });
    const report = await publishToSecurityHub(options(run([finding('nb-1')])));
    expect(report.imported).toMatchObject({ sent: 1, succeeded: 1 });
    expect(report.head).toMatchObject({ written: false, failure: { id: HEAD_ID, code: 'InvalidInput', message: 'no', attempts: 1 } });
  });

  it('cannot be mistaken for a finding of a control of the catalog', () => {
    for (const c of catalog) {
      const id = asffId(finding('nb-1', 'FAIL', { controlId: c.id }));
      expect(isHeadFinding({ Id: id, GeneratorId: generatorIdOf(c.id) }), c.id).toBe(false);
      expect(controlIdOf(generatorIdOf(c.id))).toBe(c.id);
    }
    expect(controlIdOf('ai-evidence/chain-head')).toBeUndefined();
  });
});
