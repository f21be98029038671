/**
 * The collectors behind the AgentCore identity and policy controls, the ECR repositories of runtime
 * images and Amazon Inspector, with aws-sdk-client-mock on the SDK clients (moto implements neither
 * AgentCore nor Inspector2; see test/integration/README.md).
 */
import 'aws-sdk-client-mock-vitest/extend';
import {
  BedrockAgentCoreControlClient,
  BedrockAgentCoreControlServiceException,
  GetOnlineEvaluationConfigCommand,
  GetRegistryCommand,
  GetResourcePolicyCommand,
  GetTokenVaultCommand,
  ListAgentRuntimesCommand,
  ListGatewaysCommand,
  ListOnlineEvaluationConfigsCommand,
  ListRegistriesCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import {
  DescribeRepositoriesCommand,
  ECRClient,
  ECRServiceException,
  GetRegistryScanningConfigurationCommand,
  GetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { BatchGetAccountStatusCommand, Inspector2Client, ListFindingsCommand } from '@aws-sdk/client-inspector2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { agentCoreOnlineEvaluations } from '../../lib/collectors/agentcore-online-evaluations.js';
import { agentCoreRegistries } from '../../lib/collectors/agentcore-registries.js';
import { agentCoreResourcePolicies } from '../../lib/collectors/agentcore-resource-policies.js';
import { agentCoreTokenVault, tokenVaultArn } from '../../lib/collectors/agentcore-token-vault.js';
import { ecrRepositories, registryScanningId } from '../../lib/collectors/ecr-repositories.js';
import {
  IMAGE_FINDINGS_FILTER,
  inspectorAccountStatus,
  inspectorImageFindings,
  inspectorStatusId,
} from '../../lib/collectors/inspector2.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { AGENTCORE } from '../fixtures/supporting.js';

const agentcore = mockClient(BedrockAgentCoreControlClient);
const ecr = mockClient(ECRClient);
const inspector = mockClient(Inspector2Client);
beforeEach(() => {
  agentcore.reset();
  ecr.reset();
  inspector.reset();
});
afterAll(() => {
  agentcore.restore();
  ecr.restore();
  inspector.restore();
});

const agentCoreError = (name: string) =>
  new BedrockAgentCoreControlServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: name === 'ResourceNotFoundException' ? 404 : 403 },
    message: `${name} says no`,
  });
const ecrError = (name: string) =>
  new ECRServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `${name} says no` });
const byId = (records: readonly { resource: { id: string }; data: object }[]) =>
  Object.fromEntries(records.map((r) => [r.resource.id, r.data]));

describe('the bedrock-agentcore.token-vault collector', () => {
  it('keeps the default vault as read', async () => {
    const answer = {
      tokenVaultId: 'default',
      kmsConfiguration: { keyType: 'ServiceManagedKey' as const },
      lastModifiedDate: new Date('2026-05-04T10:00:00Z'),
    };
    agentcore.on(GetTokenVaultCommand).resolves(answer);
    const result = await agentCoreTokenVault.collect(mockedContext());
    expect(agentcore).toReceiveCommandWith(GetTokenVaultCommand, { tokenVaultId: 'default' });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1 });
    expect(result.records[0]?.resource.id).toBe(tokenVaultArn(SCOPE));
    expect(result.records[0]?.data).toMatchObject({ kmsConfiguration: { keyType: 'ServiceManagedKey' } });
  });

  it.each<[string, string, object]>([
    ['keeps "no vault" (ResourceNotFoundException) as evidence', 'ResourceNotFoundException', { status: 'COMPLETE', records: 1 }],
    [
      'turns a refusal into FAILED coverage',
      'AccessDeniedException',
      { status: 'FAILED', errors: [{ operation: 'GetTokenVault', kind: 'ACCESS_DENIED' }] },
    ],
  ])('%s', async (_case, error, coverage) => {
    agentcore.on(GetTokenVaultCommand).rejects(agentCoreError(error));
    const result = await agentCoreTokenVault.collect(mockedContext());
    expect(result.coverage).toMatchObject(coverage);
    if (error === 'ResourceNotFoundException') expect(result.records[0]?.data).toMatchObject({ ErrorCode: 'ResourceNotFoundException' });
  });
});

describe('the bedrock-agentcore.resource-policies collector', () => {
  const runtime = AGENTCORE.runtime.arn('claims-agent');
  const gatewayId = AGENTCORE.gateway.arn('claims-tools').split('/').pop() as string;
  const gateway = AGENTCORE.gateway.arn('claims-tools');

  it('reads the policy of every runtime and gateway by ARN, keeping "no policy" as evidence of the resource itself', async () => {
    agentcore.on(ListAgentRuntimesCommand).resolves({ agentRuntimes: [{ agentRuntimeArn: runtime }] as never });
    agentcore.on(ListGatewaysCommand).resolves({ items: [{ gatewayId }] as never });
    agentcore.on(GetResourcePolicyCommand, { resourceArn: runtime }).resolves({ policy: '{"Statement":[]}' });
    agentcore.on(GetResourcePolicyCommand, { resourceArn: gateway }).rejects(agentCoreError('ResourceNotFoundException'));
    const result = await agentCoreResourcePolicies.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
    expect(result.records.map((r) => `${r.resource.type} ${r.source.operation}`).sort()).toEqual([
      'AWS::BedrockAgentCore::Gateway GetResourcePolicy',
      'AWS::BedrockAgentCore::Runtime GetResourcePolicy',
    ]);
    expect(byId(result.records)).toEqual({
      [runtime]: { policy: '{"Statement":[]}' },
      [gateway]: { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'ResourceNotFoundException says no' },
    });
    for (const r of result.records) expect(EvidenceRecordSchema.parse(r)).toEqual(r);
  });

  it('names the resource whose policy could not be read, and FAILS the scope when a listing fails', async () => {
    agentcore.on(ListAgentRuntimesCommand).resolves({ agentRuntimes: [{ agentRuntimeArn: runtime }] as never });
    agentcore.on(ListGatewaysCommand).rejects(agentCoreError('AccessDeniedException'));
    agentcore.on(GetResourcePolicyCommand).rejects(agentCoreError('AccessDeniedException'));
    const result = await agentCoreResourcePolicies.collect(mockedContext());
    expect(result.coverage.status).toBe('FAILED');
    expect(result.coverage.errors.map((e) => `${e.operation} ${e.resourceId ?? '-'}`).sort()).toEqual([
      `GetResourcePolicy ${runtime}`,
      'ListGateways -',
    ]);
  });
});

describe('the online evaluation and registry collectors', () => {
  it('read each online evaluation configuration and registry by id', async () => {
    const configArn = `arn:aws:bedrock-agentcore:${SCOPE.region}:${SCOPE.accountId}:online-evaluation-config/q-1`;
    const registryArn = `arn:aws:bedrock-agentcore:${SCOPE.region}:${SCOPE.accountId}:registry/r-1`;
    agentcore
      .on(ListOnlineEvaluationConfigsCommand)
      .resolves({ onlineEvaluationConfigs: [{ onlineEvaluationConfigId: 'q-1', onlineEvaluationConfigArn: configArn }] as never });
    agentcore
      .on(GetOnlineEvaluationConfigCommand, { onlineEvaluationConfigId: 'q-1' })
      .resolves({ onlineEvaluationConfigArn: configArn, executionStatus: 'ENABLED' } as never);
    agentcore.on(ListRegistriesCommand).resolves({ registries: [{ registryId: 'r-1', registryArn }] as never });
    agentcore
      .on(GetRegistryCommand, { registryId: 'r-1' })
      .resolves({ registryArn, approvalConfiguration: { autoApproval: true } } as never);
    const evaluations = await agentCoreOnlineEvaluations.collect(mockedContext());
    const registries = await agentCoreRegistries.collect(mockedContext());
    expect(byId(evaluations.records)).toEqual({ [configArn]: { onlineEvaluationConfigArn: configArn, executionStatus: 'ENABLED' } });
    expect(byId(registries.records)).toEqual({ [registryArn]: { registryArn, approvalConfiguration: { autoApproval: true } } });
    expect([evaluations.coverage.status, registries.coverage.status]).toEqual(['COMPLETE', 'COMPLETE']);
  });
});

describe('the ecr.repositories collector', () => {
  const arn = (name: string) => `arn:aws:ecr:${SCOPE.region}:${SCOPE.accountId}:repository/${name}`;
  const repository = (name: string) => ({
    repositoryArn: arn(name),
    repositoryName: name,
    registryId: SCOPE.accountId,
    imageTagMutability: 'IMMUTABLE' as const,
  });

  it('keeps the registry scanning configuration, every repository and each policy, with "no policy" as evidence', async () => {
    ecr
      .on(GetRegistryScanningConfigurationCommand)
      .resolves({ registryId: SCOPE.accountId, scanningConfiguration: { scanType: 'ENHANCED', rules: [] } });
    ecr
      .on(DescribeRepositoriesCommand)
      .resolvesOnce({ repositories: [repository('a')], nextToken: 't' })
      .resolves({ repositories: [repository('b')] });
    ecr.on(GetRepositoryPolicyCommand, { repositoryName: 'a' }).resolves({ repositoryName: 'a', policyText: '{}' });
    ecr.on(GetRepositoryPolicyCommand, { repositoryName: 'b' }).rejects(ecrError('RepositoryPolicyNotFoundException'));
    const result = await ecrRepositories.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 5, errors: [] });
    expect(result.records.map((r) => `${r.resource.type} ${r.resource.id}`).sort()).toEqual(
      [
        `AWS::ECR::RegistryScanningConfiguration ${registryScanningId(SCOPE)}`,
        `AWS::ECR::Repository ${arn('a')}`,
        `AWS::ECR::Repository ${arn('b')}`,
        `AWS::ECR::RepositoryPolicy ${arn('a')}`,
        `AWS::ECR::RepositoryPolicy ${arn('b')}`,
      ].sort(),
    );
    expect(result.records.find((r) => r.resource.type === 'AWS::ECR::RepositoryPolicy' && r.resource.id === arn('b'))?.data).toMatchObject({
      ErrorCode: 'RepositoryPolicyNotFoundException',
    });
  });

  it('names the repository whose policy was refused, and FAILS the scope when repositories cannot be listed', async () => {
    ecr.on(GetRegistryScanningConfigurationCommand).resolves({ scanningConfiguration: { scanType: 'BASIC', rules: [] } });
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [repository('a'), { repositoryName: 'nameless-arn' }] });
    ecr.on(GetRepositoryPolicyCommand).rejects(ecrError('AccessDeniedException'));
    const partial = await ecrRepositories.collect(mockedContext());
    expect(partial.coverage.errors.map((e) => `${e.operation} ${e.kind} ${e.resourceId ?? '-'}`).sort()).toEqual([
      'DescribeRepositories INVALID_RESPONSE -',
      `GetRepositoryPolicy ACCESS_DENIED ${arn('a')}`,
    ]);
    ecr.reset();
    ecr.on(DescribeRepositoriesCommand).rejects(ecrError('AccessDeniedException'));
    ecr.on(GetRegistryScanningConfigurationCommand).resolves({ scanningConfiguration: { scanType: 'BASIC' } });
    expect((await ecrRepositories.collect(mockedContext())).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'DescribeRepositories' }],
    });
  });
});

describe('the inspector2 collectors', () => {
  it("asks for the scope's own account status and keeps the answer as one record", async () => {
    inspector
      .on(BatchGetAccountStatusCommand)
      .resolves({ accounts: [{ accountId: SCOPE.accountId, state: { status: 'ENABLED' } } as never] });
    const result = await inspectorAccountStatus.collect(mockedContext());
    expect(inspector).toReceiveCommandWith(BatchGetAccountStatusCommand, { accountIds: [SCOPE.accountId] });
    expect(result.records.map((r) => r.resource.id)).toEqual([inspectorStatusId(SCOPE)]);
    inspector.reset();
    inspector.on(BatchGetAccountStatusCommand).resolves({});
    expect((await inspectorAccountStatus.collect(mockedContext())).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ kind: 'INVALID_RESPONSE' }],
    });
  });

  it('lists active critical and high image findings with the filter, and says when it stopped at the limit', async () => {
    const page = (from: number, next?: string) => ({
      findings: Array.from({ length: 100 }, (_, i) => ({
        findingArn: `arn:aws:inspector2:${SCOPE.region}:${SCOPE.accountId}:finding/${from + i}`,
      })) as never,
      ...(next === undefined ? {} : { nextToken: next }),
    });
    const list = inspector.on(ListFindingsCommand);
    for (let n = 0; n < 11; n++) list.resolvesOnce(page(n * 100, `t${n}`));
    const result = await inspectorImageFindings.collect(mockedContext());
    expect(inspector).toReceiveCommandWith(ListFindingsCommand, { filterCriteria: IMAGE_FINDINGS_FILTER });
    expect(result.records).toHaveLength(1000);
    expect(result.coverage.errors).toMatchObject([{ operation: 'ListFindings', code: 'FindingLimitReached' }]);
  });
});
