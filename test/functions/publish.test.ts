import 'aws-sdk-client-mock-vitest/extend';
import { S3Client } from '@aws-sdk/client-s3';
import {
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  DescribeHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
  SecurityHubServiceException,
} from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { createPublishHandler } from '../../functions/publish.js';
import { PublishIncompleteError } from '../../lib/publish/accounts.js';
import { headFindingId, isHeadFinding } from '../../lib/publish/head.js';
import {
  FakeS3,
  FUNCTION_ENV,
  fakeKmsKey,
  HOME_ACCOUNT,
  lambdaContext,
  MEMBER_ACCOUNT,
  sealStaged,
  setEnv,
  stageScope,
  stageTargets,
} from './fakes.js';

const s3 = new FakeS3();
const kms = fakeKmsKey();
const sts = mockClient(STSClient);
const securityhub = mockClient(SecurityHubClient);
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const RUN_ID = '20261126T120000000Z-0123abcd';
const STARTED_AT = '2026-11-26T12:00:00.000Z';

const invoke = (event: unknown) =>
  createPublishHandler({ now: () => new Date('2026-11-26T12:10:00.000Z') })(event, lambdaContext('publish'));

let restoreEnv: () => void;
let sealed: { findings: { total: number } };
beforeEach(async () => {
  restoreEnv = setEnv(FUNCTION_ENV);
  s3.reset();
  kms.reset();
  sts.reset();
  securityhub.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: HOME_ACCOUNT, Arn: `arn:aws:sts::${HOME_ACCOUNT}:assumed-role/publish/fn` });
  securityhub.on(DescribeHubCommand).resolves({ HubArn: `arn:aws:securityhub:eu-west-1:${HOME_ACCOUNT}:hub/default` });
  securityhub.on(GetFindingsCommand).resolves({ Findings: [] });
  securityhub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
    SuccessCount: input.Findings?.length ?? 0,
    FailedCount: 0,
    FailedFindings: [],
  }));
  const scopes = [
    { accountId: HOME_ACCOUNT, region: 'eu-west-1' },
    { accountId: MEMBER_ACCOUNT, region: 'eu-west-1' },
  ];
  for (const scope of scopes) await stageScope(client, scope, RUN_ID, STARTED_AT);
  sealed = await sealStaged(client, await stageTargets(client, RUN_ID, STARTED_AT, scopes), new Date('2026-11-26T12:05:00.000Z'));
});
afterEach(() => restoreEnv());
afterAll(() => {
  s3.restore();
  kms.stub.restore();
  sts.restore();
  securityhub.restore();
});

describe('publish: bad events', () => {
  it.each([
    [{}, 'runId:'],
    [{ runId: 'latest' }, 'runId: not a run id'],
    [null, '(the event itself)'],
  ])('refuses %j naming the field, and sends Security Hub nothing', async (bad, named) => {
    await expect(invoke(bad)).rejects.toThrow(named);
    await expect(invoke(bad)).rejects.toMatchObject({ name: 'InvalidEventError' });
    expect(securityhub.calls()).toHaveLength(0);
  });

  it('names the missing statement of a run that is not in the store, and sends nothing', async () => {
    await expect(invoke({ runId: '20261125T120000000Z-0123abcd' })).rejects.toThrow(
      'runs/20261125T120000000Z-0123abcd/statement.dsse.json in s3://evidence/ is missing',
    );
    expect(securityhub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });
});

describe('publish: a sealed run', () => {
  it("imports the run's findings of its own account under its own product ARN, and counts the member account's as not published", async () => {
    const summary = await invoke({ runId: RUN_ID });

    const half = sealed.findings.total / 2;
    expect(summary).toEqual({
      runId: RUN_ID,
      region: 'eu-west-1',
      memberPublishing: false,
      accountsPublished: 1,
      imported: half,
      unchanged: 0,
      importFailed: 0,
      archived: 0,
      keptUnobserved: 0,
      notPublished: { accounts: 1, findings: half },
      head: { statementSha256: expect.stringMatching(/^[0-9a-f]{64}$/), written: 1, failed: 0 },
    });
    const all = securityhub.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
    const sent = all.filter((f) => !isHeadFinding(f));
    expect(sent).toHaveLength(half);
    // The chain head, in the home account, with the digest the summary returns.
    expect(all.filter(isHeadFinding).map((f) => [f.Id, f.ProductFields?.['ai-evidence/StatementSha256']])).toEqual([
      [headFindingId(HOME_ACCOUNT, 'eu-west-1'), summary.head.statementSha256],
    ]);
    expect(new Set(sent.map((f) => f.AwsAccountId))).toEqual(new Set([HOME_ACCOUNT]));
    expect(new Set(sent.map((f) => f.ProductArn))).toEqual(
      new Set([`arn:aws:securityhub:eu-west-1:${HOME_ACCOUNT}:product/${HOME_ACCOUNT}/default`]),
    );
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it('fails with the action named when Security Hub is not enabled, before sending anything', async () => {
    securityhub.on(DescribeHubCommand).rejects(
      new SecurityHubServiceException({
        name: 'InvalidAccessException',
        message: 'Account is not subscribed to AWS Security Hub',
        $fault: 'client',
        $metadata: { httpStatusCode: 401 },
      }),
    );
    await expect(invoke({ runId: RUN_ID })).rejects.toThrow('securityhub:DescribeHub');
    expect(securityhub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });
});

describe('publish: member accounts through the member publish role', () => {
  const ROLE = `arn:aws:iam::${MEMBER_ACCOUNT}:role/AiEvidencePublishFindings`;
  let restoreMemberEnv: () => void;
  beforeEach(() => {
    restoreMemberEnv = setEnv({ MEMBER_PUBLISH_ROLE_NAME: 'AiEvidencePublishFindings' });
  });
  afterEach(() => restoreMemberEnv());

  it("assumes the role in the member account with the ExternalId and imports that account's findings there", async () => {
    sts
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S', SessionToken: 'T', Expiration: new Date() } });
    const summary = await invoke({ runId: RUN_ID });

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ROLE, ExternalId: FUNCTION_ENV.EXTERNAL_ID });
    expect(summary).toMatchObject({
      memberPublishing: true,
      accountsPublished: 2,
      imported: sealed.findings.total,
      notPublished: { accounts: 0, findings: 0 },
      head: { written: 2, failed: 0 },
    });
    const sent = securityhub
      .commandCalls(BatchImportFindingsCommand)
      .flatMap((c) => c.args[0].input.Findings ?? [])
      .filter((f) => !isHeadFinding(f));
    expect(sent.filter((f) => f.AwsAccountId === HOME_ACCOUNT)).toHaveLength(sealed.findings.total / 2);
    expect(sent.filter((f) => f.AwsAccountId === MEMBER_ACCOUNT).map((f) => f.ProductArn)).toEqual(
      Array(sealed.findings.total / 2).fill(`arn:aws:securityhub:eu-west-1:${MEMBER_ACCOUNT}:product/${MEMBER_ACCOUNT}/default`),
    );
  });

  it('fails the invocation naming the member account, the role and the cause, after publishing the home account', async () => {
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        message: 'not authorized to perform sts:AssumeRole',
        $fault: 'client',
        $metadata: {},
      }),
    );
    const error = await invoke({ runId: RUN_ID }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PublishIncompleteError);
    expect((error as Error).message).toContain(`Account ${MEMBER_ACCOUNT}: sts:AssumeRole on ${ROLE} failed: AccessDenied`);
    expect((error as Error).message).toContain('1 account(s) could not be published, 1 were.');
    const sent = securityhub
      .commandCalls(BatchImportFindingsCommand)
      .flatMap((c) => c.args[0].input.Findings ?? [])
      .filter((f) => !isHeadFinding(f));
    expect(sent).toHaveLength(sealed.findings.total / 2);
    expect(new Set(sent.map((f) => f.AwsAccountId))).toEqual(new Set([HOME_ACCOUNT]));
    expect((error as PublishIncompleteError).report.accounts.map((a) => a.accountId)).toEqual([HOME_ACCOUNT]);
  });

  it('refuses to run without the ExternalId the role requires, before publishing anything', async () => {
    const restore = setEnv({ EXTERNAL_ID: undefined });
    try {
      await expect(invoke({ runId: RUN_ID })).rejects.toThrow('EXTERNAL_ID is not set');
      expect(securityhub.calls()).toHaveLength(0);
    } finally {
      restore();
    }
  });
});
