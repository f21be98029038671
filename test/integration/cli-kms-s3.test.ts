/**
 * `ai-evidence assess --demo --s3-bucket B --kms-key-id K` and `verify --s3-bucket B --public-key`
 * against moto server, configured only through environment variables as a user would: the S3 and
 * KMS clients come from the SDK's standard configuration (AWS_ENDPOINT_URL, AWS_REGION, credentials).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../lib/cli/program.js';
import { parsePublicKey } from '../../lib/seal/signer.js';
import { runKeys } from '../../lib/store/types.js';
import { captureIo } from '../helpers/io.js';
import { endpoint, freshAccount, type MotoAccount, moto, motoEnvironment, setEnv, skipReason } from './moto.js';

const US = 'us-east-1';

async function cli(args: string[]): Promise<{ stdout: string; stderr: string[]; exitCode: typeof process.exitCode }> {
  const io = captureIo();
  const saved = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildProgram(io).parseAsync(args, { from: 'user' });
    return { stdout: io.stdout.join('\n'), stderr: io.stderr, exitCode: process.exitCode };
  } finally {
    process.exitCode = saved;
  }
}

describe.skipIf(moto.endpoint === null)(`ai-evidence with --s3-bucket and --kms-key-id against moto server${skipReason}`, () => {
  let scratch = '';
  let account: MotoAccount;
  let restoreEnv: () => void = () => {};
  let s3: S3Client;
  let kms: KMSClient;

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-cli-kms-s3-'));
    account = await freshAccount();
    const config = { endpoint: endpoint(), region: US, credentials: account.credentials };
    s3 = new S3Client({ ...config, forcePathStyle: true });
    kms = new KMSClient(config);
    restoreEnv = setEnv(motoEnvironment(account, US, scratch));
  });

  afterEach(async () => {
    restoreEnv();
    s3.destroy();
    kms.destroy();
    await rm(scratch, { recursive: true, force: true });
  });

  it('seals the demo estate into an Object Lock bucket with a KMS key, and verifies it with the KMS public key pinned', async () => {
    const bucket = `ai-evidence-cli-${account.accountId}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    const keyArn = KeyMetadata?.Arn ?? '';
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyArn }));
    const publicKeyFile = join(scratch, 'kms-public-key.pem');
    const publicKeyPem = parsePublicKey(PublicKey ?? new Uint8Array(), 'the KMS public key')
      .export({ type: 'spki', format: 'pem' })
      .toString();
    await writeFile(publicKeyFile, publicKeyPem);

    const assessed = await cli([
      'assess',
      '--demo',
      '--s3-bucket',
      bucket,
      '--s3-prefix',
      'org',
      '--retention-days',
      '30',
      '--kms-key-id',
      keyArn,
      '--json',
    ]);
    expect(assessed.stderr).toEqual([]);
    expect(assessed.exitCode).toBeUndefined();
    const result = JSON.parse(assessed.stdout);
    expect(result.verification).toEqual({ ok: true, problems: [] });
    expect(result.store).toBe(`s3://${bucket}/org/`);
    expect(result.evidenceFolder).toBeUndefined();

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `org/${runKeys.statement(result.runId)}` }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    const days = ((head.ObjectLockRetainUntilDate?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);

    const verified = await cli(['verify', '--s3-bucket', bucket, '--s3-prefix', 'org', '--public-key', publicKeyFile, '--json']);
    expect(verified.exitCode).toBeUndefined();
    const report = JSON.parse(verified.stdout);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.runs.map((r: { runId: string }) => r.runId)).toEqual([result.runId]);

    // Pinned to another key, the same bucket fails verification.
    const otherKey = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    const other = await kms.send(new GetPublicKeyCommand({ KeyId: otherKey.KeyMetadata?.KeyId ?? '' }));
    const otherFile = join(scratch, 'other.der');
    await writeFile(otherFile, other.PublicKey ?? new Uint8Array());
    const refused = await cli(['verify', '--s3-bucket', bucket, '--s3-prefix', 'org', '--public-key', otherFile, '--json']);
    expect(refused.exitCode).toBe(1);
    expect(JSON.parse(refused.stdout).ok).toBe(false);
  });
});
