/**
 * The S3 Object Lock store against moto server: a bucket with Object Lock, a sealed run of the demo
 * estate written into it and verified back through it, COMPLIANCE retention on every object, a
 * locked version that cannot be deleted, and no way to replace an object through the store.
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEstate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { assess } from '../../lib/pipeline/assess.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { S3ObjectLockStore } from '../../lib/store/s3.js';
import { ObjectExistsError, ObjectNotFoundError, runKeys } from '../../lib/store/types.js';
import { endpoint, freshAccount, type MotoAccount, moto, skipReason } from './moto.js';

const US = 'us-east-1';
const RETENTION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

describe.skipIf(moto.endpoint === null)(`S3 Object Lock store against moto server${skipReason}`, () => {
  let account: MotoAccount;
  let s3: S3Client;
  let bucket = '';

  beforeAll(async () => {
    account = await freshAccount();
    s3 = new S3Client({ endpoint: endpoint(), region: US, credentials: account.credentials, forcePathStyle: true });
    // Bucket names are global in moto as in S3: the account id keeps parallel tests apart.
    bucket = `ai-evidence-${account.accountId}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  });

  afterAll(() => {
    s3?.destroy();
  });

  it('stores a sealed run of the demo estate with COMPLIANCE retention, and it verifies through the store', async () => {
    const store = new S3ObjectLockStore({ client: s3, bucket, prefix: 'estate', retentionDays: RETENTION_DAYS });
    const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const before = Date.now();
    const run = await assess({
      store,
      signer,
      // One region of the demo estate (about 120 objects): every object takes the same path through
      // the store, and the whole demo is sealed and verified offline.
      scopes: estateScopes(demoEstate).filter((s) => s.region === 'ap-southeast-2'),
      clientsFor: (accountId) => estateClients(demoEstate, accountId),
    });

    expect(await store.listRuns()).toEqual([run.runId]);
    const keys = await store.list(runKeys.prefix(run.runId));
    // Three objects per shard (one per account), the key, proofs, manifest, statement and its Sigstore bundle: no more, no less.
    const accounts = new Set(
      estateScopes(demoEstate)
        .filter((s) => s.region === 'ap-southeast-2')
        .map((s) => s.accountId),
    );
    expect(keys.filter((k) => k.includes('/shards/'))).toHaveLength(3 * accounts.size);
    expect(keys).toHaveLength(3 * accounts.size + run.sealed.objects.length + 4);
    expect(keys).toContain(runKeys.statement(run.runId));
    expect(keys).toContain(runKeys.sigstoreBundle(run.runId));

    const report = await verifyStore(store, { publicKey: signer.publicKeyPem });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);

    // Storing the same run again writes nothing.
    const again = keys.filter((k) => k.includes('/shards/')).slice(0, 4);
    const second = await Promise.all([
      ...run.sealed.objects.map((o) => store.put(o.key, o.bytes)),
      ...again.map(async (k) => store.put(k, await store.get(k))),
    ]);
    expect(second).toEqual(Array.from({ length: run.sealed.objects.length + again.length }, () => 'exists'));

    for (const key of [runKeys.statement(run.runId), runKeys.manifest(run.runId), keys[0] ?? '']) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `estate/${key}` }));
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
      const until = head.ObjectLockRetainUntilDate?.getTime() ?? 0;
      expect(until).toBeGreaterThan(Date.now());
      // Within a few seconds of now + the retention (S3 keeps the date to the second).
      expect(until).toBeGreaterThanOrEqual(before + RETENTION_DAYS * DAY_MS - 2000);
      expect(until).toBeLessThanOrEqual(Date.now() + RETENTION_DAYS * DAY_MS + 2000);
    }
  });

  it('refuses to delete a locked object version', async () => {
    const store = new S3ObjectLockStore({ client: s3, bucket, prefix: 'delete', retentionDays: 1 });
    await store.put('runs/r1/manifest.json', '{"locked":true}');
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'delete/runs/r1/manifest.json' }));
    const versionId = versions.Versions?.[0]?.VersionId;
    expect(versionId).toBeTruthy();

    await expect(
      s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'delete/runs/r1/manifest.json', VersionId: versionId })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    expect((await store.get('runs/r1/manifest.json')).toString()).toBe('{"locked":true}');
  });

  it('cannot replace an object through the store: other bytes are refused and no new version is made', async () => {
    const store = new S3ObjectLockStore({ client: s3, bucket, prefix: 'tamper', retentionDays: 1 });
    const key = 'runs/r1/findings/a.json';
    expect(await store.put(key, 'original')).toBe('written');
    expect(await store.put(key, 'original')).toBe('exists');

    const tampered = store.put(key, 'tampered');
    await expect(tampered).rejects.toBeInstanceOf(ObjectExistsError);
    await expect(tampered).rejects.toThrow(`${key} already exists in s3://${bucket}/tamper/ with other content`);

    expect((await store.get(key)).toString()).toBe('original');
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: `tamper/${key}` }));
    expect(versions.Versions).toHaveLength(1);
    await expect(store.get('runs/r1/findings/none.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('refuses to read an object that carries no SHA-256 checksum (one the store did not write)', async () => {
    // A mismatching checksum cannot be planted (S3 rejects it on receipt); the SDK mock tests cover that case.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'foreign/runs/r1/a.json', Body: 'x', ChecksumAlgorithm: 'CRC32' }));
    const store = new S3ObjectLockStore({ client: s3, bucket, prefix: 'foreign', retentionDays: 1 });
    await expect(store.get('runs/r1/a.json')).rejects.toThrow(`s3://${bucket}/foreign/runs/r1/a.json has no stored SHA-256 checksum`);
  });
});
