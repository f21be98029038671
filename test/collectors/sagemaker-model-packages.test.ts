import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeModelPackageCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sagemakerModelPackages } from '../../lib/collectors/sagemaker-model-packages.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';

const sagemaker = mockClient(SageMakerClient);

beforeEach(() => {
  sagemaker.reset();
});

afterAll(() => {
  sagemaker.restore();
});

const groupArn = (group: string) => `arn:aws:sagemaker:${SCOPE.region}:${SCOPE.accountId}:model-package-group/${group}`;
const packageArn = (group: string, version: number) =>
  `arn:aws:sagemaker:${SCOPE.region}:${SCOPE.accountId}:model-package/${group}/${version}`;
const groupSummary = (group: string) => ({
  ModelPackageGroupName: group,
  ModelPackageGroupArn: groupArn(group),
  CreationTime: new Date('2026-04-02T12:00:00Z'),
  ModelPackageGroupStatus: 'Completed' as const,
});

function awsError(name: string, message: string): SageMakerServiceException {
  return new SageMakerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

/** Serves the registry: groups in pages of two, each group's versions in pages of two, and their descriptions. */
function serveRegistry(
  registry: Record<string, number[]>,
  failures: { listPackagesOf?: Record<string, Error>; describe?: Record<string, Error> } = {},
) {
  const groups = Object.keys(registry);
  const pageOf = <T>(items: T[], token: unknown) => {
    const index = typeof token === 'string' ? Number(token.replace('page-', '')) : 0;
    return { items: items.slice(index * 2, index * 2 + 2), next: index * 2 + 2 < items.length ? `page-${index + 1}` : undefined };
  };
  sagemaker.on(ListModelPackageGroupsCommand).callsFake((input: { NextToken?: string }) => {
    const { items, next } = pageOf(groups, input.NextToken);
    return { ModelPackageGroupSummaryList: items.map(groupSummary), ...(next ? { NextToken: next } : {}) };
  });
  sagemaker.on(ListModelPackagesCommand).callsFake((input: { ModelPackageGroupName: string; NextToken?: string }) => {
    const group = input.ModelPackageGroupName;
    const failure = failures.listPackagesOf?.[group];
    if (failure) throw failure;
    const { items, next } = pageOf(registry[group] ?? [], input.NextToken);
    return {
      ModelPackageSummaryList: items.map((v) => ({
        ModelPackageName: group,
        ModelPackageGroupName: group,
        ModelPackageVersion: v,
        ModelPackageArn: packageArn(group, v),
        CreationTime: new Date('2026-09-29T15:00:00Z'),
        ModelPackageStatus: 'Completed',
        ModelApprovalStatus: 'Approved',
      })),
      ...(next ? { NextToken: next } : {}),
    };
  });
  sagemaker.on(DescribeModelPackageCommand).callsFake((input: { ModelPackageName: string }) => {
    const failure = failures.describe?.[input.ModelPackageName];
    if (failure) throw failure;
    const [group, version] = input.ModelPackageName.split('/').slice(-2);
    return {
      $metadata: { httpStatusCode: 200 },
      ModelPackageName: group,
      ModelPackageGroupName: group,
      ModelPackageVersion: Number(version),
      ModelPackageArn: input.ModelPackageName,
      ModelApprovalStatus: 'Approved',
      CreationTime: new Date('2026-09-29T15:00:00Z'),
      CreatedBy: { IamIdentity: { Arn: `arn:aws:sts::${SCOPE.accountId}:assumed-role/ml-author/priya` } },
    };
  });
}

const idsOf = (records: readonly { resource: { type: string; id: string } }[], type: string) =>
  records
    .filter((r) => r.resource.type === type)
    .map((r) => r.resource.id)
    .sort();

describe('sagemaker.model-packages collector', () => {
  it('pages through the groups and the versions of each, describing every version by ARN', async () => {
    // Prepare
    serveRegistry({ 'fraud-scoring': [1, 2, 3], 'claims-triage': [1], 'support-bot-reranker': [] });
    // Act
    const result = await sagemakerModelPackages.collect(mockedContext());
    // Assess
    expect(sagemaker).toReceiveCommandTimes(ListModelPackageGroupsCommand, 2);
    expect(sagemaker).toReceiveCommandWith(ListModelPackagesCommand, { ModelPackageGroupName: 'support-bot-reranker' });
    expect(sagemaker).toReceiveCommandWith(DescribeModelPackageCommand, { ModelPackageName: packageArn('fraud-scoring', 3) });
    expect(idsOf(result.records, 'AWS::SageMaker::ModelPackage')).toEqual(
      [
        packageArn('claims-triage', 1),
        packageArn('fraud-scoring', 1),
        packageArn('fraud-scoring', 2),
        packageArn('fraud-scoring', 3),
      ].sort(),
    );
    expect(idsOf(result.records, 'AWS::SageMaker::ModelPackageGroup')).toEqual(
      ['claims-triage', 'fraud-scoring', 'support-bot-reranker'].map(groupArn).sort(),
    );
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 7, errors: [] });
  });

  it('keeps the group summary and the describe answer as valid records', async () => {
    // Prepare
    serveRegistry({ 'fraud-scoring': [6] });
    // Act
    const { records } = await sagemakerModelPackages.collect(mockedContext());
    // Assess
    for (const record of records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(records.find((r) => r.resource.type === 'AWS::SageMaker::ModelPackage')).toMatchObject({
      source: { collector: 'sagemaker.model-packages', service: 'sagemaker', operation: 'DescribeModelPackage' },
      collectedAt: COLLECTED_AT,
      data: {
        ModelPackageVersion: 6,
        ModelApprovalStatus: 'Approved',
        CreatedBy: { IamIdentity: { Arn: expect.stringContaining('ml-author') } },
      },
    });
    expect(records.find((r) => r.resource.type === 'AWS::SageMaker::ModelPackageGroup')).toMatchObject({
      source: { operation: 'ListModelPackageGroups' },
      data: { ModelPackageGroupName: 'fraud-scoring', CreationTime: '2026-04-02T12:00:00.000Z' },
    });
  });

  it('turns AccessDenied on the groups into FAILED coverage without throwing', async () => {
    // Prepare
    sagemaker
      .on(ListModelPackageGroupsCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform sagemaker:ListModelPackageGroups'));
    // Act
    const result = await sagemakerModelPackages.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListModelPackageGroups', kind: 'ACCESS_DENIED' }] });
    expect(sagemaker).not.toReceiveCommand(ListModelPackagesCommand);
  });

  it('reports a group whose versions could not be listed by name, and reads the other groups', async () => {
    // Prepare
    serveRegistry(
      { 'fraud-scoring': [1], 'claims-triage': [1, 2] },
      { listPackagesOf: { 'claims-triage': awsError('AccessDeniedException', 'explicit deny in a service control policy') } },
    );
    // Act
    const result = await sagemakerModelPackages.collect(mockedContext());
    // Assess
    expect(idsOf(result.records, 'AWS::SageMaker::ModelPackage')).toEqual([packageArn('fraud-scoring', 1)]);
    expect(result.coverage.status).toBe('FAILED');
    expect(result.coverage.errors).toEqual([
      {
        operation: 'ListModelPackages',
        kind: 'ACCESS_DENIED',
        code: 'AccessDeniedException',
        message: 'model package group claims-triage: explicit deny in a service control policy',
        httpStatus: 400,
      },
    ]);
  });

  it('turns a version that cannot be described into PARTIAL coverage naming its ARN', async () => {
    // Prepare
    serveRegistry(
      { 'fraud-scoring': [1, 2] },
      { describe: { [packageArn('fraud-scoring', 2)]: awsError('ThrottlingException', 'Rate exceeded') } },
    );
    // Act
    const result = await sagemakerModelPackages.collect(mockedContext());
    // Assess
    expect(idsOf(result.records, 'AWS::SageMaker::ModelPackage')).toEqual([packageArn('fraud-scoring', 1)]);
    expect(result.coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'DescribeModelPackage', resourceId: packageArn('fraud-scoring', 2), kind: 'THROTTLED' }],
    });
  });

  it('turns a group summary without an ARN into INVALID_RESPONSE', async () => {
    // Prepare
    serveRegistry({ 'fraud-scoring': [1] });
    sagemaker
      .on(ListModelPackageGroupsCommand)
      .resolves({ ModelPackageGroupSummaryList: [groupSummary('fraud-scoring'), { ModelPackageGroupName: 'x' } as never] });
    // Act
    const result = await sagemakerModelPackages.collect(mockedContext());
    // Assess
    expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: 'ListModelPackageGroups', kind: 'INVALID_RESPONSE' })]);
    expect(idsOf(result.records, 'AWS::SageMaker::ModelPackage')).toEqual([packageArn('fraud-scoring', 1)]);
  });
});
