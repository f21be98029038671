/**
 * The governance collectors (AWS Config, CloudTrail, Security Hub) against moto server over HTTP,
 * with the real clients of awsClients(), and the governance controls over what they read. Where
 * moto 5.2.1 does not implement an operation the collectors record the gap as coverage, and the
 * tests say so: DescribeDeliveryChannelStatus, DescribeComplianceByConfigRule and
 * GetComplianceDetailsByConfigRule and SelectAggregateResourceConfig answer HTTP 500,
 * SelectResourceConfig answers no results, GetEnabledStandards answers 404, and GetFindings ignores
 * the ResourceType filter.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  PutConfigRuleCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchImportFindingsCommand, EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsClients } from '../../lib/collectors/clients.js';
import { cloudtrailTrails } from '../../lib/collectors/cloudtrail-trails.js';
import { configAiResources } from '../../lib/collectors/config-ai-resources.js';
import { configRecording } from '../../lib/collectors/config-recording.js';
import { configRules } from '../../lib/collectors/config-rules.js';
import { securityhubAiFindings } from '../../lib/collectors/securityhub-ai-findings.js';
import { securityhubHub } from '../../lib/collectors/securityhub-hub.js';
import { collectorSettingsFromEnv } from '../../lib/collectors/settings.js';
import type { Collector, CollectorContext } from '../../lib/collectors/types.js';
import { governanceControls } from '../../lib/controls/area-governance.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import type { Finding } from '../../lib/controls/types.js';
import type { CoverageEntry, Scope } from '../../lib/evidence/coverage.js';
import { type SealedEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { endpoint, freshAccount, type MotoAccount, moto, motoEnvironment, setEnv, skipReason } from './moto.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const US = 'us-east-1';
const EU = 'eu-west-1';

function context(account: MotoAccount, region: string): CollectorContext {
  return { accountId: account.accountId, region, clients: awsClients({ credentials: async () => account.credentials }), now: () => NOW };
}

function seed<C>(Client: new (config: object) => C, account: MotoAccount, region: string): C {
  return new Client({ endpoint: endpoint(), region, credentials: account.credentials });
}

/** Runs the collectors in each region and evaluates the governance controls over what they read. */
async function assess(account: MotoAccount, regions: string[], collectors: Collector[]) {
  const evidence: SealedEvidence[] = [];
  const coverage: CoverageEntry[] = [];
  const scopes: Scope[] = regions.map((region) => ({ accountId: account.accountId, region }));
  for (const scope of scopes) {
    for (const collector of collectors) {
      const result = await collector.collect(context(account, scope.region));
      evidence.push(...result.records.map(sealEvidence));
      coverage.push(result.coverage);
    }
  }
  const findings = evaluate(governanceControls, { scopes, evaluatedAt: NOW.toISOString(), evidence, coverage });
  const statusOf = (controlId: string, region: string, resourceId?: string): Finding['status'][] =>
    findings
      .filter((f) => f.controlId === controlId && f.region === region && (resourceId === undefined || f.resource.id === resourceId))
      .map((f) => f.status);
  return { evidence, coverage, findings, statusOf };
}

describe.skipIf(moto.endpoint === null)(`governance collectors against moto server${skipReason}`, () => {
  let restoreEnv: () => void = () => {};
  let scratch = '';

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-moto-gov-'));
    restoreEnv = setEnv(motoEnvironment(await freshAccount(), US, scratch));
  });

  afterAll(async () => {
    restoreEnv();
    await rm(scratch, { recursive: true, force: true });
  });

  describe('AWS Config', () => {
    it('reads no recorder in a fresh account as evidence (FAIL), and a started recorder as PASS', async () => {
      // Prepare: the US region gets a recorder recording everything, the EU region nothing.
      const account = await freshAccount();
      const config = seed(ConfigServiceClient, account, US);
      await config.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: {
            name: 'default',
            roleARN: `arn:aws:iam::${account.accountId}:role/config`,
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: false },
          },
        }),
      );
      await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'acme-config' } }));
      await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
      // Act
      const run = await assess(account, [US, EU], [configRecording, configAiResources]);
      // Assess
      expect(run.statusOf('config_recorder_enabled', US)).toEqual(['PASS']);
      expect(run.statusOf('config_recorder_records_ai_resources', US)).toEqual(['PASS']);
      expect(run.statusOf('config_recorder_enabled', EU)).toEqual(['FAIL']);
      expect(run.statusOf('config_recorder_records_ai_resources', EU)).toEqual(['FAIL']);
      const recorders = run.evidence.find((e) => e.record.region === US && e.record.source.operation === 'DescribeConfigurationRecorders');
      expect(recorders?.record.data).toMatchObject({
        ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }],
      });
      // moto gap: DescribeDeliveryChannelStatus answers HTTP 500, so the channel cannot be judged.
      const usRecording = run.coverage.find((c) => c.region === US && c.collector === 'config.recording');
      expect(usRecording?.errors.map((e) => e.operation)).toEqual(['DescribeDeliveryChannelStatus']);
      expect(run.statusOf('config_delivery_channel_healthy', US)).toEqual(['INSUFFICIENT_EVIDENCE']);
      // moto gap: SelectResourceConfig answers no results, so no bucket is known: S3 recorded, none tagged.
      expect(run.coverage.find((c) => c.region === US && c.collector === 'config.ai-resources')).toMatchObject({
        status: 'COMPLETE',
        records: 0,
      });
      expect(run.statusOf('config_training_data_buckets_recorded', US)).toEqual(['NOT_APPLICABLE']);
    });

    it('keeps only the AWS managed SageMaker rules, and reports their unread compliance as a gap, never PASS', async () => {
      // Prepare
      const account = await freshAccount();
      const config = seed(ConfigServiceClient, account, US);
      await config.send(
        new PutConfigRuleCommand({
          ConfigRule: {
            ConfigRuleName: 'sm-no-internet',
            Source: { Owner: 'AWS', SourceIdentifier: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS' },
          },
        }),
      );
      await config.send(
        new PutConfigRuleCommand({
          ConfigRule: { ConfigRuleName: 's3-versioning', Source: { Owner: 'AWS', SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED' } },
        }),
      );
      // Act
      const run = await assess(account, [US], [configRules]);
      // Assess
      const listed = run.evidence.filter((e) => e.record.source.operation === 'DescribeConfigRules');
      expect(listed.map((e) => e.record.data.ConfigRuleName)).toEqual(['sm-no-internet']);
      const ruleArn = listed[0]?.record.resource.id ?? '';
      expect(ruleArn).toMatch(new RegExp(`^arn:aws:config:${US}:${account.accountId}:config-rule/`));
      // moto gap: DescribeComplianceByConfigRule answers HTTP 500.
      expect(run.coverage[0]?.errors).toEqual([
        expect.objectContaining({ operation: 'DescribeComplianceByConfigRule', resourceId: ruleArn }),
      ]);
      expect(run.statusOf('config_ai_managed_rules_compliant', US, ruleArn)).toEqual(['INSUFFICIENT_EVIDENCE']);
    });

    it('asks the aggregator named in AI_EVIDENCE_CONFIG_AGGREGATOR, and reports what moto cannot answer as a gap', async () => {
      // Prepare: the settings as the collect function reads them from its environment.
      const account = await freshAccount();
      const settings = collectorSettingsFromEnv({ AI_EVIDENCE_CONFIG_AGGREGATOR: 'acme-org' });
      // Act
      const result = await configAiResources.collect({ ...context(account, US), settings });
      // Assess: moto gap: SelectAggregateResourceConfig answers with an HTML 500 page (an unknown
      // aggregator would be skipped), an answer the SDK cannot read, and it is tried once.
      expect(result.coverage.errors.map((e) => [e.operation, e.kind, e.code, e.httpStatus])).toEqual([
        ['SelectAggregateResourceConfig', 'INVALID_RESPONSE', 'UnreadableResponse', 500],
        ['SelectAggregateResourceConfig', 'INVALID_RESPONSE', 'UnreadableResponse', 500],
      ]);
    });
  });

  describe('CloudTrail', () => {
    it('reads a multi-region trail from its home region and as a shadow elsewhere, with status and selectors', async () => {
      // Prepare: an organization-style trail in the US, a lax single-region trail in the EU.
      const account = await freshAccount();
      await seed(S3Client, account, US).send(new CreateBucketCommand({ Bucket: `trail-logs-${account.accountId}` }));
      const us = seed(CloudTrailClient, account, US);
      const eu = seed(CloudTrailClient, account, EU);
      const bucket = `trail-logs-${account.accountId}`;
      await us.send(
        new CreateTrailCommand({
          Name: 'acme-org-trail',
          S3BucketName: bucket,
          IsMultiRegionTrail: true,
          EnableLogFileValidation: true,
          KmsKeyId: `arn:aws:kms:${US}:${account.accountId}:key/3f2e1d0c-9b8a-4765-a4b3-c2d1e0f9a8b7`,
        }),
      );
      await us.send(new StartLoggingCommand({ Name: 'acme-org-trail' }));
      await us.send(
        new PutEventSelectorsCommand({
          TrailName: 'acme-org-trail',
          AdvancedEventSelectors: [
            { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
            {
              Name: 'bedrock',
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Data'] },
                { Field: 'resources.type', Equals: ['AWS::Bedrock::AgentAlias', 'AWS::Bedrock::KnowledgeBase', 'AWS::Bedrock::Guardrail'] },
              ],
            },
          ],
        }),
      );
      await eu.send(new CreateTrailCommand({ Name: 'claims-eu-local', S3BucketName: bucket }));
      const orgArn = `arn:aws:cloudtrail:${US}:${account.accountId}:trail/acme-org-trail`;
      const localArn = `arn:aws:cloudtrail:${EU}:${account.accountId}:trail/claims-eu-local`;
      // Act
      const run = await assess(account, [US, EU], [cloudtrailTrails]);
      // Assess
      expect(run.coverage.map((c) => [c.region, c.status, c.records])).toEqual([
        [US, 'COMPLETE', 3],
        [EU, 'COMPLETE', 6],
      ]);
      const euStatus = run.evidence.find(
        (e) => e.record.region === EU && e.record.resource.id === orgArn && e.record.source.operation === 'GetTrailStatus',
      );
      expect(euStatus?.record.data).toMatchObject({ IsLogging: true });
      for (const region of [US, EU]) {
        expect(run.statusOf('cloudtrail_multi_region_trail_logging', region)).toEqual(['PASS']);
        expect(run.statusOf('cloudtrail_bedrock_data_events_captured', region)).toEqual(['PASS']);
        expect(run.statusOf('cloudtrail_sagemaker_data_events_captured', region)).toEqual(['FAIL']);
      }
      // The multi-region trail is judged once, in its home region; the EU trail there.
      expect(run.statusOf('cloudtrail_trail_log_file_validation_enabled', US, orgArn)).toEqual(['PASS']);
      expect(run.statusOf('cloudtrail_trail_encrypted_with_kms', US, orgArn)).toEqual(['PASS']);
      expect(run.statusOf('cloudtrail_trail_log_file_validation_enabled', EU, orgArn)).toEqual([]);
      expect(run.statusOf('cloudtrail_trail_log_file_validation_enabled', EU, localArn)).toEqual(['FAIL']);
      expect(run.statusOf('cloudtrail_trail_encrypted_with_kms', EU, localArn)).toEqual(['FAIL']);
      expect(run.statusOf('cloudtrail_trail_cloudwatch_logs_enabled', EU, localArn)).toEqual(['FAIL']);
    });
  });

  describe('Security Hub', () => {
    it('keeps "not subscribed" as evidence that Security Hub is off, then reads the hub and the open findings on AI resources', async () => {
      // Prepare
      const account = await freshAccount();
      const before = await assess(account, [US], [securityhubHub]);
      const hub = seed(SecurityHubClient, account, US);
      await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      const finding = (id: string, label: string, type: string) => ({
        SchemaVersion: '2018-10-08',
        Id: id,
        ProductArn: `arn:aws:securityhub:${US}:${account.accountId}:product/${account.accountId}/default`,
        GeneratorId: 'acme-review',
        AwsAccountId: account.accountId,
        Types: ['Software and Configuration Checks'],
        CreatedAt: '2026-02-01T00:00:00.000Z',
        UpdatedAt: '2026-02-01T00:00:00.000Z',
        Severity: { Label: label as 'HIGH' },
        Title: `${label} finding`,
        Description: 'Seeded for the integration test.',
        Resources: [{ Type: type, Id: `arn:aws:sagemaker:${US}:${account.accountId}:notebook-instance/nb-${id}` }],
        RecordState: 'ACTIVE' as const,
        Workflow: { Status: 'NEW' as const },
      });
      await hub.send(
        new BatchImportFindingsCommand({
          Findings: [finding('f-high', 'HIGH', 'AwsSageMakerNotebookInstance'), finding('f-ec2', 'HIGH', 'AwsEc2Instance')],
        }),
      );
      // Act
      const after = await assess(account, [US], [securityhubHub, securityhubAiFindings]);
      // Assess
      expect(before.statusOf('securityhub_hub_enabled', US)).toEqual(['FAIL']);
      expect(before.evidence[0]?.record.data).toMatchObject({ ErrorCode: 'InvalidAccessException' });
      expect(after.statusOf('securityhub_hub_enabled', US)).toEqual(['PASS']);
      // moto gap: GetEnabledStandards answers 404, so the standards cannot be judged.
      expect(after.coverage[0]?.errors.map((e) => e.operation)).toEqual(['GetEnabledStandards']);
      expect(after.statusOf('securityhub_ai_security_standard_enabled', US)).toEqual(['INSUFFICIENT_EVIDENCE']);
      const read = after.evidence.filter((e) => e.record.source.collector === 'securityhub.ai-findings').map((e) => e.record.resource.id);
      expect(read).toContain('f-high');
      // moto gap: GetFindings ignores the ResourceType PREFIX filter, so the EC2 finding comes back
      // too; the control checks the resource type itself and cites only the SageMaker finding.
      const judged = after.findings.filter((f) => f.controlId === 'securityhub_ai_resource_findings_resolved');
      expect(judged.map((f) => f.status)).toEqual(['FAIL']);
      const cited = after.evidence.filter((e) => judged[0]?.evidence.includes(e.sha256)).map((e) => e.record.resource.id);
      expect(cited).toEqual(['f-high']);
    });
  });
});
