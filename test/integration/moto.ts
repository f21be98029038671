/**
 * Helpers of the integration tests: the moto endpoint from the global setup, a fresh moto account
 * per test (so that tests running in parallel against one server never see each other's data),
 * and seeding of notebook instances and invocation logging through real SDK clients.
 */
import { randomInt } from 'node:crypto';
import { BedrockClient, type LoggingConfig, PutModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { CreateNotebookInstanceCommand, type CreateNotebookInstanceCommandInput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { inject } from 'vitest';
import { mapWithConcurrency } from '../../lib/collectors/concurrency.js';

export const moto = inject('moto');

/** Why the integration tests are skipped, for the test names; empty when moto runs. */
export const skipReason = moto.endpoint === null ? ` (SKIPPED: moto server not available: ${moto.reason})` : '';

export function endpoint(): string {
  if (moto.endpoint === null) throw new Error(`moto server is not available: ${moto.reason}`);
  return moto.endpoint;
}

/** Moto accepts any credentials; these only sign the AssumeRole that opens a fresh account. */
export const FAKE_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface MotoAccount {
  accountId: string;
  /** Temporary credentials of a role in the account: moto routes every request signed with them to it. */
  credentials: AwsCredentialIdentity & { sessionToken: string };
}

/**
 * A new, empty moto account: AssumeRole into a role ARN of a random account (moto needs no role to
 * exist), whose temporary credentials moto maps to that account for every service, STS
 * GetCallerIdentity included.
 */
export async function freshAccount(): Promise<MotoAccount> {
  let accountId = String(randomInt(100_000_000_000, 999_999_999_999));
  if (accountId === '123456789012') accountId = '210987654321'; // moto's default account
  return motoAccount(accountId);
}

/** Credentials that moto maps to `accountId` (a fixed account, e.g. one of the demo estate's), the way {@link freshAccount} makes them. */
export async function motoAccount(accountId: string): Promise<MotoAccount> {
  const sts = new STSClient({ endpoint: endpoint(), region: 'us-east-1', credentials: FAKE_CREDENTIALS });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/ai-evidence-integration`, RoleSessionName: 'integration' }),
  );
  sts.destroy();
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
    throw new Error('moto AssumeRole returned no credentials.');
  }
  return {
    accountId,
    credentials: {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
    },
  };
}

/** Clients for seeding, pointed at moto explicitly (the code under test gets its endpoint from AWS_ENDPOINT_URL). */
export function seedClients(account: MotoAccount, region: string): { sagemaker: SageMakerClient; bedrock: BedrockClient } {
  const config = { endpoint: endpoint(), region, credentials: account.credentials };
  return { sagemaker: new SageMakerClient(config), bedrock: new BedrockClient(config) };
}

export type NotebookSpec = Pick<
  CreateNotebookInstanceCommandInput,
  'NotebookInstanceName' | 'DirectInternetAccess' | 'RootAccess' | 'KmsKeyId' | 'SubnetId' | 'SecurityGroupIds'
>;

/**
 * Four notebooks that between them pass and fail each notebook control. Every setting is given
 * explicitly: moto does not apply AWS's defaults (DirectInternetAccess and RootAccess are Enabled
 * when omitted), it leaves the fields out of DescribeNotebookInstance.
 */
export function distinctNotebooks(account: MotoAccount, region: string): NotebookSpec[] {
  const key = `arn:aws:kms:${region}:${account.accountId}:key/0f0e0d0c-0b0a-4909-8807-060504030201`;
  return [
    // Everything wrong: internet, root, AWS owned key, no VPC.
    { NotebookInstanceName: 'nb-open', DirectInternetAccess: 'Enabled', RootAccess: 'Enabled' },
    // Everything right.
    {
      NotebookInstanceName: 'nb-locked',
      DirectInternetAccess: 'Disabled',
      RootAccess: 'Disabled',
      KmsKeyId: key,
      SubnetId: 'subnet-0a1b2c3d4e5f60718',
      SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    },
    // In a VPC without internet, but root access and no customer managed key.
    {
      NotebookInstanceName: 'nb-vpc-root',
      DirectInternetAccess: 'Disabled',
      RootAccess: 'Enabled',
      SubnetId: 'subnet-0a1b2c3d4e5f60718',
      SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    },
    // Encrypted with a customer managed key, but on the internet outside any VPC.
    { NotebookInstanceName: 'nb-kms-internet', DirectInternetAccess: 'Enabled', RootAccess: 'Disabled', KmsKeyId: key },
  ];
}

/** `count` compliant notebooks named bulk-000, bulk-001, ..., to fill ListNotebookInstances pages. */
export function bulkNotebooks(count: number): NotebookSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    NotebookInstanceName: `bulk-${String(i).padStart(3, '0')}`,
    DirectInternetAccess: 'Disabled',
    RootAccess: 'Disabled',
    SubnetId: 'subnet-0a1b2c3d4e5f60718',
    KmsKeyId: 'alias/notebooks',
  }));
}

export async function createNotebooks(client: SageMakerClient, account: MotoAccount, specs: readonly NotebookSpec[]): Promise<void> {
  await mapWithConcurrency(specs, 8, (spec) =>
    client.send(
      new CreateNotebookInstanceCommand({
        InstanceType: 'ml.t3.medium',
        RoleArn: `arn:aws:iam::${account.accountId}:role/SageMakerNotebook`,
        ...spec,
      }),
    ),
  );
}

/** Invocation logging to S3 and CloudWatch Logs with text delivery on: passes every Bedrock control. */
export function fullLoggingConfig(account: MotoAccount): LoggingConfig {
  return {
    s3Config: { bucketName: `bedrock-invocations-${account.accountId}`, keyPrefix: 'us-east-1/' },
    cloudWatchConfig: {
      logGroupName: '/aws/bedrock/invocations',
      roleArn: `arn:aws:iam::${account.accountId}:role/BedrockInvocationLogging`,
    },
    textDataDeliveryEnabled: true,
    imageDataDeliveryEnabled: false,
    embeddingDataDeliveryEnabled: false,
  };
}

export async function putLogging(client: BedrockClient, loggingConfig: LoggingConfig): Promise<void> {
  await client.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig }));
}

/**
 * Sets environment variables for a test and gives back a function that restores them. Standard
 * SDK configuration is pinned so that nothing of the developer's own AWS setup (profile, config
 * files, IMDS) takes part or is contacted.
 */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(values)) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** The SDK's standard configuration pointed at moto, with no trace of a real AWS setup. */
export function motoEnvironment(account: MotoAccount, region: string, scratchDir: string): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL: endpoint(),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: undefined,
    AWS_ACCESS_KEY_ID: account.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: account.credentials.sessionToken,
    AWS_PROFILE: undefined,
    AWS_CONFIG_FILE: `${scratchDir}/no-aws-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${scratchDir}/no-aws-credentials`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
