/**
 * The ECR and Inspector collectors of the AgentCore runtime-image controls against moto server over
 * HTTP, with the real SDK clients of awsClients(). moto 5.2.1 implements AgentCore runtimes, ECR
 * repositories, repository policies and the registry scanning configuration, and Inspector2's
 * BatchGetAccountStatus (with no entry for an account never enabled); the AgentCore token vault,
 * resource policies, online evaluations and registries it lacks (HTTP 500) are asserted as the gaps
 * they become (never PASS). SDK-mock unit tests in
 * test/collectors and test/controls cover the rest.
 */
import { BedrockAgentCoreControlClient, CreateAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { CreateRepositoryCommand, ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { CLIENT_CLASSES, clientProvider, retrySettings } from '../../lib/collectors/clients.js';
import { collectors } from '../../lib/collectors/index.js';
import type { Collector, CollectorContext } from '../../lib/collectors/types.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import { catalog } from '../../lib/controls/index.js';
import { sealEvidence } from '../../lib/evidence/record.js';
import { endpoint, freshAccount, type MotoAccount, moto, skipReason } from './moto.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const US = 'us-east-1';

const byId = (id: string): Collector => {
  const found = collectors.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no collector ${id}`);
  return found;
};

function context(account: MotoAccount): CollectorContext {
  const clients = clientProvider(
    (service, region) =>
      new CLIENT_CLASSES[service]({ region, endpoint: endpoint(), credentials: account.credentials, ...retrySettings({}) }),
  );
  return { accountId: account.accountId, region: US, clients, now: () => NOW };
}

async function judge(account: MotoAccount, ids: readonly string[]) {
  const results = await Promise.all(ids.map((id) => byId(id).collect(context(account))));
  const controls = catalog.filter((c) => c.collectors.every((id) => ids.includes(id)));
  const findings = evaluate(controls, {
    scopes: [{ accountId: account.accountId, region: US }],
    evaluatedAt: NOW.toISOString(),
    evidence: results.flatMap((r) => r.records.map(sealEvidence)),
    coverage: results.map((r) => r.coverage),
  });
  const verdict = (control: string, resource: string) => findings.find((f) => f.controlId === control && f.resource.id === resource);
  return { results, findings, verdict };
}

describe.skipIf(moto.endpoint === null)(`AgentCore runtime images, ECR and Inspector against moto${skipReason}`, () => {
  it('joins each runtime to the repository its image is in, and judges the repository moto holds', async () => {
    const account = await freshAccount();
    const config = { endpoint: endpoint(), region: US, credentials: account.credentials };
    const agentcore = new BedrockAgentCoreControlClient(config);
    const ecr = new ECRClient(config);
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'locked-agent',
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: {
          encryptionType: 'KMS',
          kmsKey: `arn:aws:kms:${US}:${account.accountId}:key/1b2c3d4e-1111-2222-3333-444455556666`,
        },
      }),
    );
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'open-agent' }));
    await ecr.send(
      new SetRepositoryPolicyCommand({
        repositoryName: 'open-agent',
        policyText: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
        }),
      }),
    );
    const runtime = async (name: string, repository: string) =>
      (
        await agentcore.send(
          new CreateAgentRuntimeCommand({
            agentRuntimeName: name,
            roleArn: `arn:aws:iam::${account.accountId}:role/agentcore`,
            agentRuntimeArtifact: {
              containerConfiguration: { containerUri: `${account.accountId}.dkr.ecr.${US}.amazonaws.com/${repository}:v1` },
            },
            networkConfiguration: { networkMode: 'PUBLIC' },
          }),
        )
      ).agentRuntimeArn as string;
    const locked = await runtime('locked_agent', 'locked-agent');
    const open = await runtime('open_agent', 'open-agent');

    const { results, verdict } = await judge(account, ['bedrock-agentcore.runtimes', 'ecr.repositories']);
    expect(results.map((r) => [r.coverage.status, r.coverage.errors])).toEqual([
      ['COMPLETE', []],
      ['COMPLETE', []],
    ]);
    expect(verdict('ecr_runtime_image_repository_encrypted_with_cmk', locked)?.status).toBe('PASS');
    expect(verdict('ecr_runtime_image_repository_encrypted_with_cmk', open)?.status).toBe('FAIL');
    expect(verdict('ecr_runtime_image_tag_immutable', locked)?.status).toBe('PASS');
    expect(verdict('ecr_runtime_image_tag_immutable', open)?.status).toBe('FAIL');
    expect(verdict('ecr_runtime_image_repository_policy_not_public', locked)?.status).toBe('PASS');
    expect(verdict('ecr_runtime_image_repository_policy_not_public', open)).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('Anyone'),
    });
    expect(verdict('agentcore_runtime_image_from_account_ecr', open)?.status).toBe('PASS');
  });

  it("reads Inspector's account status; the AgentCore APIs moto lacks are gaps, and their controls never pass", async () => {
    const account = await freshAccount();
    const agentcore = new BedrockAgentCoreControlClient({ endpoint: endpoint(), region: US, credentials: account.credentials });
    const arn = (
      await agentcore.send(
        new CreateAgentRuntimeCommand({
          agentRuntimeName: 'policy_agent',
          roleArn: `arn:aws:iam::${account.accountId}:role/agentcore`,
          agentRuntimeArtifact: { containerConfiguration: { containerUri: `${account.accountId}.dkr.ecr.${US}.amazonaws.com/a:1` } },
          networkConfiguration: { networkMode: 'PUBLIC' },
        }),
      )
    ).agentRuntimeArn as string;
    const ids = [
      'inspector2.account-status',
      'bedrock-agentcore.token-vault',
      'bedrock-agentcore.resource-policies',
      'bedrock-agentcore.online-evaluations',
      'bedrock-agentcore.registries',
    ];
    const { results, findings } = await judge(account, ids);
    const summary = Object.fromEntries(results.map((r) => [r.coverage.collector, r.coverage.status]));
    // moto answers BatchGetAccountStatus with no entry for an account Inspector was never enabled in
    // (AWS lists it with every state DISABLED): the controls then cannot judge it.
    expect(summary['inspector2.account-status']).toBe('COMPLETE');
    expect(results[0]?.records[0]?.data).toEqual({ accounts: [], failedAccounts: [] });
    // moto 5.2.1 has no GetResourcePolicy: the runtime is named as unread.
    expect(results[2]?.coverage).toMatchObject({ status: 'PARTIAL', errors: [{ operation: 'GetResourcePolicy', resourceId: arn }] });
    for (const id of ['bedrock-agentcore.token-vault', 'bedrock-agentcore.online-evaluations', 'bedrock-agentcore.registries']) {
      expect(summary[id], id).toBe('FAILED');
    }
    expect(findings.filter((f) => f.status === 'PASS').map((f) => f.controlId)).toEqual([]);
    expect(findings.find((f) => f.controlId === 'agentcore_runtime_resource_policy_not_public' && f.resource.id === arn)?.status).toBe(
      'INSUFFICIENT_EVIDENCE',
    );
  });
});
