import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { KMSClient } from '@aws-sdk/client-kms';
import { Macie2Client } from '@aws-sdk/client-macie2';
import { OpenSearchServerlessClient } from '@aws-sdk/client-opensearchserverless';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient, type SageMakerClientConfig } from '@aws-sdk/client-sagemaker';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { getOrCreate } from '../util/maps.js';
import { retrySettings } from './client-settings.js';
import type { ClientProvider, ServiceClients, ServiceName } from './types.js';

export { maxAttemptsSetting, retrySettings } from './client-settings.js';
export { MAX_ATTEMPTS } from './retry.js';

export interface AwsClientOptions {
  /** Credentials for the account; by default the SDK's standard chain (env, profile, SSO, IMDS...). */
  credentials?: AwsCredentialIdentityProvider;
}

/** The options every client of a provider shares (those of the SageMaker client, which all services accept). */
export type ClientConfig = SageMakerClientConfig & { region: string };

/** The SDK client class of each service. */
export const CLIENT_CLASSES: { [S in ServiceName]: new (config: ClientConfig) => ServiceClients[S] } = {
  sagemaker: SageMakerClient,
  bedrock: BedrockClient,
  'bedrock-agent': BedrockAgentClient,
  'bedrock-agentcore-control': BedrockAgentCoreControlClient,
  config: ConfigServiceClient,
  securityhub: SecurityHubClient,
  cloudtrail: CloudTrailClient,
  guardduty: GuardDutyClient,
  iam: IAMClient,
  macie2: Macie2Client,
  ec2: EC2Client,
  logs: CloudWatchLogsClient,
  // S3's configuration type is its own (S3-only options); it takes every shared option too.
  s3: S3Client as unknown as new (config: ClientConfig) => S3Client,
  organizations: OrganizationsClient,
  wafv2: WAFV2Client,
  ecr: ECRClient,
  inspector2: Inspector2Client,
  monitoring: CloudWatchClient,
  aoss: OpenSearchServerlessClient,
  rds: RDSClient,
  kms: KMSClient,
  tagging: ResourceGroupsTaggingAPIClient,
};

/** A provider that makes each service's client once per region with `make`. */
export function clientProvider(make: <S extends ServiceName>(service: S, region: string) => ServiceClients[S]): ClientProvider {
  const cache = new Map<string, unknown>();
  const client = <S extends ServiceName>(service: S, region: string): ServiceClients[S] =>
    getOrCreate(cache, `${service}/${region}`, () => make(service, region)) as ServiceClients[S];
  return { client };
}

/**
 * Real SDK clients, one per service and region, created on first use. Endpoint, profile and
 * credentials follow the SDK's standard configuration (AWS_ENDPOINT_URL, AWS_PROFILE, ...).
 */
export function awsClients(options: AwsClientOptions = {}): ClientProvider {
  return clientProvider(
    (service, region) =>
      new CLIENT_CLASSES[service]({
        region,
        ...retrySettings(),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      }),
  );
}
