import 'aws-sdk-client-mock-vitest/extend';
import {
  GetGroupPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListServiceSpecificCredentialsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { iamAiFullAccessAttachments } from '../../lib/collectors/iam-ai-full-access-attachments.js';
import { iamBedrockApiKeys } from '../../lib/collectors/iam-bedrock-api-keys.js';
import { iamCustomerManagedPolicies } from '../../lib/collectors/iam-customer-managed-policies.js';
import { iamInlinePolicies } from '../../lib/collectors/iam-inline-policies.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { encoded, IAM_SCOPE, managedPolicyArn } from '../fixtures/supporting.js';

const iam = mockClient(IAMClient);
beforeEach(() => iam.reset());
afterAll(() => iam.restore());

function awsError(name: string, message: string, throttling = false) {
  const error = new IAMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
  if (throttling) error.$retryable = { throttling: true };
  return error;
}

const DOC = encoded([{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }]);
const policy = (name: string) => ({ PolicyName: name, Arn: managedPolicyArn(name), DefaultVersionId: 'v2', AttachmentCount: 1 });
const role = (name: string) => ({
  RoleName: name,
  Arn: `arn:aws:iam::${IAM_SCOPE.accountId}:role/${name}`,
  RoleId: 'AROA',
  Path: '/',
  CreateDate: new Date('2025-01-01T00:00:00Z'),
});
const user = (name: string) => ({
  UserName: name,
  Arn: `arn:aws:iam::${IAM_SCOPE.accountId}:user/${name}`,
  UserId: 'AIDA',
  Path: '/',
  CreateDate: new Date('2025-01-01T00:00:00Z'),
});

describe('IAM collectors outside the IAM home region', () => {
  it.each([iamCustomerManagedPolicies, iamInlinePolicies, iamAiFullAccessAttachments, iamBedrockApiKeys])(
    '$id reads nothing in eu-west-1 and reports COMPLETE',
    async (collector) => {
      const result = await collector.collect(mockedContext(SCOPE));
      expect(result.records).toEqual([]);
      expect(result.coverage).toMatchObject({ status: 'COMPLETE', region: SCOPE.region, records: 0 });
      expect(iam.calls()).toHaveLength(0);
    },
  );
});

describe('iam.customer-managed-policies collector', () => {
  it('lists attached customer managed policies over every Marker page and reads each default version', async () => {
    iam
      .on(ListPoliciesCommand)
      .resolvesOnce({ Policies: [policy('A'), policy('B')], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ Policies: [policy('C')], IsTruncated: false });
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: DOC, VersionId: 'v2', IsDefaultVersion: true } });
    const result = await iamCustomerManagedPolicies.collect(mockedContext(IAM_SCOPE));
    expect(iam).toReceiveCommandWith(ListPoliciesCommand, { Scope: 'Local', OnlyAttached: true });
    expect(iam).toReceiveCommandTimes(ListPoliciesCommand, 2);
    expect(iam).toReceiveCommandWith(GetPolicyVersionCommand, { PolicyArn: managedPolicyArn('B'), VersionId: 'v2' });
    expect(result.records.map((r) => r.resource.id)).toEqual(['A', 'B', 'C'].map((n) => managedPolicyArn(n)));
    expect(result.records[0]).toMatchObject({
      source: { collector: 'iam.customer-managed-policies', service: 'iam', operation: 'GetPolicyVersion' },
      resource: { type: 'AWS::IAM::ManagedPolicy' },
      data: { PolicyVersion: { Document: DOC } },
    });
    expect(EvidenceRecordSchema.parse(result.records[0])).toEqual(result.records[0]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3 });
  });

  it('turns AccessDenied on ListPolicies into FAILED, and one unreadable version into PARTIAL naming the policy', async () => {
    iam.on(ListPoliciesCommand).rejects(awsError('AccessDenied', 'not authorized to perform: iam:ListPolicies'));
    expect((await iamCustomerManagedPolicies.collect(mockedContext(IAM_SCOPE))).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'ListPolicies', kind: 'ACCESS_DENIED', code: 'AccessDenied' }],
    });
    iam.reset();
    iam.on(ListPoliciesCommand).resolves({ Policies: [policy('A'), policy('B')] });
    iam.on(GetPolicyVersionCommand).callsFake((input: { PolicyArn: string }) => {
      if (input.PolicyArn === managedPolicyArn('B')) throw awsError('Throttling', 'Rate exceeded', true);
      return { PolicyVersion: { Document: DOC } };
    });
    const result = await iamCustomerManagedPolicies.collect(mockedContext(IAM_SCOPE));
    expect(result.records.map((r) => r.resource.id)).toEqual([managedPolicyArn('A')]);
    expect(result.coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'GetPolicyVersion', resourceId: managedPolicyArn('B'), kind: 'THROTTLED' }],
    });
  });

  it('turns a policy without DefaultVersionId, a version without a document and a repeated Marker into INVALID_RESPONSE', async () => {
    iam
      .on(ListPoliciesCommand)
      .resolves({ Policies: [policy('A'), { PolicyName: 'X', Arn: managedPolicyArn('X') }], IsTruncated: true, Marker: 'same' });
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { VersionId: 'v2' } });
    const result = await iamCustomerManagedPolicies.collect(mockedContext(IAM_SCOPE));
    expect(iam).toReceiveCommandTimes(ListPoliciesCommand, 2);
    expect(result.coverage.errors.map((e) => `${e.operation} ${e.kind}`).sort()).toEqual([
      'GetPolicyVersion INVALID_RESPONSE',
      'GetPolicyVersion INVALID_RESPONSE',
      'ListPolicies INVALID_RESPONSE',
    ]);
  });
});

describe('iam.inline-policies collector', () => {
  it('reads every inline policy of roles, users and groups, named by principal ARN and policy name', async () => {
    iam
      .on(ListRolesCommand)
      .resolvesOnce({ Roles: [role('r1')], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ Roles: [role('r2')] });
    iam.on(ListUsersCommand).resolves({ Users: [user('alice')] });
    iam.on(ListGroupsCommand).resolves({
      Groups: [{ GroupName: 'ds', Arn: `arn:aws:iam::${IAM_SCOPE.accountId}:group/ds`, GroupId: 'G', Path: '/', CreateDate: new Date() }],
    });
    iam
      .on(ListRolePoliciesCommand)
      .callsFake((input: { RoleName: string }) => ({ PolicyNames: input.RoleName === 'r1' ? ['p1', 'p2'] : [] }));
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: ['up'] });
    iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: ['gp'] });
    iam.on(GetRolePolicyCommand).callsFake((input: { RoleName: string; PolicyName: string }) => ({ ...input, PolicyDocument: DOC }));
    iam.on(GetUserPolicyCommand).callsFake((input: { UserName: string; PolicyName: string }) => ({ ...input, PolicyDocument: DOC }));
    iam.on(GetGroupPolicyCommand).callsFake((input: { GroupName: string; PolicyName: string }) => ({ ...input, PolicyDocument: DOC }));
    const result = await iamInlinePolicies.collect(mockedContext(IAM_SCOPE));
    const a = `arn:aws:iam::${IAM_SCOPE.accountId}`;
    expect(result.records.map((r) => `${r.source.operation} ${r.resource.id}`).sort()).toEqual([
      `GetGroupPolicy ${a}:group/ds#gp`,
      `GetRolePolicy ${a}:role/r1#p1`,
      `GetRolePolicy ${a}:role/r1#p2`,
      `GetUserPolicy ${a}:user/alice#up`,
    ]);
    expect(result.records.every((r) => r.resource.type === 'AWS::IAM::Policy')).toBe(true);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 4 });
  });

  it('names the principal whose policies could not be listed, and lists the kinds that failed without one', async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [role('r1'), role('r2')] });
    iam.on(ListUsersCommand).rejects(awsError('AccessDenied', 'no iam:ListUsers'));
    iam.on(ListGroupsCommand).resolves({ Groups: [] });
    iam.on(ListRolePoliciesCommand).callsFake((input: { RoleName: string }) => {
      if (input.RoleName === 'r2') throw awsError('AccessDenied', 'no iam:ListRolePolicies');
      return { PolicyNames: ['p1'] };
    });
    iam.on(GetRolePolicyCommand).resolves({ RoleName: 'r1', PolicyName: 'p1' });
    const result = await iamInlinePolicies.collect(mockedContext(IAM_SCOPE));
    const a = `arn:aws:iam::${IAM_SCOPE.accountId}`;
    expect(result.records).toEqual([]);
    expect(result.coverage.status).toBe('FAILED');
    expect(result.coverage.errors.map((e) => `${e.operation} ${e.resourceId ?? '-'} ${e.kind}`)).toEqual([
      `GetRolePolicy ${a}:role/r1#p1 INVALID_RESPONSE`,
      `ListRolePolicies ${a}:role/r2 ACCESS_DENIED`,
      'ListUsers - ACCESS_DENIED',
    ]);
  });
});

describe('iam.ai-full-access-attachments collector', () => {
  it('lists the holders of each AI full-access policy over every page into one record per policy', async () => {
    iam.on(ListEntitiesForPolicyCommand).callsFake((input: { PolicyArn: string; Marker?: string }) => {
      if (!input.PolicyArn.endsWith('AmazonBedrockFullAccess')) return { PolicyRoles: [], PolicyUsers: [], PolicyGroups: [] };
      return input.Marker === undefined
        ? { PolicyRoles: [{ RoleName: 'r1' }], PolicyUsers: [], PolicyGroups: [], IsTruncated: true, Marker: 'm1' }
        : { PolicyRoles: [{ RoleName: 'r2' }], PolicyUsers: [{ UserName: 'alice' }], PolicyGroups: [] };
    });
    const result = await iamAiFullAccessAttachments.collect(mockedContext(IAM_SCOPE));
    expect(result.records.map((r) => r.resource.id)).toEqual([
      'arn:aws:iam::aws:policy/AmazonBedrockFullAccess',
      'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess',
      'arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess',
    ]);
    expect(result.records[0]?.data).toEqual({
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess',
      PolicyGroups: [],
      PolicyUsers: [{ UserName: 'alice' }],
      PolicyRoles: [{ RoleName: 'r1' }, { RoleName: 'r2' }],
    });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3 });
  });

  it('names the policy whose holders could not be listed, and keeps the others', async () => {
    iam.on(ListEntitiesForPolicyCommand).callsFake((input: { PolicyArn: string }) => {
      if (input.PolicyArn.endsWith('BedrockAgentCoreFullAccess')) throw awsError('NoSuchEntity', 'Policy does not exist');
      return { PolicyRoles: [], PolicyUsers: [], PolicyGroups: [] };
    });
    const result = await iamAiFullAccessAttachments.collect(mockedContext(IAM_SCOPE));
    expect(result.records).toHaveLength(2);
    expect(result.coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [
        {
          operation: 'ListEntitiesForPolicy',
          resourceId: 'arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess',
          code: 'NoSuchEntity',
          kind: 'ERROR',
        },
      ],
    });
  });
});

describe('iam.bedrock-api-keys collector', () => {
  const credential = (id: string) => ({
    UserName: 'claims-batch',
    ServiceSpecificCredentialId: id,
    ServiceName: 'bedrock.amazonaws.com',
    Status: 'Active' as const,
    CreateDate: new Date('2026-02-02T09:00:00Z'),
  });

  it("lists every user's Bedrock API keys over every Marker page, one record per key", async () => {
    iam
      .on(ListServiceSpecificCredentialsCommand)
      .resolvesOnce({ ServiceSpecificCredentials: [credential('K1')], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ ServiceSpecificCredentials: [credential('K2')], IsTruncated: false });
    const result = await iamBedrockApiKeys.collect(mockedContext(IAM_SCOPE));
    expect(iam).toReceiveCommandWith(ListServiceSpecificCredentialsCommand, { ServiceName: 'bedrock.amazonaws.com', AllUsers: true });
    expect(iam).toReceiveCommandWith(ListServiceSpecificCredentialsCommand, { Marker: 'm1' });
    expect(result.records.map((r) => r.resource.id)).toEqual(
      ['K1', 'K2'].map((k) => `arn:aws:iam::${IAM_SCOPE.accountId}:user/claims-batch#${k}`),
    );
    expect(result.records[0]).toMatchObject({
      resource: { type: 'AWS::IAM::ServiceSpecificCredential' },
      data: { Status: 'Active', CreateDate: '2026-02-02T09:00:00.000Z' },
    });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2 });
  });

  it('turns AccessDenied, a repeated Marker and a credential without its id into FAILED coverage', async () => {
    iam.on(ListServiceSpecificCredentialsCommand).rejects(awsError('AccessDenied', 'no'));
    expect((await iamBedrockApiKeys.collect(mockedContext(IAM_SCOPE))).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ kind: 'ACCESS_DENIED' }],
    });
    iam.reset();
    iam
      .on(ListServiceSpecificCredentialsCommand)
      .resolves({ ServiceSpecificCredentials: [credential('K1')], IsTruncated: true, Marker: 'same' });
    expect((await iamBedrockApiKeys.collect(mockedContext(IAM_SCOPE))).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ kind: 'INVALID_RESPONSE' }],
    });
    expect(iam).toReceiveCommandTimes(ListServiceSpecificCredentialsCommand, 2);
    iam.reset();
    iam
      .on(ListServiceSpecificCredentialsCommand)
      .resolves({ ServiceSpecificCredentials: [{ ...credential('K1'), ServiceSpecificCredentialId: undefined }] });
    expect((await iamBedrockApiKeys.collect(mockedContext(IAM_SCOPE))).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ kind: 'INVALID_RESPONSE' }],
    });
  });
});
