/** The IAM service last accessed collector, with aws-sdk-client-mock answers and a wait that costs no time. */
import 'aws-sdk-client-mock-vitest/extend';
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  IAM_AI_SERVICE_LAST_ACCESSED,
  iamAiServiceLastAccessedCollector,
  POLL_DELAYS_MS,
} from '../../lib/collectors/iam-ai-service-last-accessed.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { IAM_SCOPE } from '../fixtures/supporting.js';

const iam = mockClient(IAMClient);
beforeEach(() => iam.reset());
afterAll(() => iam.restore());

const waits: number[] = [];
const collector = iamAiServiceLastAccessedCollector(async (ms) => {
  waits.push(ms);
});
const role = (name: string, path = '/') => ({
  RoleName: name,
  RoleId: `AROA${name}`,
  Arn: `arn:aws:iam::${IAM_SCOPE.accountId}:role${path}${name}`,
  Path: path,
  CreateDate: new Date('2025-01-01T00:00:00Z'),
});
const done = (services: { ServiceNamespace: string; LastAuthenticated?: Date }[]) => ({
  JobStatus: 'COMPLETED' as const,
  JobCreationDate: new Date('2026-11-02T08:59:00Z'),
  JobCompletionDate: new Date('2026-11-02T08:59:02Z'),
  ServicesLastAccessed: services.map((s) => ({ ServiceName: s.ServiceNamespace, ...s })),
});

describe('iam.ai-service-last-accessed', () => {
  beforeEach(() => {
    waits.length = 0;
    iam.on(ListUsersCommand).resolves({ Users: [] });
  });

  it('keeps a record per principal with AI permissions (AI entries only), none for the others, and skips service-linked roles', async () => {
    iam.on(ListRolesCommand).resolves({
      Roles: [role('claims-app'), role('web-app'), role('AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/')],
    });
    iam.on(GenerateServiceLastAccessedDetailsCommand).callsFake((input) => Promise.resolve({ JobId: `job-${input.Arn.split('/').pop()}` }));
    iam
      .on(GetServiceLastAccessedDetailsCommand, { JobId: 'job-claims-app' })
      .resolves(done([{ ServiceNamespace: 's3' }, { ServiceNamespace: 'bedrock', LastAuthenticated: new Date('2026-10-30T10:00:00Z') }]))
      .on(GetServiceLastAccessedDetailsCommand, { JobId: 'job-web-app' })
      .resolves(done([{ ServiceNamespace: 's3' }]));
    const result = await collector.collect(mockedContext(IAM_SCOPE));
    expect(iam).toReceiveCommandTimes(GenerateServiceLastAccessedDetailsCommand, 2);
    expect(iam).toReceiveCommandWith(GenerateServiceLastAccessedDetailsCommand, {
      Arn: role('claims-app').Arn,
      Granularity: 'SERVICE_LEVEL',
    });
    expect(result.coverage).toMatchObject({ collector: IAM_AI_SERVICE_LAST_ACCESSED, status: 'COMPLETE', records: 1 });
    const record = EvidenceRecordSchema.parse(result.records[0]);
    expect(record.resource).toEqual({ type: 'AWS::IAM::Role', id: role('claims-app').Arn });
    expect(record.data).toMatchObject({
      JobStatus: 'COMPLETED',
      ServicesReported: 2,
      Principal: { Name: 'claims-app', CreateDate: '2025-01-01T00:00:00.000Z' },
      ServicesLastAccessed: [{ ServiceNamespace: 'bedrock', LastAuthenticated: '2026-10-30T10:00:00.000Z' }],
    });
  });

  it('polls a job a bounded number of times and records one still running as IN_PROGRESS', async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [role('slow-app')] });
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'job-slow' });
    iam
      .on(GetServiceLastAccessedDetailsCommand)
      .resolves({ JobStatus: 'IN_PROGRESS', JobCreationDate: new Date(), ServicesLastAccessed: [], JobCompletionDate: undefined });
    const result = await collector.collect(mockedContext(IAM_SCOPE));
    expect(iam).toReceiveCommandTimes(GetServiceLastAccessedDetailsCommand, POLL_DELAYS_MS.length + 1);
    expect(waits).toEqual([...POLL_DELAYS_MS]);
    expect(result.records[0]?.data).toMatchObject({ JobStatus: 'IN_PROGRESS' });
  });

  it('follows the pages of a finished job', async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [role('paged-app')] });
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'job-paged' });
    iam
      .on(GetServiceLastAccessedDetailsCommand, { JobId: 'job-paged' })
      .resolves({ ...done([{ ServiceNamespace: 's3' }]), IsTruncated: true, Marker: 'm1' })
      .on(GetServiceLastAccessedDetailsCommand, { JobId: 'job-paged', Marker: 'm1' })
      .resolves(done([{ ServiceNamespace: 'sagemaker' }]));
    const result = await collector.collect(mockedContext(IAM_SCOPE));
    expect(result.records[0]?.data).toMatchObject({ ServicesReported: 2, ServicesLastAccessed: [{ ServiceNamespace: 'sagemaker' }] });
  });

  it('names the principal whose job could not be started, reads nothing outside us-east-1', async () => {
    iam.on(ListRolesCommand).resolves({ Roles: [role('denied-app')] });
    iam
      .on(GenerateServiceLastAccessedDetailsCommand)
      .rejects(Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const result = await collector.collect(mockedContext(IAM_SCOPE));
    expect(result.coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'GenerateServiceLastAccessedDetails', resourceId: role('denied-app').Arn, kind: 'ACCESS_DENIED' }],
    });
    iam.resetHistory();
    const elsewhere = await collector.collect(mockedContext({ ...IAM_SCOPE, region: 'eu-west-1' }));
    expect(elsewhere.records).toEqual([]);
    expect(iam.calls()).toHaveLength(0);
  });
});
