/**
 * The Bedrock collectors against moto server over HTTP, with the real SDK clients of awsClients().
 * moto 5.2.1 implements custom models, model customization jobs, agents and knowledge bases; it has
 * no guardrails, evaluation jobs, prompts, flows, imported models, batch inference jobs or knowledge base data sources (it answers those with an
 * HTML 500 page), which the collectors must report as coverage gaps, never as an empty region.
 * moto writes Bedrock timestamps in formats the SDK rejects; bedrock-moto-compat.ts repairs them in
 * the raw response (see there), and one test shows what the collectors report without the repair.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockClient, CreateModelCustomizationJobCommand } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient, CreateAgentCommand, CreateKnowledgeBaseCommand } from '@aws-sdk/client-bedrock-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedrockAgents } from '../../lib/collectors/bedrock-agents.js';
import { bedrockCustomModels } from '../../lib/collectors/bedrock-custom-models.js';
import { bedrockEvaluationJobs } from '../../lib/collectors/bedrock-evaluation-jobs.js';
import { bedrockFlows } from '../../lib/collectors/bedrock-flows.js';
import { bedrockGuardrails } from '../../lib/collectors/bedrock-guardrails.js';
import { bedrockImportedModels } from '../../lib/collectors/bedrock-imported-models.js';
import { bedrockKnowledgeBaseDataSources } from '../../lib/collectors/bedrock-knowledge-base-data-sources.js';
import { bedrockKnowledgeBases } from '../../lib/collectors/bedrock-knowledge-bases.js';
import { bedrockModelCustomizationJobs } from '../../lib/collectors/bedrock-model-customization-jobs.js';
import { bedrockModelInvocationJobs } from '../../lib/collectors/bedrock-model-invocation-jobs.js';
import { bedrockPrompts } from '../../lib/collectors/bedrock-prompts.js';
import { awsClients } from '../../lib/collectors/clients.js';
import { mapWithConcurrency } from '../../lib/collectors/concurrency.js';
import type { ClientProvider, CollectorContext } from '../../lib/collectors/types.js';
import { control as agentGuardrail } from '../../lib/controls/bedrock_agent_guardrail_attached.js';
import { control as idleTtl } from '../../lib/controls/bedrock_agent_idle_session_ttl_limited.js';
import { control as agentRoleNotShared } from '../../lib/controls/bedrock_agent_role_not_shared.js';
import { control as jobInVpc } from '../../lib/controls/bedrock_customization_job_in_vpc.js';
import { control as guardrailInRegion } from '../../lib/controls/bedrock_guardrail_configured_in_region.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import { sealEvidence } from '../../lib/evidence/record.js';
import { acceptMotoTimestamps } from './bedrock-moto-compat.js';
import { endpoint, freshAccount, type MotoAccount, moto, motoEnvironment, setEnv, skipReason } from './moto.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const US = 'us-east-1';
const EU = 'eu-west-1';

function context(account: MotoAccount, region: string, clients: ClientProvider): CollectorContext {
  return { accountId: account.accountId, region, clients, now: () => NOW };
}

/** The clients under test (awsClients(), endpoint from AWS_ENDPOINT_URL), with moto's timestamps repaired. */
function clientsFor(account: MotoAccount): ClientProvider {
  const clients = awsClients({ credentials: async () => account.credentials });
  for (const region of [US, EU]) {
    acceptMotoTimestamps(clients.client('bedrock', region));
    acceptMotoTimestamps(clients.client('bedrock-agent', region));
  }
  return clients;
}

function seed(account: MotoAccount, region: string) {
  const config = { endpoint: endpoint(), region, credentials: account.credentials };
  return { bedrock: acceptMotoTimestamps(new BedrockClient(config)), agent: acceptMotoTimestamps(new BedrockAgentClient(config)) };
}

const arn = (account: MotoAccount, kind: string, id: string) => `arn:aws:bedrock:${US}:${account.accountId}:${kind}/${id}`;

async function createJob(client: BedrockClient, account: MotoAccount, name: string, vpc: boolean): Promise<void> {
  await client.send(
    new CreateModelCustomizationJobCommand({
      jobName: name,
      customModelName: `${name}-model`,
      roleArn: `arn:aws:iam::${account.accountId}:role/BedrockCustomization`,
      baseModelIdentifier: 'amazon.titan-text-express-v1',
      trainingDataConfig: { s3Uri: 's3://acme-claims-training/train.jsonl' },
      outputDataConfig: { s3Uri: 's3://acme-claims-training/output/' },
      hyperParameters: { epochCount: '1' },
      ...(vpc ? { vpcConfig: { subnetIds: ['subnet-0a1b2c3d4e5f60718'], securityGroupIds: ['sg-0a1b2c3d4e5f60718'] } } : {}),
    }),
  );
}

describe.skipIf(moto.endpoint === null)(`Bedrock collectors against moto server${skipReason}`, () => {
  let restoreEnv: () => void = () => {};
  let scratch = '';

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-moto-bedrock-'));
    restoreEnv = setEnv(motoEnvironment(await freshAccount(), US, scratch));
  });

  afterAll(async () => {
    restoreEnv();
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads every model customization job and custom model over two pages, and judges the jobs VPC', async () => {
    // Prepare: 101 jobs, one page of 100 and one of 1; each job makes a custom model.
    const account = await freshAccount();
    const { bedrock } = seed(account, US);
    const names = Array.from({ length: 101 }, (_, i) => `tune-${String(i).padStart(3, '0')}`);
    await mapWithConcurrency(names, 8, (name) => createJob(bedrock, account, name, name !== 'tune-000'));
    const clients = clientsFor(account);
    const listCalls: string[] = [];
    clients.client('bedrock', US).middlewareStack.add(
      (next, ctx) => async (args) => {
        if (String(ctx.commandName).startsWith('List')) listCalls.push(String(ctx.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordListCalls' },
    );
    // Act
    const jobs = await bedrockModelCustomizationJobs.collect(context(account, US, clients));
    const models = await bedrockCustomModels.collect(context(account, US, clients));
    // Assess
    // 100 a page: two listing calls each.
    expect(listCalls).toEqual([
      'ListModelCustomizationJobsCommand',
      'ListModelCustomizationJobsCommand',
      'ListCustomModelsCommand',
      'ListCustomModelsCommand',
    ]);
    expect(jobs.coverage).toMatchObject({ status: 'COMPLETE', records: 101, errors: [] });
    expect(models.coverage).toMatchObject({ status: 'COMPLETE', records: 101, errors: [] });
    expect(new Set(jobs.records.map((r) => r.resource.id))).toEqual(new Set(names.map((n) => arn(account, 'model-customization-job', n))));
    expect(new Set(models.records.map((r) => r.resource.id))).toEqual(
      new Set(names.map((n) => arn(account, 'custom-model', `${n}-model`))),
    );
    const open = jobs.records.find((r) => r.data.jobName === 'tune-000');
    expect(open).toMatchObject({
      source: { collector: 'bedrock.model-customization-jobs', service: 'bedrock', operation: 'GetModelCustomizationJob' },
      resource: { type: 'AWS::Bedrock::ModelCustomizationJob' },
      collectedAt: NOW.toISOString(),
    });
    expect(open?.data).not.toHaveProperty('vpcConfig');
    const findings = evaluate([jobInVpc], {
      scopes: [{ accountId: account.accountId, region: US }],
      evaluatedAt: NOW.toISOString(),
      evidence: jobs.records.map(sealEvidence),
      coverage: [jobs.coverage],
    });
    expect(findings.filter((f) => f.status === 'FAIL').map((f) => f.resource.id)).toEqual([
      arn(account, 'model-customization-job', 'tune-000'),
    ]);
    expect(findings.filter((f) => f.status === 'PASS')).toHaveLength(100);
  });

  it('reads agents and judges their roles, idle TTL and guardrail, the missing guardrails API making the guardrail unconfirmable', async () => {
    // Prepare
    const account = await freshAccount();
    const { agent } = seed(account, US);
    const role = (name: string) => `arn:aws:iam::${account.accountId}:role/${name}`;
    const created = [];
    for (const [name, roleName, ttl] of [
      ['support-chatbot', 'SupportAgentRole', 600],
      ['claims-triage', 'ClaimsAgentsRole', 3600],
      ['claims-intake', 'ClaimsAgentsRole', 900],
    ] as const) {
      const out = await agent.send(
        new CreateAgentCommand({
          agentName: name,
          agentResourceRoleArn: role(roleName),
          idleSessionTTLInSeconds: ttl,
          foundationModel: 'anthropic.claude-3-haiku-20240307-v1:0',
        }),
      );
      created.push(out.agent?.agentArn);
    }
    const clients = clientsFor(account);
    const scope = { accountId: account.accountId, region: US };
    // Act
    const agents = await bedrockAgents.collect(context(account, US, clients));
    const guardrails = await bedrockGuardrails.collect(context(account, US, clients));
    const findings = evaluate([agentRoleNotShared, idleTtl, agentGuardrail, guardrailInRegion], {
      scopes: [scope],
      evaluatedAt: NOW.toISOString(),
      evidence: [...agents.records, ...guardrails.records].map(sealEvidence),
      coverage: [agents.coverage, guardrails.coverage],
    });
    // Assess
    expect(agents.coverage).toMatchObject({ status: 'COMPLETE', records: 3, errors: [] });
    expect(new Set(agents.records.map((r) => r.resource.id))).toEqual(new Set(created));
    const byName = (control: string, name: string) =>
      findings.find(
        (f) =>
          f.controlId === control &&
          f.resource.id === agents.records.find((r) => (r.data.agent as { agentName: string }).agentName === name)?.resource.id,
      )?.status;
    expect(byName('bedrock_agent_role_not_shared', 'support-chatbot')).toBe('PASS');
    expect(byName('bedrock_agent_role_not_shared', 'claims-triage')).toBe('FAIL');
    expect(byName('bedrock_agent_role_not_shared', 'claims-intake')).toBe('FAIL');
    expect(byName('bedrock_agent_idle_session_ttl_limited', 'support-chatbot')).toBe('PASS');
    expect(byName('bedrock_agent_idle_session_ttl_limited', 'claims-triage')).toBe('FAIL');
    // moto creates agents without a guardrail: FAIL whatever the guardrail listing says.
    expect(findings.filter((f) => f.controlId === 'bedrock_agent_guardrail_attached').map((f) => f.status)).toEqual([
      'FAIL',
      'FAIL',
      'FAIL',
    ]);
    // moto has no ListGuardrails: a gap, not "no guardrail".
    expect(guardrails.coverage.status).toBe('FAILED');
    expect(guardrails.coverage.errors).toEqual([expect.objectContaining({ operation: 'ListGuardrails' })]);
    expect(findings.find((f) => f.controlId === 'bedrock_guardrail_configured_in_region')?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('reads knowledge bases, and reports their data sources, which moto cannot list, as gaps naming each knowledge base', async () => {
    // Prepare
    const account = await freshAccount();
    const { agent } = seed(account, US);
    const out = await agent.send(
      new CreateKnowledgeBaseCommand({
        name: 'policy-documents',
        roleArn: `arn:aws:iam::${account.accountId}:role/KnowledgeBaseRole`,
        knowledgeBaseConfiguration: {
          type: 'VECTOR',
          vectorKnowledgeBaseConfiguration: { embeddingModelArn: `arn:aws:bedrock:${US}::foundation-model/amazon.titan-embed-text-v2:0` },
        },
        storageConfiguration: {
          type: 'OPENSEARCH_SERVERLESS',
          opensearchServerlessConfiguration: {
            collectionArn: `arn:aws:aoss:${US}:${account.accountId}:collection/kb`,
            vectorIndexName: 'kb-index',
            fieldMapping: { vectorField: 'vector', textField: 'text', metadataField: 'metadata' },
          },
        },
      }),
    );
    const id = out.knowledgeBase?.knowledgeBaseId ?? '';
    // Act
    const bases = await bedrockKnowledgeBases.collect(context(account, US, clientsFor(account)));
    const result = await bedrockKnowledgeBaseDataSources.collect(context(account, US, clientsFor(account)));
    // Assess
    expect(bases.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(bases.records[0]).toMatchObject({
      source: { collector: 'bedrock.knowledge-bases', service: 'bedrock-agent', operation: 'GetKnowledgeBase' },
      resource: { type: 'AWS::Bedrock::KnowledgeBase', id: arn(account, 'knowledge-base', id) },
      data: { knowledgeBase: { knowledgeBaseId: id, name: 'policy-documents' } },
    });
    expect(result.records).toEqual([]);
    expect(result.coverage.status).toBe('PARTIAL');
    expect(result.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'ListDataSources', resourceId: arn(account, 'knowledge-base', id) }),
    ]);
  });

  it('gives COMPLETE coverage and no records for a region without custom models, jobs or agents', async () => {
    // Prepare
    const account = await freshAccount();
    const clients = clientsFor(account);
    // Act
    const results = await Promise.all(
      [bedrockCustomModels, bedrockModelCustomizationJobs, bedrockAgents, bedrockKnowledgeBaseDataSources].map((c) =>
        c.collect(context(account, EU, clients)),
      ),
    );
    // Assess
    for (const result of results) expect(result.coverage).toMatchObject({ region: EU, status: 'COMPLETE', records: 0, errors: [] });
  });

  it('reports the answers the SDK cannot parse (moto timestamps, without the repair) as FAILED coverage, not as an empty region', async () => {
    // Prepare
    const account = await freshAccount();
    await createJob(seed(account, US).bedrock, account, 'tune-unparsable', true);
    // Act
    const result = await bedrockModelCustomizationJobs.collect(
      context(account, US, awsClients({ credentials: async () => account.credentials })),
    );
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListModelCustomizationJobs' }] });
    expect(result.coverage.errors[0]?.message).toContain('RFC-3339');
  });

  it.each([
    ['bedrock.guardrails', bedrockGuardrails, 'ListGuardrails'],
    ['bedrock.evaluation-jobs', bedrockEvaluationJobs, 'ListEvaluationJobs'],
    ['bedrock.prompts', bedrockPrompts, 'ListPrompts'],
    ['bedrock.flows', bedrockFlows, 'ListFlows'],
    ['bedrock.imported-models', bedrockImportedModels, 'ListImportedModels'],
    ['bedrock.model-invocation-jobs', bedrockModelInvocationJobs, 'ListModelInvocationJobs'],
  ])('reports %s, which moto does not implement, as FAILED coverage naming the call', async (_id, collector, operation) => {
    // Prepare
    const account = await freshAccount();
    // Act
    const result = await collector.collect(context(account, US, clientsFor(account)));
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage.status).toBe('FAILED');
    expect(result.coverage.errors).toEqual([expect.objectContaining({ operation })]);
  });
});
