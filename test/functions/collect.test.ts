import 'aws-sdk-client-mock-vitest/extend';
import { DescribeNotebookInstanceCommand, ListNotebookInstancesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { createCollectHandler } from '../../functions/collect.js';
import { sagemakerNotebookInstances } from '../../lib/collectors/sagemaker-notebook-instances.js';
import { AGGREGATOR_ENV, MODEL_ACCESS_PRINCIPALS_ENV } from '../../lib/collectors/settings.js';
import type { Collector } from '../../lib/collectors/types.js';
import { parseStaged } from '../../lib/pipeline/staging.js';
import { FakeS3, FUNCTION_ENV, HOME_ACCOUNT, lambdaContext, MEMBER_ACCOUNT, setEnv } from './fakes.js';

const s3 = new FakeS3();
const sts = mockClient(STSClient);
const sagemaker = mockClient(SageMakerClient);
const RUN_ID = '20261126T120000000Z-0123abcd';
const STARTED_AT = '2026-11-26T12:00:00.000Z';
const ROLE_ARN = `arn:aws:iam::${MEMBER_ACCOUNT}:role/AiEvidenceReadOnly`;
const NOTEBOOK_ARN = `arn:aws:sagemaker:eu-west-1:${MEMBER_ACCOUNT}:notebook-instance/nb-1`;

/** A collector that reads nothing and records the credentials its clients were given. */
const seenKeys: string[] = [];
const credentialProbe: Collector = {
  id: 'test.credential-probe',
  service: 'sagemaker',
  description: 'records the access key id of the clients it is given',
  actions: [],
  async collect(ctx) {
    const credentials = await ctx.clients.client('sagemaker', ctx.region).config.credentials();
    seenKeys.push(credentials.accessKeyId);
    return {
      records: [],
      coverage: { collector: this.id, accountId: ctx.accountId, region: ctx.region, status: 'COMPLETE', records: 0, errors: [] },
    };
  },
};
const collectors = [sagemakerNotebookInstances, credentialProbe];
const handler = createCollectHandler({ collectors, now: () => new Date('2026-11-26T12:00:05.000Z') });
const invoke = (event: unknown) => handler(event, lambdaContext('collect'));

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = setEnv(FUNCTION_ENV);
  s3.reset();
  sts.reset();
  sagemaker.reset();
  seenKeys.length = 0;
  sts.on(GetCallerIdentityCommand).resolves({ Account: HOME_ACCOUNT, Arn: `arn:aws:sts::${HOME_ACCOUNT}:assumed-role/collect/fn` });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAMEMBER',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date('2026-11-26T13:00:00Z'),
    },
  });
  sagemaker
    .on(ListNotebookInstancesCommand)
    .resolves({ NotebookInstances: [{ NotebookInstanceName: 'nb-1', NotebookInstanceArn: NOTEBOOK_ARN }] });
  sagemaker.on(DescribeNotebookInstanceCommand).resolves({
    NotebookInstanceName: 'nb-1',
    NotebookInstanceArn: NOTEBOOK_ARN,
    DirectInternetAccess: 'Disabled',
    RootAccess: 'Disabled',
  });
});
afterEach(() => restoreEnv());
afterAll(() => {
  s3.restore();
  sts.restore();
  sagemaker.restore();
});

const event = (accountId = MEMBER_ACCOUNT) => ({ runId: RUN_ID, startedAt: STARTED_AT, accountId, region: 'eu-west-1' });
const stagedKey = (accountId = MEMBER_ACCOUNT) => `staging/${RUN_ID}/${accountId}/eu-west-1.json`;
const staged = (accountId = MEMBER_ACCOUNT) => {
  const bytes = s3.bucket('staging').get(stagedKey(accountId));
  if (!bytes) throw new Error(`nothing staged at ${stagedKey(accountId)}`);
  return parseStaged(bytes, { runId: RUN_ID, accountId, region: 'eu-west-1' }, 'staged');
};

describe('collect: bad events and configuration', () => {
  it.each([
    [{ ...event(), accountId: '12345' }, 'accountId: an AWS account id is 12 digits'],
    [{ ...event(), region: 'Europe' }, 'region: not an AWS region name'],
    [{ ...event(), runId: '../../etc' }, 'runId: not a run id'],
    [{ accountId: MEMBER_ACCOUNT, region: 'eu-west-1' }, 'runId:'],
    [{ ...event(), startedAt: 'yesterday' }, 'startedAt: not an ISO-8601 UTC time'],
  ])('refuses %j naming the field, and writes nothing', async (bad, named) => {
    await expect(invoke(bad)).rejects.toThrow(named);
    await expect(invoke(bad)).rejects.toMatchObject({ name: 'InvalidEventError' });
    expect(s3.keys()).toEqual([]);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it('refuses to run without its staging bucket and external id, naming both', async () => {
    setEnv({ STAGING_BUCKET: undefined, EXTERNAL_ID: undefined });
    await expect(invoke(event())).rejects.toThrow('STAGING_BUCKET is not set; EXTERNAL_ID is not set');
    expect(s3.keys()).toEqual([]);
  });
});

describe('collect: a member account', () => {
  it('assumes the member role with the ExternalId, collects with its credentials and stages records and coverage', async () => {
    const result = await invoke(event());

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ROLE_ARN, ExternalId: 'ai-evidence-external-id' });
    expect(seenKeys).toEqual(['ASIAMEMBER']);
    expect(result).toEqual({
      runId: RUN_ID,
      accountId: MEMBER_ACCOUNT,
      region: 'eu-west-1',
      stagedKey: stagedKey(),
      coverage: [
        { collector: 'sagemaker.notebook-instances', status: 'COMPLETE' },
        { collector: 'test.credential-probe', status: 'COMPLETE' },
      ],
    });
    const scope = staged();
    expect(scope.startedAt).toBe(STARTED_AT);
    expect(scope.records.map((r) => [r.resource.id, r.source.operation])).toEqual([[NOTEBOOK_ARN, 'DescribeNotebookInstance']]);
    expect(scope.coverage.map((c) => [c.collector, c.status, c.records])).toEqual([
      ['sagemaker.notebook-instances', 'COMPLETE', 1],
      ['test.credential-probe', 'COMPLETE', 0],
    ]);
  });

  it('uses the role name from MEMBER_ROLE_NAME and the partition of its own ARN', async () => {
    setEnv({ MEMBER_ROLE_NAME: 'AuditReader' });
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: HOME_ACCOUNT, Arn: `arn:aws-us-gov:sts::${HOME_ACCOUNT}:assumed-role/collect/fn` });
    await invoke(event());
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: `arn:aws-us-gov:iam::${MEMBER_ACCOUNT}:role/AuditReader` });
  });

  it('records every collector as FAILED naming sts:AssumeRole and the role when the role cannot be assumed, and still stages the scope', async () => {
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        message: `User: arn:aws:sts::${HOME_ACCOUNT}:assumed-role/collect/fn is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const result = await invoke(event());

    expect(result.coverage).toEqual([
      { collector: 'sagemaker.notebook-instances', status: 'FAILED' },
      { collector: 'test.credential-probe', status: 'FAILED' },
    ]);
    expect(sagemaker.calls()).toHaveLength(0);
    expect(seenKeys).toEqual([]);
    const scope = staged();
    expect(scope.records).toEqual([]);
    // The failure itself, and each operation the collector would have called, not called for that reason.
    const [notebooks, probe] = scope.coverage;
    expect(notebooks?.errors.map((e) => e.operation)).toEqual(['AssumeRole', 'DescribeNotebookInstance', 'ListNotebookInstances']);
    expect(probe?.errors.map((e) => e.operation)).toEqual(['AssumeRole']);
    for (const error of scope.coverage.flatMap((c) => c.errors)) {
      expect(error).toMatchObject({ kind: 'ACCESS_DENIED', code: 'AccessDenied' });
      expect(error.resourceId).toBeUndefined();
      expect(error.message).toContain(`sts:AssumeRole on ${ROLE_ARN} failed`);
    }
    expect(notebooks?.errors[1]?.message).toMatch(/^DescribeNotebookInstance was not called: sts:AssumeRole on /);
  });
});

describe('collect: the home account', () => {
  it('collects with its own credentials, without assuming a role', async () => {
    await invoke(event(HOME_ACCOUNT));
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
    expect(seenKeys).toEqual(['test']);
    expect(staged(HOME_ACCOUNT).records).toHaveLength(1);
  });
});

describe("collect: the collectors' settings", () => {
  it('hands the settings of its environment (set from the CDK context) to every collector', async () => {
    // Prepare: the variables the stack sets when modelAccessPrincipals and configAggregator are configured.
    const seen: unknown[] = [];
    const settingsProbe: Collector = {
      ...credentialProbe,
      id: 'test.settings-probe',
      async collect(ctx) {
        seen.push(ctx.settings);
        return credentialProbe.collect.call(this, ctx);
      },
    };
    const restore = setEnv({
      [MODEL_ACCESS_PRINCIPALS_ENV]: `arn:aws:iam::${HOME_ACCOUNT}:role/ModelAdmins`,
      [AGGREGATOR_ENV]: 'org-aggregator',
    });
    try {
      const configured = createCollectHandler({ collectors: [settingsProbe], now: () => new Date('2026-11-26T12:00:05.000Z') });
      // Act
      await configured(event(HOME_ACCOUNT), lambdaContext('collect'));
    } finally {
      restore();
    }
    // Assess
    expect(seen).toEqual([
      { configAggregator: 'org-aggregator', modelAccessPrincipals: [`arn:aws:iam::${HOME_ACCOUNT}:role/ModelAdmins`] },
    ]);
  });
});

describe('collect: staging', () => {
  it('fails the invocation with the bucket named when the staging bucket refuses the write', async () => {
    s3.denied.add('staging');
    await expect(invoke(event())).rejects.toThrow(/AccessDenied|Access Denied/);
    expect(s3.keys()).toEqual([]);
  });
});
