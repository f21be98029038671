/**
 * The supporting area's collectors against moto server over HTTP, with the real SDK clients of
 * awsClients(), and the controls over what they read. moto 5.2.1 implements IAM, GuardDuty
 * detectors and AgentCore runtimes, gateways and memories, and these are checked end to end. What
 * it lacks or gets wrong is asserted as the coverage gap it becomes (INSUFFICIENT_EVIDENCE, never
 * PASS): GuardDuty ListFindings, AgentCore browsers and code interpreters, Macie DescribeBuckets and
 * ListClassificationJobs, IAM ListServiceSpecificCredentials, and a GetMacieSession answer whose timestamps the SDK rejects. moto also
 * holds no AWS managed IAM policies unless its server loads them, so none can be attached. The
 * SDK-mock unit tests in test/collectors cover all of these.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BedrockAgentCoreControlClient,
  CreateAgentRuntimeCommand,
  CreateGatewayCommand,
  CreateMemoryCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import {
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportingCollectors } from '../../lib/collectors/area-supporting.js';
import { awsClients } from '../../lib/collectors/clients.js';
import type { ClientProvider, Collector, CollectorContext, CollectorResult } from '../../lib/collectors/types.js';
import { supportingControls } from '../../lib/controls/area-supporting.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import type { Finding } from '../../lib/controls/types.js';
import { sealEvidence } from '../../lib/evidence/record.js';
import { endpoint, freshAccount, type MotoAccount, moto, motoEnvironment, setEnv, skipReason } from './moto.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const US = 'us-east-1';
const EU = 'eu-west-1';

const byId = (id: string): Collector => {
  const found = supportingCollectors.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no collector ${id}`);
  return found;
};

function context(account: MotoAccount, region: string): CollectorContext {
  const clients: ClientProvider = awsClients({ credentials: async () => account.credentials });
  return { accountId: account.accountId, region, clients, now: () => NOW };
}

function seed(account: MotoAccount, region: string) {
  const config = { endpoint: endpoint(), region, credentials: account.credentials };
  return {
    iam: new IAMClient(config),
    agentcore: new BedrockAgentCoreControlClient(config),
    guardduty: new GuardDutyClient(config),
    macie: new Macie2Client(config),
  };
}

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

/** Runs every supporting collector in the scopes and the supporting controls over the result. */
async function assess(account: MotoAccount, regions: string[]): Promise<{ results: CollectorResult[]; findings: Finding[] }> {
  const results: CollectorResult[] = [];
  for (const region of regions)
    for (const collector of supportingCollectors) results.push(await collector.collect(context(account, region)));
  const findings = evaluate(supportingControls, {
    scopes: regions.map((region) => ({ accountId: account.accountId, region })),
    evaluatedAt: NOW.toISOString(),
    evidence: results.flatMap((r) => r.records.map(sealEvidence)),
    coverage: results.map((r) => r.coverage),
  });
  return { results, findings };
}

const statusOf = (findings: Finding[], control: string, resourceEnd = '') =>
  findings.filter((f) => f.controlId === control && f.resource.id.endsWith(resourceEnd)).map((f) => f.status);

describe.skipIf(moto.endpoint === null)(`supporting collectors against moto server${skipReason}`, () => {
  let restoreEnv: () => void = () => {};
  let scratch = '';

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-moto-supporting-'));
    restoreEnv = setEnv(motoEnvironment(await freshAccount(), US, scratch));
  });

  afterAll(async () => {
    restoreEnv();
    await rm(scratch, { recursive: true, force: true });
  });

  it('IAM: reads attached customer managed policies and inline policies once, in us-east-1, and judges them', async () => {
    const account = await freshAccount();
    const { iam } = seed(account, US);
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await iam.send(new CreateRoleCommand({ RoleName: 'data-science', AssumeRolePolicyDocument: trust }));
    const wildcard = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'AcmeDataScienceAdmin',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }]),
      }),
    );
    const guarded = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'AcmeInvokeGuarded',
        PolicyDocument: doc([
          {
            Effect: 'Allow',
            Action: 'bedrock:InvokeModel',
            Resource: '*',
            Condition: { StringEquals: { 'bedrock:GuardrailIdentifier': 'arn:aws:bedrock:us-east-1:1:guardrail/g:1' } },
          },
        ]),
      }),
    );
    await iam.send(
      new CreatePolicyCommand({ PolicyName: 'Unattached', PolicyDocument: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) }),
    );
    for (const arn of [wildcard.Policy?.Arn, guarded.Policy?.Arn])
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'data-science', PolicyArn: arn }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'data-science',
        PolicyName: 'invoke-anything',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'bedrock:Invoke*', Resource: '*' }]),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'analyst' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'analyst',
        PolicyName: 'read-models',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'bedrock:Get*', Resource: '*' }]),
      }),
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'ml-admins' }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'ml-admins',
        PolicyName: 'all-ai',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['bedrock:*', 'sagemaker:*'], Resource: '*' }),
      }),
    );

    const managed = await byId('iam.customer-managed-policies').collect(context(account, US));
    const inline = await byId('iam.inline-policies').collect(context(account, US));
    const elsewhere = await byId('iam.customer-managed-policies').collect(context(account, EU));

    // OnlyAttached: the unattached policy is not read.
    expect(managed.records.map((r) => r.resource.id).sort()).toEqual([guarded.Policy?.Arn, wildcard.Policy?.Arn].sort());
    expect(managed.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
    expect(typeof (managed.records[0]?.data.PolicyVersion as { Document?: unknown } | undefined)?.Document).toBe('string');
    const a = `arn:aws:iam::${account.accountId}`;
    expect(inline.records.map((r) => `${r.source.operation} ${r.resource.id}`).sort()).toEqual([
      `GetGroupPolicy ${a}:group/ml-admins#all-ai`,
      `GetRolePolicy ${a}:role/data-science#invoke-anything`,
      `GetUserPolicy ${a}:user/analyst#read-models`,
    ]);
    expect(elsewhere).toMatchObject({ records: [], coverage: { status: 'COMPLETE', region: EU } });

    const { findings } = await assess(account, [US, EU]);
    expect(statusOf(findings, 'iam_policy_no_full_ai_service_access', 'AcmeDataScienceAdmin')).toEqual(['FAIL']);
    expect(statusOf(findings, 'iam_policy_no_full_ai_service_access', 'AcmeInvokeGuarded')).toEqual(['PASS']);
    expect(statusOf(findings, 'iam_policy_no_full_ai_service_access', '#all-ai')).toEqual(['FAIL']);
    expect(statusOf(findings, 'iam_policy_model_invocation_requires_guardrail', 'AcmeInvokeGuarded')).toEqual(['PASS']);
    expect(statusOf(findings, 'iam_policy_model_invocation_requires_guardrail', '#invoke-anything')).toEqual(['FAIL']);
    expect(statusOf(findings, 'iam_policy_model_invocation_requires_guardrail', '#read-models')).toEqual(['NOT_APPLICABLE']);
    // moto 5.2.1 has no ListServiceSpecificCredentials (Bedrock API keys): a gap, not a pass.
    expect(statusOf(findings, 'iam_bedrock_api_key_not_long_term')).toEqual(['INSUFFICIENT_EVIDENCE']);
    // IAM is judged in us-east-1 only.
    expect(findings.filter((f) => f.controlId.startsWith('iam_') && f.region === EU)).toEqual([]);
  });

  it('IAM: moto holds no AWS managed policy (so none can be attached) and lists no holder for each: PASS, one record per policy', async () => {
    const account = await freshAccount();
    const result = await byId('iam.ai-full-access-attachments').collect(context(account, US));
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3, errors: [] });
    expect(result.records.map((r) => r.data)).toEqual(
      ['AmazonBedrockFullAccess', 'AmazonSageMakerFullAccess', 'BedrockAgentCoreFullAccess'].map((name) => ({
        PolicyArn: `arn:aws:iam::aws:policy/${name}`,
        PolicyGroups: [],
        PolicyUsers: [],
        PolicyRoles: [],
      })),
    );
    const { findings } = await assess(account, [US]);
    expect(statusOf(findings, 'iam_ai_full_access_policy_unattached')).toEqual(['PASS', 'PASS', 'PASS']);
  });

  it('AgentCore: reads runtimes, gateways and memories as moto creates them, and judges them', async () => {
    const account = await freshAccount();
    const { agentcore } = seed(account, US);
    const role = `arn:aws:iam::${account.accountId}:role/agentcore`;
    const key = `arn:aws:kms:${US}:${account.accountId}:key/0f0e0d0c-0b0a-4909-8807-060504030201`;
    const artifact = { containerConfiguration: { containerUri: `${account.accountId}.dkr.ecr.us-east-1.amazonaws.com/agent:1` } };
    await agentcore.send(
      new CreateAgentRuntimeCommand({
        agentRuntimeName: 'private_agent',
        roleArn: role,
        agentRuntimeArtifact: artifact,
        networkConfiguration: {
          networkMode: 'VPC',
          networkModeConfig: { subnets: ['subnet-0a1b2c3d4e5f60718'], securityGroups: ['sg-0a1b2c3d4e5f60718'] },
        },
      }),
    );
    await agentcore.send(
      new CreateAgentRuntimeCommand({
        agentRuntimeName: 'public_agent',
        roleArn: role,
        agentRuntimeArtifact: artifact,
        networkConfiguration: { networkMode: 'PUBLIC' },
      }),
    );
    await agentcore.send(
      new CreateGatewayCommand({
        name: 'open-gateway',
        roleArn: role,
        protocolType: 'MCP',
        authorizerType: 'NONE',
        exceptionLevel: 'DEBUG',
      }),
    );
    await agentcore.send(
      new CreateGatewayCommand({ name: 'iam-gateway', roleArn: role, protocolType: 'MCP', authorizerType: 'AWS_IAM', kmsKeyArn: key }),
    );
    await agentcore.send(new CreateMemoryCommand({ name: 'encrypted_memory', eventExpiryDuration: 30, encryptionKeyArn: key }));
    await agentcore.send(new CreateMemoryCommand({ name: 'plain_memory', eventExpiryDuration: 30 }));

    const runtimes = await byId('bedrock-agentcore.runtimes').collect(context(account, US));
    expect(runtimes.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
    expect(runtimes.records.map((r) => (r.data.networkConfiguration as { networkMode: string }).networkMode).sort()).toEqual([
      'PUBLIC',
      'VPC',
    ]);

    const { findings, results } = await assess(account, [US]);
    const coverage = (id: string) => results.find((r) => r.coverage.collector === id)?.coverage;
    expect(coverage('bedrock-agentcore.gateways')).toMatchObject({ status: 'COMPLETE', records: 2 });
    expect(coverage('bedrock-agentcore.memories')).toMatchObject({ status: 'COMPLETE', records: 2 });
    const verdicts = (control: string) =>
      findings
        .filter((f) => f.controlId === control)
        .map((f) => f.status)
        .sort();
    expect(verdicts('agentcore_runtime_in_vpc')).toEqual(['FAIL', 'PASS']);
    expect(verdicts('agentcore_gateway_inbound_authorization_enabled')).toEqual(['FAIL', 'PASS']);
    expect(verdicts('agentcore_gateway_encrypted_with_cmk')).toEqual(['FAIL', 'PASS']);
    expect(verdicts('agentcore_gateway_debug_errors_disabled')).toEqual(['FAIL', 'PASS']);
    expect(verdicts('agentcore_memory_encrypted_with_cmk')).toEqual(['FAIL', 'PASS']);
    // moto has no browsers or code interpreters: a coverage gap, so INSUFFICIENT_EVIDENCE, never PASS.
    for (const id of ['bedrock-agentcore.browsers', 'bedrock-agentcore.code-interpreters']) expect(coverage(id)?.status).toBe('FAILED');
    expect(verdicts('agentcore_browser_not_public')).toEqual(['INSUFFICIENT_EVIDENCE']);
    expect(verdicts('agentcore_code_interpreter_in_vpc')).toEqual(['INSUFFICIENT_EVIDENCE']);
  });

  it('GuardDuty: reads the detector and its features; ListFindings, which moto lacks, is a gap', async () => {
    const account = await freshAccount();
    const { guardduty } = seed(account, US);
    await guardduty.send(
      new CreateDetectorCommand({
        Enable: true,
        Features: [
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'RUNTIME_MONITORING', Status: 'DISABLED' },
        ],
      }),
    );
    const { results, findings } = await assess(account, [US, EU]);
    const detectors = results.find((r) => r.coverage.collector === 'guardduty.detectors' && r.coverage.region === US);
    expect(detectors?.coverage).toMatchObject({ status: 'COMPLETE', records: 1 });
    expect(detectors?.records[0]?.data).toMatchObject({ Status: 'ENABLED' });
    const at = (control: string, region: string) => findings.find((f) => f.controlId === control && f.region === region)?.status;
    expect(at('guardduty_detector_enabled', US)).toBe('PASS');
    expect(at('guardduty_detector_enabled', EU)).toBe('FAIL');
    expect(at('guardduty_s3_protection_enabled', US)).toBe('PASS');
    expect(at('guardduty_runtime_monitoring_enabled', US)).toBe('FAIL');
    const gdFindings = results.find((r) => r.coverage.collector === 'guardduty.findings' && r.coverage.region === US)?.coverage;
    expect(gdFindings?.status).toBe('PARTIAL');
    expect(gdFindings?.errors[0]).toMatchObject({ operation: 'ListFindings' });
    expect(at('guardduty_no_high_severity_ai_findings', US)).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('Macie: moto answers GetMacieSession with timestamps the SDK refuses: a gap, never a verdict', async () => {
    const account = await freshAccount();
    const { macie } = seed(account, US);
    await macie.send(new EnableMacieCommand({ status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' }));
    const enabled = await assess(account, [US]);
    const session = (run: typeof enabled) => run.results.find((r) => r.coverage.collector === 'macie.session');
    // moto 5.2.1 writes createdAt without a time zone; the SDK rejects it as not RFC 3339.
    expect(session(enabled)?.records).toEqual([]);
    expect(session(enabled)?.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'GetMacieSession', message: expect.stringContaining('RFC-3339') }],
    });
    const at = (run: typeof enabled, control: string) => run.findings.find((f) => f.controlId === control)?.status;
    expect(at(enabled, 'macie_enabled')).toBe('INSUFFICIENT_EVIDENCE');
    expect(at(enabled, 'macie_training_data_bucket_in_classification_job')).toBe('INSUFFICIENT_EVIDENCE');
  });
});
