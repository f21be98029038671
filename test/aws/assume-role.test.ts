import 'aws-sdk-client-mock-vitest/extend';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AssumeRoleError, assumeRole, callerIdentity, memberRoleArn } from '../../lib/aws/assume-role.js';

const sts = mockClient(STSClient);
const client = new STSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const ROLE = memberRoleArn('aws', '444455556666', 'AiEvidenceReadOnly');

beforeEach(() => sts.reset());
afterAll(() => sts.restore());

const stsError = (name: string, message: string, status = 400) =>
  new STSServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });

describe('assumeRole', () => {
  it('asks for the role with the ExternalId and a session name STS accepts', async () => {
    sts
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S', SessionToken: 'T', Expiration: new Date(0) } });
    const credentials = await assumeRole({
      sts: client,
      roleArn: ROLE,
      externalId: 'ext-1',
      sessionName: `ai-evidence-${'run:1/'.repeat(20)}`,
    });
    expect(credentials).toEqual({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T', expiration: new Date(0) });
    const input = sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ RoleArn: ROLE, ExternalId: 'ext-1', DurationSeconds: 3600 });
    expect(input?.RoleSessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
  });

  it.each([
    ['AccessDenied', 'ACCESS_DENIED', 'Deploy the member role in that account'],
    ['Throttling', 'THROTTLED', ''],
    ['RegionDisabledException', 'ERROR', ''],
  ])('turns %s into an AssumeRoleError of kind %s naming sts:AssumeRole and the role', async (name, kind, hint) => {
    sts.on(AssumeRoleCommand).rejects(stsError(name, 'refused'));
    const error = await assumeRole({ sts: client, roleArn: ROLE, externalId: 'ext-1', sessionName: 's' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssumeRoleError);
    expect(error).toMatchObject({ roleArn: ROLE, kind, code: name });
    expect((error as Error).message).toContain(`sts:AssumeRole on ${ROLE} failed: ${name}: refused.`);
    expect((error as Error).message).toContain(hint);
  });

  it('refuses an answer without credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S' } as never });
    await expect(assumeRole({ sts: client, roleArn: ROLE, externalId: 'ext-1', sessionName: 's' })).rejects.toMatchObject({
      name: 'AssumeRoleError',
      kind: 'INVALID_RESPONSE',
      message: `sts:AssumeRole on ${ROLE} returned no credentials.`,
    });
  });
});

describe('callerIdentity', () => {
  it('gives the account and the partition of the caller', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: 'arn:aws-cn:sts::111122223333:assumed-role/r/s' });
    await expect(callerIdentity(client)).resolves.toEqual({ accountId: '111122223333', partition: 'aws-cn' });
  });

  it('refuses an answer without an account id or ARN', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    await expect(callerIdentity(client)).rejects.toThrow('STS GetCallerIdentity gave no account id and ARN');
  });
});
