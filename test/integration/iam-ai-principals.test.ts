/**
 * The permissions of the IAM principals AI workloads act as, against moto server over HTTP: agents
 * created in moto's Bedrock Agents, their service roles in moto's IAM, read by the real collectors
 * with the real SDK clients, and judged by bedrock_agent_role_least_privilege and
 * iam_bedrock_api_key_holder_not_admin. moto 5.2.1 has no ListServiceSpecificCredentials (Bedrock
 * API keys) and holds no AWS managed policies unless its server loads them: the key holders are a
 * gap (INSUFFICIENT_EVIDENCE, never PASS), and AWS managed attachments and groups are covered by the
 * SDK-mock unit tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockAgentClient, CreateAgentCommand } from '@aws-sdk/client-bedrock-agent';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedrockAgents } from '../../lib/collectors/bedrock-agents.js';
import { awsClients } from '../../lib/collectors/clients.js';
import { iamAiPrincipalPermissions } from '../../lib/collectors/iam-ai-principal-permissions.js';
import { iamBedrockApiKeys } from '../../lib/collectors/iam-bedrock-api-keys.js';
import { iamInlinePolicies } from '../../lib/collectors/iam-inline-policies.js';
import type { ClientProvider, CollectorContext } from '../../lib/collectors/types.js';
import { control as agentRoleLeastPrivilege } from '../../lib/controls/bedrock_agent_role_least_privilege.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import { control as keyHolderNotAdmin } from '../../lib/controls/iam_bedrock_api_key_holder_not_admin.js';
import { sealEvidence } from '../../lib/evidence/record.js';
import { acceptMotoTimestamps } from './bedrock-moto-compat.js';
import { endpoint, freshAccount, type MotoAccount, moto, motoEnvironment, setEnv, skipReason } from './moto.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const US = 'us-east-1';
const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const trust = (service: string) => doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });

function context(account: MotoAccount, clients: ClientProvider): CollectorContext {
  return { accountId: account.accountId, region: US, clients, now: () => NOW };
}

describe.skipIf(moto.endpoint === null)(`IAM permissions of AI principals against moto server${skipReason}`, () => {
  let restoreEnv: () => void = () => {};
  let scratch = '';

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-moto-principals-'));
    restoreEnv = setEnv(motoEnvironment(await freshAccount(), US, scratch));
  });

  afterAll(async () => {
    restoreEnv();
    await rm(scratch, { recursive: true, force: true });
  });

  it("reads the service roles of agents (only roles Bedrock may assume) with their policies, and judges each agent's role", async () => {
    // Prepare
    const account = await freshAccount();
    const config = { endpoint: endpoint(), region: US, credentials: account.credentials };
    const iam = new IAMClient(config);
    const agents = acceptMotoTimestamps(new BedrockAgentClient(config));
    for (const name of ['NarrowAgentRole', 'WideAgentRole']) {
      await iam.send(
        new CreateRoleCommand({ RoleName: name, Path: '/service-role/', AssumeRolePolicyDocument: trust('bedrock.amazonaws.com') }),
      );
    }
    await iam.send(new CreateRoleCommand({ RoleName: 'InvokerLambda', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
    const narrow = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'AgentRetrieve',
        PolicyDocument: doc([
          { Effect: 'Allow', Action: 'bedrock:Retrieve', Resource: `arn:aws:bedrock:${US}:${account.accountId}:knowledge-base/KB1` },
        ]),
      }),
    );
    const wide = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'AgentEverything',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }]),
      }),
    );
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'NarrowAgentRole', PolicyArn: narrow.Policy?.Arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'WideAgentRole', PolicyArn: wide.Policy?.Arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'InvokerLambda', PolicyArn: wide.Policy?.Arn }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'NarrowAgentRole',
        PolicyName: 'invoke-own-model',
        PolicyDocument: doc([
          {
            Effect: 'Allow',
            Action: 'bedrock:InvokeModel',
            Resource: `arn:aws:bedrock:${US}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`,
          },
        ]),
      }),
    );
    const roleArn = (name: string) => `arn:aws:iam::${account.accountId}:role/service-role/${name}`;
    const created = new Map<string, string>();
    for (const [agentName, role] of [
      ['support-chatbot', 'NarrowAgentRole'],
      ['claims-triage', 'WideAgentRole'],
      ['orphan', 'DeletedAgentRole'],
    ] as const) {
      const out = await agents.send(
        new CreateAgentCommand({
          agentName,
          agentResourceRoleArn: roleArn(role),
          foundationModel: 'anthropic.claude-3-haiku-20240307-v1:0',
        }),
      );
      created.set(agentName, String(out.agent?.agentArn));
    }
    const clients = awsClients({ credentials: async () => account.credentials });
    acceptMotoTimestamps(clients.client('bedrock-agent', US));

    // Act
    const results = [];
    for (const collector of [bedrockAgents, iamAiPrincipalPermissions, iamInlinePolicies, iamBedrockApiKeys]) {
      results.push(await collector.collect(context(account, clients)));
    }
    const [agentRead, permissions] = results;
    const findings = evaluate([agentRoleLeastPrivilege, keyHolderNotAdmin], {
      scopes: [{ accountId: account.accountId, region: US }],
      evaluatedAt: NOW.toISOString(),
      evidence: results.flatMap((r) => r.records.map(sealEvidence)),
      coverage: results.map((r) => r.coverage),
    });

    // Assess
    expect(agentRead?.coverage).toMatchObject({ status: 'COMPLETE', records: 3 });
    // The Lambda role does not trust Bedrock: not read. Each attached document is read once.
    expect(permissions?.records.map((r) => `${r.source.operation} ${r.resource.id}`).sort()).toEqual(
      [
        `GetPolicyVersion ${narrow.Policy?.Arn}`,
        `GetPolicyVersion ${wide.Policy?.Arn}`,
        `ListAttachedRolePolicies ${roleArn('NarrowAgentRole')}`,
        `ListAttachedRolePolicies ${roleArn('WideAgentRole')}`,
      ].sort(),
    );
    // moto has no ListServiceSpecificCredentials: the only error, and one that concerns no role.
    expect(permissions?.coverage.errors.map((e) => e.operation)).toEqual(['ListServiceSpecificCredentials']);
    const statusOf = (agentName: string) =>
      findings.find((f) => f.controlId === 'bedrock_agent_role_least_privilege' && f.resource.id === created.get(agentName));
    expect(statusOf('support-chatbot')?.status).toBe('PASS');
    expect(statusOf('claims-triage')).toMatchObject({ status: 'FAIL' });
    expect(statusOf('claims-triage')?.reason).toContain('AgentEverything');
    expect(statusOf('orphan')?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findings.filter((f) => f.controlId === 'iam_bedrock_api_key_holder_not_admin').map((f) => f.status)).toEqual([
      'INSUFFICIENT_EVIDENCE',
    ]);
  });
});
