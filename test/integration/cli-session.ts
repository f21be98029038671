/**
 * Helpers of the integration tests that drive the CLI as a user would: the program run in-process
 * with its output captured, a per-test session (a scratch folder, a fresh moto account and the SDK's
 * standard configuration pointed at moto), and the Object Lock bucket and KMS signing key a sealed
 * S3 store needs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach } from 'vitest';
import { buildProgram } from '../../lib/cli/program.js';
import { parsePublicKey } from '../../lib/seal/signer.js';
import { captureIo } from '../helpers/io.js';
import { endpoint, freshAccount, type MotoAccount, motoEnvironment, setEnv } from './moto.js';

export interface CliResult {
  /** What the command printed to stdout, lines joined with newlines. */
  stdout: string;
  stderr: string[];
  /** The exit code the command set, if any; the test process's own is left as it was. */
  exitCode: typeof process.exitCode;
}

/** Runs `ai-evidence <args>` in-process with its output captured. */
export async function cli(args: readonly string[]): Promise<CliResult> {
  const io = captureIo();
  const saved = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return { stdout: io.stdout.join('\n'), stderr: io.stderr, exitCode: process.exitCode };
  } finally {
    process.exitCode = saved;
  }
}

/** What each test of a CLI session gets; the fields are set anew before each test. */
export interface CliSession {
  scratch: string;
  account: MotoAccount;
}

/**
 * Registers hooks that give each test of the enclosing describe a scratch folder, a fresh moto
 * account and the environment a user would set for it (in `region`), and undo them after the test.
 */
export function cliSession(name: string, region: string): CliSession {
  const session = {} as CliSession;
  let restoreEnv: () => void = () => {};
  beforeEach(async () => {
    session.scratch = await mkdtemp(join(tmpdir(), `ai-evidence-${name}-`));
    session.account = await freshAccount();
    restoreEnv = setEnv(motoEnvironment(session.account, region, session.scratch));
  });
  afterEach(async () => {
    restoreEnv();
    await rm(session.scratch, { recursive: true, force: true });
  });
  return session;
}

/** A CLI session with S3 and KMS clients of its account, for seeding and inspecting a sealed S3 store. */
export interface SealingSession extends CliSession {
  s3: S3Client;
  kms: KMSClient;
}

export function sealingSession(name: string, region: string): SealingSession {
  const session = cliSession(name, region) as SealingSession;
  beforeEach(() => {
    const config = { endpoint: endpoint(), region, credentials: session.account.credentials };
    session.s3 = new S3Client({ ...config, forcePathStyle: true });
    session.kms = new KMSClient(config);
  });
  afterEach(() => {
    session.s3.destroy();
    session.kms.destroy();
  });
  return session;
}

/** A new ECC P-256 signing key, as `--kms-key-id` needs, with its public key as the SDK returns it (DER). */
export async function createSigningKey(kms: KMSClient): Promise<{ keyArn: string; publicKeyDer: Uint8Array }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
  if (!KeyMetadata?.Arn) throw new Error('moto CreateKey returned no ARN.');
  const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: KeyMetadata.Arn }));
  if (!PublicKey) throw new Error(`moto GetPublicKey returned no key for ${KeyMetadata.Arn}.`);
  return { keyArn: KeyMetadata.Arn, publicKeyDer: PublicKey };
}

/**
 * What `--s3-bucket` and `--kms-key-id` need: `bucket` created with Object Lock, a signing key, and
 * the key's public key written as PEM into the scratch folder for `--public-key`.
 */
export async function sealedStoreTarget(session: SealingSession, bucket: string): Promise<{ keyArn: string; publicKeyFile: string }> {
  await session.s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  const { keyArn, publicKeyDer } = await createSigningKey(session.kms);
  const publicKeyFile = join(session.scratch, 'kms-public-key.pem');
  const pem = parsePublicKey(publicKeyDer, 'the KMS public key').export({ type: 'spki', format: 'pem' }).toString();
  await writeFile(publicKeyFile, pem);
  return { keyArn, publicKeyFile };
}
