import 'aws-sdk-client-mock-vitest/extend';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { createExportHandler } from '../../functions/export.js';
import { verifyBundle } from '../../lib/export/verify-bundle.js';
import { runKeys } from '../../lib/store/types.js';
import {
  FakeS3,
  FUNCTION_ENV,
  fakeKmsKey,
  HOME_ACCOUNT,
  KEY_ARN,
  lambdaContext,
  sealStaged,
  setEnv,
  stageScope,
  stageTargets,
} from './fakes.js';

const s3 = new FakeS3();
const kms = fakeKmsKey();
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const RUN_ID = '20261126T120000000Z-0123abcd';
const STARTED_AT = '2026-11-26T12:00:00.000Z';
const NOW = new Date('2026-11-27T09:00:00.000Z');

let scratch: string;
const handler = () => createExportHandler({ now: () => NOW, scratchDir: () => scratch });
const invoke = (event: unknown) => handler()(event, lambdaContext('export'));
const exportKeys = () => s3.keys().filter((k) => k.startsWith('exports/'));

/** A sealed run in the fake evidence bucket, signed by the fake KMS key. */
async function sealRun() {
  const scope = { accountId: HOME_ACCOUNT, region: 'eu-west-1' };
  await stageScope(client, scope, RUN_ID, STARTED_AT);
  await sealStaged(client, await stageTargets(client, RUN_ID, STARTED_AT, [scope]), new Date('2026-11-26T12:05:00.000Z'));
}

let restoreEnv: () => void;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-export-test-'));
});
beforeEach(async () => {
  restoreEnv = setEnv(FUNCTION_ENV);
  s3.reset();
  kms.reset();
  await sealRun();
});
afterEach(() => restoreEnv());
afterAll(async () => {
  s3.restore();
  kms.stub.restore();
  await rm(scratch, { recursive: true, force: true });
});

describe('export: bad events', () => {
  it.each([
    [{ to: '2026-11-26' }, 'from:'],
    [{ from: 'last week', to: '2026-11-26' }, 'from: "last week" is not a date'],
    [{ from: '2026-11-27', to: '2026-11-26' }, 'from: `from` is after `to`'],
    [{ from: '2026-11-26', to: '2026-11-26', framework: 'iso-42001' }, 'framework:'],
    [{ from: '2026-11-26', to: '2026-11-26', format: 'zip' }, 'Unrecognized key: "format"'],
  ])('refuses %j naming the field, and writes nothing', async (bad, named) => {
    await expect(invoke(bad)).rejects.toThrow(named);
    await expect(invoke(bad)).rejects.toMatchObject({ name: 'InvalidEventError' });
    expect(exportKeys()).toEqual([]);
  });

  it('says there is nothing to export when no run started in the range, and writes nothing', async () => {
    await expect(invoke({ from: '2026-10-01', to: '2026-10-31' })).rejects.toThrow(
      'No run of s3://evidence/ started between 2026-10-01T00:00:00.000Z and 2026-10-31T23:59:59.999Z: nothing was exported.',
    );
    expect(exportKeys()).toEqual([]);
  });
});

describe('export: a bundle', () => {
  it('writes the bundle of the runs in range to EXPORT_BUCKET and returns a presigned GET valid EXPORT_URL_TTL_SECONDS', async () => {
    const result = await invoke({ from: '2026-11-26', to: '2026-11-26', framework: 'caf-ai' });

    expect(result.bucket).toBe('exports');
    expect(result.key).toMatch(/^exports\/20261127T090000000Z-[0-9a-f]{8}\.zip$/);
    expect(result.expiresAt).toBe('2026-11-27T10:00:00.000Z');
    const url = new URL(result.url);
    expect(url.pathname.endsWith(result.key)).toBe(true);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(s3.stub).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'exports', Key: result.key, ContentType: 'application/zip' });

    const bundle = s3.bucket('exports').get(result.key) as Buffer;
    const report = await verifyBundle(bundle, 'bundle.zip', { publicKey: kms.publicKeyPem });
    expect(report.problems).toEqual([]);
    expect(report.runs.map((r) => r.runId)).toEqual([RUN_ID]);
    // The zip was written to scratch space and removed after the upload.
    expect(await readdir(scratch)).toEqual([]);
  });

  it('takes the URL lifetime from EXPORT_URL_TTL_SECONDS', async () => {
    setEnv({ EXPORT_URL_TTL_SECONDS: '300' });
    const result = await invoke({ from: '2026-11-26T00:00:00Z', to: '2026-11-26T23:00:00Z' });
    expect(new URL(result.url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(result.expiresAt).toBe('2026-11-27T09:05:00.000Z');
  });

  it('refuses to export a store that does not verify, naming the object, and writes nothing', async () => {
    const evidence = s3.bucket('evidence');
    const finding = [...evidence.keys()].find((k) => k.startsWith(`${runKeys.prefix(RUN_ID)}findings/`)) as string;
    evidence.set(finding, Buffer.from('{"tampered":true}'));
    await expect(invoke({ from: '2026-11-26', to: '2026-11-26' })).rejects.toThrow(
      new RegExp(`s3://evidence/ does not verify, so nothing was exported .*${finding}`),
    );
    expect(exportKeys()).toEqual([]);
  });

  it('refuses a store signed by another key than SIGNING_KEY_ID', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    kms.stub.on(GetPublicKeyCommand).resolves({
      KeyId: KEY_ARN,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      PublicKey: new Uint8Array(other.export({ type: 'spki', format: 'der' })),
    });
    await expect(invoke({ from: '2026-11-26', to: '2026-11-26' })).rejects.toThrow(
      /does not verify, so nothing was exported .*is signed by key [0-9a-f]+, not by the trusted key/,
    );
    expect(exportKeys()).toEqual([]);
  });
});
