import 'aws-sdk-client-mock-vitest/extend';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolesCommand,
  ListServiceSpecificCredentialsCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { iamAiPrincipalPermissions, mayBeAssumedByBedrock } from '../../lib/collectors/iam-ai-principal-permissions.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { encoded, IAM_SCOPE, managedPolicyArn } from '../fixtures/supporting.js';

const iam = mockClient(IAMClient);
beforeEach(() => iam.reset());
afterAll(() => iam.restore());

const A = `arn:aws:iam::${IAM_SCOPE.accountId}`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const DOC = encoded([{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }]);

function awsError(name: string, message: string) {
  return new IAMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

const trust = (service: string) =>
  encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] }));
const role = (name: string, service = 'bedrock.amazonaws.com') => ({
  RoleName: name,
  Arn: `${A}:role/service-role/${name}`,
  RoleId: 'AROA',
  Path: '/service-role/',
  CreateDate: new Date('2025-01-01T00:00:00Z'),
  AssumeRolePolicyDocument: trust(service),
});
const key = (user: string, id: string) => ({
  UserName: user,
  ServiceSpecificCredentialId: id,
  ServiceName: 'bedrock.amazonaws.com',
  Status: 'Active' as const,
  CreateDate: new Date('2026-02-02T09:00:00Z'),
});
const group = (name: string) => ({
  GroupName: name,
  Arn: `${A}:group/${name}`,
  GroupId: 'G',
  Path: '/',
  CreateDate: new Date('2025-01-01T00:00:00Z'),
});
const attached = (...arns: string[]) => arns.map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn }));

/** An account with nothing to read, for tests that set up only what they are about. */
function emptyAccount() {
  iam.on(ListRolesCommand).resolves({ Roles: [] });
  iam.on(ListServiceSpecificCredentialsCommand).resolves({ ServiceSpecificCredentials: [] });
}

describe('iam.ai-principal-permissions collector', () => {
  it('reads nothing outside the IAM home region', async () => {
    const result = await iamAiPrincipalPermissions.collect(mockedContext(SCOPE));
    expect(result).toMatchObject({ records: [], coverage: { status: 'COMPLETE', region: SCOPE.region } });
    expect(iam.calls()).toHaveLength(0);
  });

  it('reads the roles Bedrock may assume, the users holding Bedrock API keys and their groups, over every page, and each attached policy once', async () => {
    // Prepare
    iam
      .on(ListRolesCommand)
      .resolvesOnce({ Roles: [role('agent-a'), role('lambda-fn', 'lambda.amazonaws.com')], IsTruncated: true, Marker: 'r1' })
      .resolvesOnce({ Roles: [role('agent-b')] });
    iam.on(ListAttachedRolePoliciesCommand).callsFake((input: { RoleName: string; Marker?: string }) => {
      if (input.RoleName === 'agent-b') return { AttachedPolicies: [] };
      return input.Marker === undefined
        ? { AttachedPolicies: attached(managedPolicyArn('AgentInvoke')), IsTruncated: true, Marker: 'p1' }
        : { AttachedPolicies: attached(ADMIN) };
    });
    iam
      .on(ListServiceSpecificCredentialsCommand)
      .resolvesOnce({ ServiceSpecificCredentials: [key('batch', 'K1')], IsTruncated: true, Marker: 'k1' })
      .resolvesOnce({ ServiceSpecificCredentials: [key('batch', 'K2')] });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: attached(managedPolicyArn('AgentInvoke')) });
    iam.on(ListGroupsForUserCommand).resolves({
      Groups: [{ GroupName: 'ops', Arn: `${A}:group/ops`, GroupId: 'G', Path: '/', CreateDate: new Date('2025-01-01T00:00:00Z') }],
    });
    iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: attached(ADMIN) });
    iam.on(GetPolicyCommand).callsFake((input: { PolicyArn: string }) => ({ Policy: { Arn: input.PolicyArn, DefaultVersionId: 'v7' } }));
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: DOC, VersionId: 'v7', IsDefaultVersion: true } });
    // Act
    const result = await iamAiPrincipalPermissions.collect(mockedContext(IAM_SCOPE));
    // Assess
    expect(iam).not.toReceiveCommandWith(ListAttachedRolePoliciesCommand, { RoleName: 'lambda-fn' });
    expect(iam).toReceiveCommandWith(ListServiceSpecificCredentialsCommand, { ServiceName: 'bedrock.amazonaws.com', AllUsers: true });
    expect(iam).toReceiveCommandTimes(ListAttachedUserPoliciesCommand, 1);
    expect(iam).toReceiveCommandTimes(GetPolicyCommand, 2);
    expect(iam).toReceiveCommandWith(GetPolicyVersionCommand, { PolicyArn: ADMIN, VersionId: 'v7' });
    expect(result.records.map((r) => `${r.source.operation} ${r.resource.type} ${r.resource.id}`)).toEqual([
      `ListAttachedRolePolicies AWS::IAM::Role ${A}:role/service-role/agent-a`,
      `ListAttachedRolePolicies AWS::IAM::Role ${A}:role/service-role/agent-b`,
      `ListAttachedUserPolicies AWS::IAM::User ${A}:user/batch`,
      `ListGroupsForUser AWS::IAM::User ${A}:user/batch`,
      `ListAttachedGroupPolicies AWS::IAM::Group ${A}:group/ops`,
      `GetPolicyVersion AWS::IAM::ManagedPolicy ${managedPolicyArn('AgentInvoke')}`,
      `GetPolicyVersion AWS::IAM::ManagedPolicy ${ADMIN}`,
    ]);
    expect(result.records[0]?.data).toEqual({ RoleName: 'agent-a', AttachedPolicies: attached(managedPolicyArn('AgentInvoke'), ADMIN) });
    expect(result.records[3]?.data).toMatchObject({
      UserName: 'batch',
      Groups: [{ GroupName: 'ops', CreateDate: '2025-01-01T00:00:00.000Z' }],
    });
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 7, errors: [] });
  });

  it('turns AccessDenied on ListRoles into FAILED coverage and still reads the key holders', async () => {
    iam.on(ListRolesCommand).rejects(awsError('AccessDenied', 'not authorized to perform: iam:ListRoles'));
    iam.on(ListServiceSpecificCredentialsCommand).resolves({ ServiceSpecificCredentials: [key('batch', 'K1')] });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [] });
    const result = await iamAiPrincipalPermissions.collect(mockedContext(IAM_SCOPE));
    expect(result.records.map((r) => r.source.operation)).toEqual(['ListAttachedUserPolicies', 'ListGroupsForUser']);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'ListRoles', kind: 'ACCESS_DENIED', code: 'AccessDenied' }],
    });
    expect(result.coverage.errors[0]?.resourceId).toBeUndefined();
  });

  it('names the role, group or policy whose read failed (PARTIAL) and keeps what else it read', async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [role('agent-a'), role('agent-b')] });
    iam.on(ListAttachedRolePoliciesCommand).callsFake((input: { RoleName: string }) => {
      if (input.RoleName === 'agent-b') throw awsError('AccessDenied', 'no iam:ListAttachedRolePolicies');
      return { AttachedPolicies: attached(ADMIN, managedPolicyArn('Gone')) };
    });
    iam.on(ListServiceSpecificCredentialsCommand).resolves({ ServiceSpecificCredentials: [key('batch', 'K1')] });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [group('ops')] });
    iam.on(ListAttachedGroupPoliciesCommand).rejects(awsError('NoSuchEntity', 'The group ops cannot be found.'));
    iam.on(GetPolicyCommand).callsFake((input: { PolicyArn: string }) => {
      if (input.PolicyArn !== ADMIN) throw awsError('NoSuchEntity', 'Policy does not exist.');
      return { Policy: { Arn: ADMIN, DefaultVersionId: 'v1' } };
    });
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: DOC } });
    const result = await iamAiPrincipalPermissions.collect(mockedContext(IAM_SCOPE));
    expect(result.records.map((r) => `${r.source.operation} ${r.resource.id}`)).toContain(`GetPolicyVersion ${ADMIN}`);
    expect(result.coverage.status).toBe('PARTIAL');
    expect(result.coverage.errors.map((e) => `${e.operation} ${e.resourceId} ${e.kind}`)).toEqual([
      `GetPolicy ${managedPolicyArn('Gone')} ERROR`,
      `ListAttachedGroupPolicies ${A}:group/ops ERROR`,
      `ListAttachedRolePolicies ${A}:role/service-role/agent-b ACCESS_DENIED`,
    ]);
  });

  it.each([
    [
      'an attached policy without its PolicyArn',
      () => {
        iam.on(ListRolesCommand).resolves({ Roles: [role('agent-a')] });
        iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'X' }] });
      },
      `ListAttachedRolePolicies ${A}:role/service-role/agent-a`,
    ],
    [
      'a repeated Marker',
      () => {
        iam.on(ListRolesCommand).resolves({ Roles: [role('agent-a')] });
        iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: true, Marker: 'same' });
      },
      `ListAttachedRolePolicies ${A}:role/service-role/agent-a`,
    ],
    [
      'a role without its Arn',
      () => iam.on(ListRolesCommand).resolves({ Roles: [{ ...role('agent-a'), Arn: undefined }] }),
      'ListRoles undefined',
    ],
    [
      'a group without its GroupName',
      () => {
        iam.on(ListServiceSpecificCredentialsCommand).resolves({ ServiceSpecificCredentials: [key('batch', 'K1')] });
        iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [] });
        iam.on(ListGroupsForUserCommand).resolves({ Groups: [{ ...group('ops'), GroupName: undefined as unknown as string }] });
      },
      `ListGroupsForUser ${A}:user/batch`,
    ],
    [
      'a policy without its DefaultVersionId',
      () => {
        iam.on(ListRolesCommand).resolves({ Roles: [role('agent-a')] });
        iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: attached(ADMIN) });
        iam.on(GetPolicyCommand).resolves({ Policy: { Arn: ADMIN } });
      },
      `GetPolicy ${ADMIN}`,
    ],
    [
      'a policy version without its document',
      () => {
        iam.on(ListRolesCommand).resolves({ Roles: [role('agent-a')] });
        iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: attached(ADMIN) });
        iam.on(GetPolicyCommand).resolves({ Policy: { Arn: ADMIN, DefaultVersionId: 'v1' } });
        iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { VersionId: 'v1' } });
      },
      `GetPolicyVersion ${ADMIN}`,
    ],
  ])('turns %s into INVALID_RESPONSE naming what it is about', async (_case, arrange, where) => {
    emptyAccount();
    arrange();
    const result = await iamAiPrincipalPermissions.collect(mockedContext(IAM_SCOPE));
    expect(result.coverage.errors.map((e) => `${e.operation} ${e.resourceId} ${e.kind}`)).toEqual([`${where} INVALID_RESPONSE`]);
  });

  it('reads a role whose trust policy ListRoles left out, and skips one that does not name Bedrock', () => {
    expect(mayBeAssumedByBedrock(undefined)).toBe(true);
    expect(mayBeAssumedByBedrock(trust('bedrock.amazonaws.com'))).toBe(true);
    expect(mayBeAssumedByBedrock(JSON.stringify({ Principal: { Service: ['lambda.amazonaws.com', 'bedrock.amazonaws.com'] } }))).toBe(true);
    expect(mayBeAssumedByBedrock(trust('bedrock-agentcore.amazonaws.com'))).toBe(false);
    expect(mayBeAssumedByBedrock(trust('sagemaker.amazonaws.com'))).toBe(false);
  });
});
