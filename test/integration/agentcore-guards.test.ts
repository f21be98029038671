/**
 * The collectors of issue 14's AgentCore guards and notebook lifecycle scan against moto server
 * over HTTP, with the real SDK clients of awsClients(). moto 5.2.1 implements AgentCore runtimes and
 * gateways, the CloudWatch Logs delivery APIs and DescribeLogGroups, and
 * DescribeNotebookInstanceLifecycleConfig; it lacks AgentCore Policy engines and
 * ListNotebookInstanceLifecycleConfigs, which are asserted as the coverage gaps they become
 * (INSUFFICIENT_EVIDENCE, never PASS). The SDK-mock unit tests in test/collectors cover the rest.
 */
import { BedrockAgentCoreControlClient, CreateAgentRuntimeCommand, CreateGatewayCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import {
  CloudWatchLogsClient,
  CreateDeliveryCommand,
  CreateLogGroupCommand,
  PutDeliveryDestinationCommand,
  PutDeliverySourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateNotebookInstanceLifecycleConfigCommand,
  DescribeNotebookInstanceLifecycleConfigCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { CLIENT_CLASSES, clientProvider, retrySettings } from '../../lib/collectors/clients.js';
import { collectors } from '../../lib/collectors/index.js';
import { scanLifecycleConfig } from '../../lib/collectors/sagemaker-notebook-lifecycle-configs.js';
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

/** The collectors' clients as lib/collectors/clients.ts makes them, pointed at moto. */
function context(account: MotoAccount): CollectorContext {
  const clients = clientProvider(
    (service, region) =>
      new CLIENT_CLASSES[service]({ region, endpoint: endpoint(), credentials: account.credentials, ...retrySettings({}) }),
  );
  return { accountId: account.accountId, region: US, clients, now: () => NOW };
}

function clients(account: MotoAccount) {
  const config = { endpoint: endpoint(), region: US, credentials: account.credentials };
  return {
    agentcore: new BedrockAgentCoreControlClient(config),
    logs: new CloudWatchLogsClient(config),
    sagemaker: new SageMakerClient(config),
  };
}

/** Collects with the given collectors and judges the controls that read them. */
async function judge(account: MotoAccount, ids: readonly string[]) {
  const results = await Promise.all(ids.map((id) => byId(id).collect(context(account))));
  const controls = catalog.filter((c) => c.collectors.every((id) => ids.includes(id)));
  const findings = evaluate(controls, {
    scopes: [{ accountId: account.accountId, region: US }],
    evaluatedAt: NOW.toISOString(),
    evidence: results.flatMap((r) => r.records.map(sealEvidence)),
    coverage: results.map((r) => r.coverage),
  });
  const verdicts = (control: string) =>
    findings
      .filter((f) => f.controlId === control)
      .map((f) => f.status)
      .sort();
  return { results, verdicts, findings };
}

describe.skipIf(moto.endpoint === null)(`AgentCore guards and the lifecycle scan against moto${skipReason}`, () => {
  it('reads the delivery APIs moto holds completely, keeps only AgentCore sources, and fails a runtime with no delivery', async () => {
    // moto 5.2.1 refuses delivery sources of bedrock-agentcore resources ("Cannot access provided
    // service."), so only a source of another service can be seeded: it must be read and left out.
    const account = await freshAccount();
    const { agentcore, logs } = clients(account);
    const created = await agentcore.send(
      new CreateAgentRuntimeCommand({
        agentRuntimeName: 'quiet_agent',
        roleArn: `arn:aws:iam::${account.accountId}:role/agentcore`,
        agentRuntimeArtifact: { containerConfiguration: { containerUri: `${account.accountId}.dkr.ecr.us-east-1.amazonaws.com/agent:1` } },
        networkConfiguration: { networkMode: 'PUBLIC' },
      }),
    );
    const group = `arn:aws:logs:${US}:${account.accountId}:log-group:/aws/vendedlogs/bedrock/kb`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/vendedlogs/bedrock/kb' }));
    await logs.send(
      new PutDeliverySourceCommand({
        name: 'kb-logs',
        resourceArn: `arn:aws:bedrock:${US}:${account.accountId}:knowledge-base/KB12345678`,
        logType: 'APPLICATION_LOGS',
      }),
    );
    const destination = await logs.send(
      new PutDeliveryDestinationCommand({ name: 'kb-dest', deliveryDestinationConfiguration: { destinationResourceArn: group } }),
    );
    await logs.send(
      new CreateDeliveryCommand({ deliverySourceName: 'kb-logs', deliveryDestinationArn: destination.deliveryDestination?.arn }),
    );

    const { results, verdicts, findings } = await judge(account, ['bedrock-agentcore.runtimes', 'logs.agentcore-deliveries']);
    expect(results.map((r) => r.coverage.status)).toEqual(['COMPLETE', 'COMPLETE']);
    expect(results[1]?.records).toEqual([]);
    expect(verdicts('agentcore_runtime_log_delivery_enabled')).toEqual(['FAIL']);
    expect(verdicts('agentcore_runtime_tracing_enabled')).toEqual(['FAIL']);
    const finding = findings.find((f) => f.controlId === 'agentcore_runtime_log_delivery_enabled');
    expect(finding?.resource.id).toBe(created.agentRuntimeArn);
    expect(finding?.reason).toContain('no APPLICATION_LOGS delivery source');
  });

  it('Policy engines, which moto lacks, are a gap: a gateway without an engine still fails, the engine controls are INSUFFICIENT_EVIDENCE', async () => {
    const account = await freshAccount();
    const { agentcore } = clients(account);
    await agentcore.send(
      new CreateGatewayCommand({
        name: 'plain-gateway',
        roleArn: `arn:aws:iam::${account.accountId}:role/gw`,
        protocolType: 'MCP',
        authorizerType: 'AWS_IAM',
      }),
    );
    const { results, verdicts } = await judge(account, ['bedrock-agentcore.gateways', 'bedrock-agentcore.policy-engines']);
    expect(results[1]?.coverage.status).toBe('FAILED');
    expect(verdicts('agentcore_gateway_policy_engine_enforced')).toEqual(['FAIL']);
    expect(verdicts('agentcore_policy_engine_encrypted_with_cmk')).toEqual(['INSUFFICIENT_EVIDENCE']);
  });

  it('scans a lifecycle configuration moto describes, and seals none of its text; the listing, which moto lacks, is a gap', async () => {
    const account = await freshAccount();
    const { sagemaker } = clients(account);
    const script = '#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n';
    await sagemaker.send(
      new CreateNotebookInstanceLifecycleConfigCommand({
        NotebookInstanceLifecycleConfigName: 'leaky-setup',
        OnStart: [{ Content: Buffer.from(script).toString('base64') }],
      }),
    );
    const described = await sagemaker.send(
      new DescribeNotebookInstanceLifecycleConfigCommand({ NotebookInstanceLifecycleConfigName: 'leaky-setup' }),
    );
    const scanned = scanLifecycleConfig(described);
    expect(scanned.secretScan.scripts).toMatchObject([{ hook: 'OnStart', decoded: true, matches: ['aws-access-key-id'] }]);
    expect(JSON.stringify(scanned)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(JSON.stringify(scanned)).not.toContain(Buffer.from(script).toString('base64'));

    const { results, verdicts } = await judge(account, ['sagemaker.notebook-lifecycle-configs']);
    expect(results[0]?.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListNotebookInstanceLifecycleConfigs' }] });
    expect(verdicts('sagemaker_notebook_lifecycle_config_no_secrets')).toEqual(['INSUFFICIENT_EVIDENCE']);
  });
});
