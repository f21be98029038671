/**
 * Fakes of the functions' tests: S3 buckets in memory and a KMS key (a real P-256 key) behind
 * aws-sdk-client-mock, a Lambda context, and environment variables set for one test.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import {
  GetObjectCommand,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { collectors } from '../../lib/collectors/index.js';
import type { CoverageEntry, Scope } from '../../lib/evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../../lib/evidence/record.js';
import { evaluateAndSealRun } from '../../lib/pipeline/seal-run.js';
import {
  type FailedTarget,
  failedTargetKey,
  getStagedBytes,
  getTargets,
  MAX_FAILURE_CAUSE_CHARS,
  parseStaged,
  putStaged,
  putTargets,
  stagedKey,
} from '../../lib/pipeline/staging.js';
import { kmsSigner } from '../../lib/seal/kms-signer.js';
import { S3ObjectLockStore } from '../../lib/store/s3.js';

const mockS3 = () => mockClient(S3Client);

export const HOME_ACCOUNT = '111122223333';
export const MEMBER_ACCOUNT = '444455556666';
export const KEY_ARN = `arn:aws:kms:eu-west-1:${HOME_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The environment every function of the tests runs with. */
export const FUNCTION_ENV: Record<string, string | undefined> = {
  EVIDENCE_BUCKET: 'evidence',
  EVIDENCE_PREFIX: undefined,
  RETENTION_DAYS: '30',
  STAGING_BUCKET: 'staging',
  SIGNING_KEY_ID: 'alias/ai-evidence-seal',
  MEMBER_ROLE_NAME: undefined,
  MEMBER_PUBLISH_ROLE_NAME: undefined,
  EXTERNAL_ID: 'ai-evidence-external-id',
  TARGET_ACCOUNTS: undefined,
  TARGET_REGIONS: 'eu-west-1',
  EXPORT_BUCKET: 'exports',
  EXPORT_URL_TTL_SECONDS: undefined,
  ATTESTATIONS_BUCKET: undefined,
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** Sets environment variables and gives back a function that restores them. */
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

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:${HOME_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/26/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function s3Error(name: string, status: number, message = name): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

const sha256Base64 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

/** Buckets in memory behind the S3 mock: conditional puts, checksummed gets, listings with a delimiter. */
export class FakeS3 {
  readonly stub: ReturnType<typeof mockS3>;
  readonly buckets = new Map<string, Map<string, Buffer>>();
  /** Buckets whose every request is refused with AccessDenied. */
  readonly denied = new Set<string>();

  constructor() {
    this.stub = mockS3();
    this.reset();
  }

  bucket(name: string): Map<string, Buffer> {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  /** Every key written so far, as `bucket/key`. */
  keys(): string[] {
    return [...this.buckets].flatMap(([name, objects]) => [...objects.keys()].map((key) => `${name}/${key}`)).sort();
  }

  reset(): void {
    this.stub.reset();
    this.buckets.clear();
    this.denied.clear();
    const stub = this.stub;
    stub.on(PutObjectCommand).callsFake(async (input: PutObjectCommandInput) => {
      if (this.denied.has(input.Bucket ?? '')) throw s3Error('AccessDenied', 403, 'Access Denied');
      const objects = this.bucket(input.Bucket ?? '');
      const key = input.Key ?? '';
      if (input.IfNoneMatch === '*' && objects.has(key)) throw s3Error('PreconditionFailed', 412);
      const body = await bodyBytes(input.Body);
      if (input.ChecksumSHA256 !== undefined && input.ChecksumSHA256 !== sha256Base64(body)) throw s3Error('BadDigest', 400);
      objects.set(key, body);
      return { $metadata: {}, ChecksumSHA256: sha256Base64(body) };
    });
    stub.on(GetObjectCommand).callsFake((input: GetObjectCommandInput): GetObjectCommandOutput => {
      if (this.denied.has(input.Bucket ?? '')) throw s3Error('AccessDenied', 403, 'Access Denied');
      const bytes = this.buckets.get(input.Bucket ?? '')?.get(input.Key ?? '');
      if (!bytes) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
      const body = { transformToByteArray: async () => new Uint8Array(bytes) };
      return { $metadata: {}, Body: body as unknown as GetObjectCommandOutput['Body'], ChecksumSHA256: sha256Base64(bytes) };
    });
    stub.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
      if (this.denied.has(input.Bucket ?? '')) throw s3Error('AccessDenied', 403, 'Access Denied');
      const prefix = input.Prefix ?? '';
      const keys = [...(this.buckets.get(input.Bucket ?? '')?.keys() ?? [])].filter((k) => k.startsWith(prefix)).sort();
      if (!input.Delimiter) return { $metadata: {}, Contents: keys.map((Key) => ({ Key })), IsTruncated: false };
      const delimiter = input.Delimiter;
      const direct = keys.filter((k) => !k.slice(prefix.length).includes(delimiter));
      const common = new Set(
        keys
          .filter((k) => !direct.includes(k))
          .map((k) => k.slice(prefix.length).split(delimiter)[0])
          .map((p) => `${prefix}${p}${delimiter}`),
      );
      return {
        $metadata: {},
        Contents: direct.map((Key) => ({ Key })),
        CommonPrefixes: [...common].map((Prefix) => ({ Prefix })),
        IsTruncated: false,
      };
    });
  }

  restore(): void {
    this.stub.restore();
  }
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array || typeof body === 'string') return Buffer.from(body);
  if (body && typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  throw new Error(`The fake S3 cannot read a body of type ${typeof body}.`);
}

/** A KMS signing key behind the KMS mock: a real P-256 key answers GetPublicKey and Sign. */
export function fakeKmsKey() {
  const stub = mockClient(KMSClient);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const reset = () => {
    stub.reset();
    stub.on(GetPublicKeyCommand).resolves({
      KeyId: KEY_ARN,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      PublicKey: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    });
    stub.on(SignCommand).callsFake((input: { Message?: Uint8Array }) => ({
      KeyId: KEY_ARN,
      SigningAlgorithm: 'ECDSA_SHA_256',
      Signature: new Uint8Array(sign('sha256', input.Message ?? new Uint8Array(), { key: privateKey, dsaEncoding: 'der' })),
    }));
  };
  reset();
  return { stub, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), reset };
}

/** What collect would have staged for a scope: one notebook with root access on, every collector COMPLETE. */
export async function stageScope(client: S3Client, scope: Scope, runId: string, startedAt: string) {
  const arn = `arn:aws:sagemaker:${scope.region}:${scope.accountId}:notebook-instance/nb-root`;
  const record = makeEvidence({
    ...scope,
    source: { collector: 'sagemaker.notebook-instances', service: 'sagemaker', operation: 'DescribeNotebookInstance' },
    resource: { type: 'AWS::SageMaker::NotebookInstance', id: arn },
    collectedAt: startedAt,
    data: { NotebookInstanceArn: arn, NotebookInstanceName: 'nb-root', DirectInternetAccess: 'Disabled', RootAccess: 'Enabled' },
  });
  const coverage: CoverageEntry[] = collectors.map((c) => ({
    collector: c.id,
    ...scope,
    status: 'COMPLETE',
    records: c.id === 'sagemaker.notebook-instances' ? 1 : 0,
    errors: [],
  }));
  const key = await putStaged(client, 'staging', { schemaVersion: 1, runId, startedAt, ...scope, records: [record], coverage });
  return { runId, ...scope, stagedKey: key, coverage: coverage.map((c) => ({ collector: c.collector, status: c.status })) };
}

/** What list-targets leaves for a run: its targets object in the staging bucket, and the event evaluate-and-seal gets. */
export async function stageTargets(client: S3Client, runId: string, startedAt: string, scopes: readonly Scope[]) {
  const key = await putTargets(client, 'staging', runId, scopes);
  return { runId, startedAt, targets: { key, count: scopes.length } };
}

/**
 * What the state machine's RecordFailedTarget writes for a target whose collect failed: the JSON
 * of the Body its s3:putObject is given (infra/evidence-stack.ts), without a checksum.
 */
export async function recordFailedTarget(client: S3Client, runId: string, scope: Scope, error: string, cause: string, bucket = 'staging') {
  const body: FailedTarget = { schemaVersion: 1, runId, ...scope, error, cause: cause.slice(0, MAX_FAILURE_CAUSE_CHARS) };
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: failedTargetKey(runId, scope),
      Body: JSON.stringify(body),
      ContentType: 'application/json',
    }),
  );
}

/**
 * A run sealed from what was staged, by the one-process path (`evaluateAndSealRun`, format 1 by
 * default) with the fake KMS key into the fake evidence bucket: the fixture of the publish and
 * export tests, which read runs as lib/ does. The cloud's own seal (v2, after the shard steps) is
 * test/functions/evaluate-and-seal.test.ts's.
 */
export async function sealStaged(client: S3Client, event: { runId: string; startedAt: string }, now: Date, format: 1 | 2 = 1) {
  const targets = await getTargets(client, 'staging', event.runId);
  const records: EvidenceRecord[] = [];
  const coverage: CoverageEntry[] = [];
  for (const target of targets) {
    const key = stagedKey(event.runId, target);
    const staged = parseStaged(await getStagedBytes(client, 'staging', key), { runId: event.runId, ...target }, key);
    records.push(...staged.records);
    coverage.push(...staged.coverage);
  }
  const store = new S3ObjectLockStore({ client, bucket: 'evidence', retentionDays: 30 });
  const kms = new KMSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const signer = await kmsSigner({ client: kms, keyId: 'alias/ai-evidence-seal' });
  const sealed = await evaluateAndSealRun({ store, signer, ...event, scopes: targets, records, coverage, now: () => now, format });
  return { findings: { total: sealed.findings.length } };
}
