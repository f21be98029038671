import 'aws-sdk-client-mock-vitest/extend';
import {
  GetModelPackageGroupPolicyCommand,
  ListModelPackageGroupsCommand,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sagemakerModelPackageGroupPolicies } from '../../lib/collectors/sagemaker-model-package-group-policies.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';

const sagemaker = mockClient(SageMakerClient);
beforeEach(() => sagemaker.reset());
afterAll(() => sagemaker.restore());

const groupArn = (group: string) => `arn:aws:sagemaker:${SCOPE.region}:${SCOPE.accountId}:model-package-group/${group}`;
const awsError = (name: string, message: string) =>
  new SageMakerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sagemaker:DescribeModelPackage","Resource":"*"}]}';

/** Groups on two pages; each group's policy answer (a policy string or an error). */
function serve(answers: Record<string, string | Error>) {
  const groups = Object.keys(answers);
  sagemaker.on(ListModelPackageGroupsCommand).callsFake((input: { NextToken?: string }) => {
    const page = input.NextToken === undefined ? groups.slice(0, 2) : groups.slice(2);
    return {
      ModelPackageGroupSummaryList: page.map((g) => ({
        ModelPackageGroupName: g,
        ModelPackageGroupArn: groupArn(g),
        CreationTime: new Date('2026-04-02T12:00:00Z'),
        ModelPackageGroupStatus: 'Completed',
      })),
      ...(input.NextToken === undefined && groups.length > 2 ? { NextToken: 'page-1' } : {}),
    };
  });
  sagemaker.on(GetModelPackageGroupPolicyCommand).callsFake((input: { ModelPackageGroupName: string }) => {
    const answer = answers[input.ModelPackageGroupName];
    if (answer instanceof Error) throw answer;
    return { $metadata: { httpStatusCode: 200 }, ResourcePolicy: answer };
  });
}

describe('sagemaker.model-package-group-policies', () => {
  it('keeps each group\u2019s policy as returned, and "no policy" as an answer, one record per group named by its ARN', async () => {
    // Prepare
    serve({
      shared: POLICY,
      private: awsError('ValidationException', 'Cannot find resource policy for model package group private'),
      third: POLICY,
    });
    // Act
    const result = await sagemakerModelPackageGroupPolicies.collect(mockedContext());
    // Assess
    expect(result.coverage).toEqual({
      collector: 'sagemaker.model-package-group-policies',
      ...SCOPE,
      status: 'COMPLETE',
      records: 3,
      errors: [],
    });
    const byId = new Map(result.records.map((r) => [r.resource.id, r]));
    expect(byId.get(groupArn('shared'))).toMatchObject({
      source: { operation: 'GetModelPackageGroupPolicy' },
      resource: { type: 'AWS::SageMaker::ModelPackageGroup' },
      data: { ResourcePolicy: POLICY },
    });
    expect(byId.get(groupArn('private'))?.data).toEqual({
      Error: { Code: 'ValidationException', Message: 'Cannot find resource policy for model package group private' },
    });
    expect(byId.get(groupArn('third'))?.data).not.toHaveProperty('$metadata');
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(sagemaker).toReceiveCommandWith(GetModelPackageGroupPolicyCommand, { ModelPackageGroupName: 'third' });
  });

  it.each([
    ['access is denied', awsError('AccessDeniedException', 'not authorized'), 'ACCESS_DENIED'],
    ['the group is gone (another ValidationException)', awsError('ValidationException', 'Cannot find Model Package Group gone'), 'ERROR'],
  ])('turns a failed read of one group into PARTIAL coverage naming it when %s', async (_why, error, kind) => {
    // Prepare
    serve({ kept: POLICY, gone: error });
    // Act
    const result = await sagemakerModelPackageGroupPolicies.collect(mockedContext());
    // Assess
    expect(result.records.map((r) => r.resource.id)).toEqual([groupArn('kept')]);
    expect(result.coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'GetModelPackageGroupPolicy', resourceId: groupArn('gone'), kind }],
    });
    expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
  });

  it('turns a failed listing into FAILED coverage without reading any policy', async () => {
    // Prepare
    sagemaker.on(ListModelPackageGroupsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    // Act
    const result = await sagemakerModelPackageGroupPolicies.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListModelPackageGroups', kind: 'ACCESS_DENIED' }] });
    expect(sagemaker).not.toReceiveCommand(GetModelPackageGroupPolicyCommand);
  });

  it('declares the actions it calls', () => {
    expect(sagemakerModelPackageGroupPolicies.actions).toEqual([
      'sagemaker:ListModelPackageGroups',
      'sagemaker:GetModelPackageGroupPolicy',
    ]);
  });
});
