import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Inspector2Client } from '@aws-sdk/client-inspector2';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Macie2Client } from '@aws-sdk/client-macie2';
import type { OpenSearchServerlessClient } from '@aws-sdk/client-opensearchserverless';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { WAFV2Client } from '@aws-sdk/client-wafv2';
import type { CoverageEntry } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import type { CollectorSettings } from './settings.js';

/**
 * SDK clients for one account, one per service and region. The keys are the services' endpoint
 * prefixes, which are also the keys of the demo estate (lib/demo/estate*.json).
 */
export interface ServiceClients {
  sagemaker: SageMakerClient;
  bedrock: BedrockClient;
  'bedrock-agent': BedrockAgentClient;
  'bedrock-agentcore-control': BedrockAgentCoreControlClient;
  config: ConfigServiceClient;
  securityhub: SecurityHubClient;
  cloudtrail: CloudTrailClient;
  guardduty: GuardDutyClient;
  iam: IAMClient;
  macie2: Macie2Client;
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  s3: S3Client;
  organizations: OrganizationsClient;
  wafv2: WAFV2Client;
  ecr: ECRClient;
  inspector2: Inspector2Client;
  monitoring: CloudWatchClient;
  aoss: OpenSearchServerlessClient;
  rds: RDSClient;
  kms: KMSClient;
  tagging: ResourceGroupsTaggingAPIClient;
}
export type ServiceName = keyof ServiceClients;
/** The services whose answers controls judge; `tagging` is read for context only (lib/collectors/tagging-ai-resources.ts). */
export const SERVICE_NAMES = [
  'sagemaker',
  'bedrock',
  'bedrock-agent',
  'bedrock-agentcore-control',
  'config',
  'securityhub',
  'cloudtrail',
  'guardduty',
  'iam',
  'macie2',
  'ec2',
  'logs',
  's3',
  'organizations',
  'wafv2',
  'ecr',
  'inspector2',
  'monitoring',
  'aoss',
  'rds',
  'kms',
] as const satisfies readonly ServiceName[];

export interface ClientProvider {
  /** The client of `service` in `region`, created on first use and reused. */
  client<S extends ServiceName>(service: S, region: string): ServiceClients[S];
}

export interface CollectorContext {
  readonly accountId: string;
  readonly region: string;
  readonly clients: ClientProvider;
  /** The clock, injectable so that tests and the demo are reproducible. */
  readonly now: () => Date;
  /** What the operator configured (lib/collectors/settings.ts); none when absent. */
  readonly settings?: CollectorSettings;
}

export interface CollectorResult {
  readonly records: EvidenceRecord[];
  readonly coverage: CoverageEntry;
}

/** Reads one evidence source in one account and region. Never throws for AWS errors: they become coverage. */
export interface Collector {
  /** `<service>.<what>`, e.g. `sagemaker.notebook-instances`; controls name the collectors they need. */
  readonly id: string;
  readonly service: string;
  readonly description: string;
  /** The API actions it calls, for least-privilege IAM policies. */
  readonly actions: readonly string[];
  collect(ctx: CollectorContext): Promise<CollectorResult>;
}

/** What a collector is, without its code (lib/collectors/manifest.ts holds every collector's). */
export type CollectorMetadata = Pick<Collector, 'id' | 'service' | 'description' | 'actions'>;
