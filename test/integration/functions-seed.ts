/**
 * Helpers of the functions' integration test: an STS client whose AssumeRole into one account is
 * refused as AWS refuses it (moto assumes any role, existing or not, whatever its ExternalId), and
 * the buckets and KMS key a deployment has, created in moto.
 */
import { Readable } from 'node:stream';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { type HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type AccountTargets, getAccounts, getTargets } from '../../lib/pipeline/staging.js';
import { parsePublicKey } from '../../lib/seal/signer.js';
import { recordFailedTarget } from '../functions/fakes.js';
import { endpoint, type MotoAccount, motoEnvironment } from './moto.js';

/**
 * The SDK's HTTP handler, except that an STS AssumeRole of a role in `refusedAccount` gets the 403
 * and the XML error body AWS sends when the role's trust policy does not allow the caller. The real
 * STS client parses it, so the code under test sees the error it would see in AWS.
 */
export class RefuseAssumeRoleHandler {
  readonly refused: string[] = [];
  private readonly inner = new NodeHttpHandler();

  constructor(private readonly refusedAccount: string) {}

  async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }> {
    const body = typeof request.body === 'string' ? request.body : '';
    const form = new URLSearchParams(body);
    const roleArn = form.get('RoleArn') ?? '';
    if (form.get('Action') === 'AssumeRole' && roleArn.split(':')[4] === this.refusedAccount) {
      this.refused.push(roleArn);
      const xml =
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
        `<Message>User: arn:aws:sts::000000000000:assumed-role/collect/fn is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message>` +
        '</Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>';
      return {
        response: new HttpResponse({ statusCode: 403, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(xml)]) }),
      };
    }
    return this.inner.handle(request, options);
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

/** An STS client from the standard configuration (the moto environment) whose AssumeRole into `refusedAccount` is refused. */
export function refusingSts(refusedAccount: string): { sts: () => STSClient; handler: RefuseAssumeRoleHandler } {
  const handler = new RefuseAssumeRoleHandler(refusedAccount);
  return { handler, sts: () => new STSClient({ requestHandler: handler as unknown as NodeHttpHandler }) };
}

export interface Deployment {
  evidenceBucket: string;
  stagingBucket: string;
  exportBucket: string;
  keyArn: string;
}

/** What the CDK app deploys in the home account: an Object Lock evidence bucket, staging and export buckets, a P-256 signing key. */
export async function deploy(home: MotoAccount, region: string): Promise<Deployment> {
  const config = { endpoint: endpoint(), region, credentials: home.credentials };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const kms = new KMSClient(config);
  try {
    // Bucket names are global in moto as in S3: the account id keeps parallel tests apart.
    const deployment = {
      evidenceBucket: `evidence-${home.accountId}`,
      stagingBucket: `staging-${home.accountId}`,
      exportBucket: `exports-${home.accountId}`,
    };
    await s3.send(new CreateBucketCommand({ Bucket: deployment.evidenceBucket, ObjectLockEnabledForBucket: true }));
    await s3.send(new CreateBucketCommand({ Bucket: deployment.stagingBucket }));
    await s3.send(new CreateBucketCommand({ Bucket: deployment.exportBucket }));
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'ai-evidence seal (functions test)' }),
    );
    if (!KeyMetadata?.Arn) throw new Error('moto CreateKey returned no ARN.');
    return { ...deployment, keyArn: KeyMetadata.Arn };
  } finally {
    s3.destroy();
    kms.destroy();
  }
}

/** The deployment's signing key's public key, as PEM: what an auditor pins to verify its runs offline. */
export async function signingPublicKeyPem(home: MotoAccount, region: string, keyArn: string): Promise<string> {
  const kms = new KMSClient({ endpoint: endpoint(), region, credentials: home.credentials });
  try {
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyArn }));
    return parsePublicKey(PublicKey as Uint8Array, `the public key of ${keyArn}`)
      .export({ type: 'spki', format: 'pem' })
      .toString();
  } finally {
    kms.destroy();
  }
}

/**
 * The functions' environment as the CDK app sets it, in moto: the home account's credentials and
 * region, the deployment's buckets and key, the home account as its only target. Each test adds
 * what its functions need besides.
 */
export function functionEnvironment(
  home: MotoAccount,
  region: string,
  scratch: string,
  deployment: Deployment,
  retentionDays: number,
): Record<string, string | undefined> {
  return {
    ...motoEnvironment(home, region, scratch),
    EVIDENCE_BUCKET: deployment.evidenceBucket,
    EVIDENCE_PREFIX: undefined,
    RETENTION_DAYS: String(retentionDays),
    STAGING_BUCKET: deployment.stagingBucket,
    SIGNING_KEY_ID: deployment.keyArn,
    MEMBER_ROLE_NAME: undefined,
    EXTERNAL_ID: 'ai-evidence-integration',
    TARGET_ACCOUNTS: undefined,
    TARGET_REGIONS: region,
  };
}

/** One target of a run, as the Distributed Map's ItemReader reads it from the targets object. */
export interface MapItem {
  accountId: string;
  region: string;
}

/**
 * The Distributed Map of the state machine, run in process (moto's Step Functions does not run an
 * ItemReader or a ResultWriter): reads the targets object list-targets wrote, calls `collect` with
 * each item as the ItemSelector passes it, and for a child whose collect fails writes what the
 * RecordFailedTarget state writes. Returns each child's outcome.
 */
export async function runCollectMap(
  s3: S3Client,
  bucket: string,
  started: { runId: string; startedAt: string; targets: { key: string; count: number } },
  collect: (event: { runId: string; startedAt: string } & MapItem) => Promise<unknown>,
): Promise<{ item: MapItem; result?: unknown; error?: Error }[]> {
  const items = await getTargets(s3, bucket, started.runId);
  if (items.length !== started.targets.count)
    throw new Error(`The targets object holds ${items.length} targets, not ${started.targets.count}.`);
  return Promise.all(
    items.map(async (item) => {
      try {
        return { item, result: await collect({ runId: started.runId, startedAt: started.startedAt, ...item }) };
      } catch (error) {
        const e = error as Error;
        await recordFailedTarget(s3, started.runId, item, e.name, e.message, bucket);
        return { item, error: e };
      }
    }),
  );
}

/**
 * The shard Map of the state machine, run in process: reads the accounts object list-targets
 * wrote and calls `sealShard` with each line as the ItemSelector passes it. A child that fails is
 * only counted (ToleratedFailurePercentage 100): the run seal finds no summary of its account.
 */
export async function runShardMap(
  s3: S3Client,
  bucket: string,
  started: { runId: string; startedAt: string; accounts: { key: string; count: number } },
  sealShard: (event: { runId: string; startedAt: string } & AccountTargets) => Promise<unknown>,
): Promise<{ item: AccountTargets; result?: unknown; error?: Error }[]> {
  const items = await getAccounts(s3, bucket, started.runId);
  if (items.length !== started.accounts.count)
    throw new Error(`The accounts object holds ${items.length} accounts, not ${started.accounts.count}.`);
  return Promise.all(
    items.map(async (item) => {
      try {
        return { item, result: await sealShard({ runId: started.runId, startedAt: started.startedAt, ...item }) };
      } catch (error) {
        return { item, error: error as Error };
      }
    }),
  );
}
