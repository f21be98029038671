import 'aws-sdk-client-mock-vitest/extend';
import { ListAccountsCommand, OrganizationsClient, OrganizationsServiceException } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createListTargetsHandler, ListTargetsResultSchema } from '../../functions/list-targets.js';
import { organizationsRegion } from '../../functions/shared/clients.js';
import { accountsKey, parseAccounts, parseTargets, targetsKey } from '../../lib/pipeline/staging.js';
import { FakeS3, FUNCTION_ENV, lambdaContext, setEnv } from './fakes.js';

const organizations = mockClient(OrganizationsClient);
const s3 = new FakeS3();
const NOW = new Date('2026-11-26T12:00:00.123Z');
const handler = createListTargetsHandler({ now: () => NOW });
/** Runs list-targets and reads back the targets it wrote to the staging bucket. */
const invoke = async (event: unknown) => {
  const result = await handler(event, lambdaContext('list-targets'));
  const bytes = s3.bucket('staging').get(result.targets.key);
  if (!bytes) throw new Error(`list-targets wrote no ${result.targets.key}.`);
  return { ...result, pointer: result.targets, targets: parseTargets(bytes, result.targets.key) };
};

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = setEnv({ ...FUNCTION_ENV, TARGET_REGIONS: 'eu-west-1, us-east-1' });
  organizations.reset();
  s3.reset();
});
afterEach(() => restoreEnv());
afterAll(() => {
  organizations.restore();
  s3.restore();
});

describe('list-targets: bad events', () => {
  it.each([
    [{ accounts: ['12345'] }, 'accounts[0]: an AWS account id is 12 digits'],
    [{ accounts: [] }, 'accounts: give at least one account'],
    [{ regions: ['moon-1'] }, 'regions[0]: not an AWS region name'],
    [{ acounts: ['111122223333'] }, 'Unrecognized key: "acounts"'],
    ['all', '(the event itself)'],
  ])('refuses %j naming the field, and asks Organizations nothing', async (bad, named) => {
    await expect(invoke(bad)).rejects.toThrow(named);
    await expect(invoke(bad)).rejects.toMatchObject({ name: 'InvalidEventError' });
    expect(organizations.calls()).toHaveLength(0);
  });

  it('needs TARGET_REGIONS when the event names no region', async () => {
    setEnv({ TARGET_REGIONS: undefined });
    await expect(invoke({ accounts: ['111122223333'] })).rejects.toThrow('TARGET_REGIONS is not set');
    await expect(invoke({ accounts: ['111122223333'], regions: ['eu-central-1'] })).resolves.toMatchObject({
      targets: [{ accountId: '111122223333', region: 'eu-central-1' }],
    });
  });
});

describe('list-targets: targets', () => {
  it('starts a run: a sortable run id from the start time, and every account × region of the event', async () => {
    const result = await invoke({ accounts: ['111122223333', '444455556666', '111122223333'], regions: ['us-west-2'] });
    expect(result.startedAt).toBe('2026-11-26T12:00:00.123Z');
    expect(result.runId).toMatch(/^20261126T120000123Z-[0-9a-f]{8}$/);
    expect(result.targets).toEqual([
      { accountId: '111122223333', region: 'us-west-2' },
      { accountId: '444455556666', region: 'us-west-2' },
    ]);
    expect(organizations.calls()).toHaveLength(0);
  });

  it('writes the targets to the staging bucket as JSON Lines and returns only a pointer to them', async () => {
    const result = await invoke({ accounts: ['111122223333', '444455556666'], regions: ['us-west-2', 'eu-west-1'] });
    expect(result.pointer).toEqual({ key: targetsKey(result.runId), count: 4 });
    expect(result.accounts).toEqual({ key: accountsKey(result.runId), count: 2 });
    expect(
      ListTargetsResultSchema.parse({
        runId: result.runId,
        startedAt: result.startedAt,
        targets: result.pointer,
        accounts: result.accounts,
      }),
    ).toBeTruthy();
    // One line per account with its regions: the shard Map's items (one shard per account).
    const accounts = s3.bucket('staging').get(result.accounts.key) as Buffer;
    expect(accounts.toString('utf8')).toBe(
      '{"accountId":"111122223333","regions":["us-west-2","eu-west-1"]}\n{"accountId":"444455556666","regions":["us-west-2","eu-west-1"]}\n',
    );
    expect(parseAccounts(accounts, 'accounts')).toEqual([
      { accountId: '111122223333', regions: ['us-west-2', 'eu-west-1'] },
      { accountId: '444455556666', regions: ['us-west-2', 'eu-west-1'] },
    ]);
    expect(() => parseAccounts(Buffer.from('{"accountId":"111122223333","regions":["eu-west-1"]}\n'.repeat(2)), 'a')).toThrow(
      'a: line 2 names 111122223333 a second time',
    );
    const body = (s3.bucket('staging').get(result.pointer.key) as Buffer).toString('utf8');
    expect(body.split('\n')).toEqual([
      '{"accountId":"111122223333","region":"eu-west-1"}',
      '{"accountId":"444455556666","region":"eu-west-1"}',
      '{"accountId":"111122223333","region":"us-west-2"}',
      '{"accountId":"444455556666","region":"us-west-2"}',
      '',
    ]);
    // With a checksum S3 checks on receipt.
    expect(s3.stub.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({ Bucket: 'staging', ChecksumAlgorithm: 'SHA256' });
  });

  it('writes 17,000 targets (1,000 accounts × 17 regions) in one object, and returns the same small pointer', async () => {
    const accounts = Array.from({ length: 1000 }, (_, i) => String(100_000_000_000 + i));
    const regions = Array.from({ length: 17 }, (_, i) => `eu-west-${i + 1}`);
    const result = await invoke({ accounts, regions });
    expect(result.targets).toHaveLength(17_000);
    expect(result.pointer.count).toBe(17_000);
    expect(result.accounts.count).toBe(1000);
    expect(JSON.stringify({ runId: result.runId, startedAt: result.startedAt, targets: result.pointer }).length).toBeLessThan(200);
  });

  it('stops, naming the bucket and the action, when the staging bucket refuses the targets', async () => {
    s3.denied.add('staging');
    await expect(handler({ accounts: ['111122223333'] }, lambdaContext('list-targets'))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('takes the accounts from TARGET_ACCOUNTS and the regions from TARGET_REGIONS when the event is empty', async () => {
    setEnv({ TARGET_ACCOUNTS: '111122223333,444455556666' });
    const result = await invoke({});
    // Region by region: the targets the Map runs at the same time are of different accounts.
    expect(result.targets).toEqual([
      { accountId: '111122223333', region: 'eu-west-1' },
      { accountId: '444455556666', region: 'eu-west-1' },
      { accountId: '111122223333', region: 'us-east-1' },
      { accountId: '444455556666', region: 'us-east-1' },
    ]);
    expect(organizations.calls()).toHaveLength(0);
  });

  it('refuses a TARGET_ACCOUNTS entry that is not an account id', async () => {
    setEnv({ TARGET_ACCOUNTS: '111122223333,prod' });
    await expect(invoke({})).rejects.toThrow('TARGET_ACCOUNTS an AWS account id is 12 digits (got "111122223333,prod")');
  });

  it('lists the ACTIVE accounts of the organization, every page, when neither names accounts', async () => {
    organizations
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [
          { Id: '444455556666', State: 'ACTIVE' },
          { Id: '999988887777', State: 'SUSPENDED' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Accounts: [
          { Id: '111122223333', State: 'ACTIVE' },
          { Id: '555566667777', State: 'PENDING_CLOSURE' },
          { Id: '222233334444', Status: 'ACTIVE' },
        ],
      });
    const result = await invoke({ regions: ['eu-west-1'] });
    expect(result.targets.map((t) => t.accountId)).toEqual(['111122223333', '222233334444', '444455556666']);
    expect(organizations).toHaveReceivedCommandTimes(ListAccountsCommand, 2);
    expect(organizations).toHaveReceivedNthCommandWith(ListAccountsCommand, 2, { NextToken: 'page-2' });
  });

  it('names organizations:ListAccounts and the way out when it is denied', async () => {
    organizations.on(ListAccountsCommand).rejects(
      new OrganizationsServiceException({
        name: 'AccessDeniedException',
        message: 'You do not have sufficient access to perform this action.',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(invoke({})).rejects.toThrow(/organizations:ListAccounts failed: AccessDeniedException.*or set TARGET_ACCOUNTS/);
  });
});

describe('organizationsRegion', () => {
  it('is the one endpoint of the partition of the function', () => {
    expect(['eu-west-1', 'us-east-2', undefined].map(organizationsRegion)).toEqual(['us-east-1', 'us-east-1', 'us-east-1']);
    expect(organizationsRegion('cn-north-1')).toBe('cn-northwest-1');
    expect(organizationsRegion('us-gov-east-1')).toBe('us-gov-west-1');
  });
});
