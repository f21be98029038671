import 'aws-sdk-client-mock-vitest/extend';
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumMismatchError, S3ObjectLockStore, StoreAccessError } from '../../lib/store/s3.js';
import { ObjectExistsError, ObjectNotFoundError } from '../../lib/store/types.js';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const BUCKET = 'evidence-bucket';
const NOW = new Date('2026-11-26T12:00:00.000Z');

function store(prefix?: string): S3ObjectLockStore {
  return new S3ObjectLockStore({ client, bucket: BUCKET, retentionDays: 30, now: () => NOW, ...(prefix === undefined ? {} : { prefix }) });
}

function sha256Base64(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('base64');
}

function s3Error(name: string, status: number, message = name): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** A GetObject answer with a body the SDK would give (only transformToByteArray is read). */
function getAnswer(bytes: Uint8Array, checksum: string | undefined): GetObjectCommandOutput {
  const body = { transformToByteArray: async () => new Uint8Array(bytes) };
  return { $metadata: {}, Body: body as unknown as GetObjectCommandOutput['Body'], ...(checksum ? { ChecksumSHA256: checksum } : {}) };
}

/** A bucket in memory behind the mock: conditional PutObject and checksummed GetObject as S3 does them. */
function fakeBucket(): Map<string, Buffer> {
  const objects = new Map<string, Buffer>();
  s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    const key = input.Key ?? '';
    if (input.IfNoneMatch === '*' && objects.has(key))
      throw s3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
    objects.set(key, Buffer.from(input.Body as Buffer));
    return { $metadata: {}, ChecksumSHA256: input.ChecksumSHA256 };
  });
  s3.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const bytes = objects.get(input.Key ?? '');
    if (bytes === undefined) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
    return getAnswer(bytes, sha256Base64(bytes));
  });
  return objects;
}

beforeEach(() => {
  s3.reset();
});

afterAll(() => {
  s3.restore();
});

describe('S3ObjectLockStore', () => {
  it('writes once with a SHA-256 checksum, COMPLIANCE retention and If-None-Match, under the prefix', async () => {
    const objects = fakeBucket();
    const bytes = '{"a":1}';

    expect(await store('tenant-a').put('runs/r1/evidence/a.json', bytes)).toBe('written');

    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: BUCKET,
      Key: 'tenant-a/runs/r1/evidence/a.json',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: sha256Base64(bytes),
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date('2026-12-26T12:00:00.000Z'),
      IfNoneMatch: '*',
    });
    expect(objects.get('tenant-a/runs/r1/evidence/a.json')?.toString()).toBe(bytes);
  });

  it('reports the same bytes again as existing and refuses other bytes under the key', async () => {
    const objects = fakeBucket();
    const target = store();
    await target.put('runs/r1/manifest.json', 'one');

    expect(await target.put('runs/r1/manifest.json', Buffer.from('one'))).toBe('exists');
    const other = target.put('runs/r1/manifest.json', 'two');
    await expect(other).rejects.toBeInstanceOf(ObjectExistsError);
    await expect(other).rejects.toThrow('runs/r1/manifest.json already exists in s3://evidence-bucket/ with other content');
    expect(objects.get('runs/r1/manifest.json')?.toString()).toBe('one');
    // The existing object was read back with its checksum to compare.
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: BUCKET, Key: 'runs/r1/manifest.json', ChecksumMode: 'ENABLED' });
  });

  it('treats a conflicting concurrent conditional write (409) like an existing key', async () => {
    s3.on(PutObjectCommand).rejects(s3Error('ConditionalRequestConflict', 409));
    s3.on(GetObjectCommand).resolves(getAnswer(Buffer.from('same'), sha256Base64('same')));
    expect(await store().put('runs/r1/proofs.bin', 'same')).toBe('exists');
  });

  it('returns the bytes when they match the stored checksum', async () => {
    fakeBucket();
    const target = store('p/');
    await target.put('runs/r1/proofs.bin', Buffer.from([0, 1, 2, 255]));
    expect(await target.get('runs/r1/proofs.bin')).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('refuses bytes that do not match the stored checksum, naming the key', async () => {
    s3.on(GetObjectCommand).resolves(getAnswer(Buffer.from('tampered'), sha256Base64('original')));
    const read = store('p').get('runs/r1/manifest.json');
    await expect(read).rejects.toBeInstanceOf(ChecksumMismatchError);
    await expect(read).rejects.toThrow(`s3://${BUCKET}/p/runs/r1/manifest.json does not match its stored checksum`);
  });

  it('refuses an object without a stored checksum', async () => {
    s3.on(GetObjectCommand).resolves(getAnswer(Buffer.from('x'), undefined));
    await expect(store().get('runs/r1/manifest.json')).rejects.toThrow('has no stored SHA-256 checksum');
  });

  it('reports a missing key as ObjectNotFoundError', async () => {
    fakeBucket();
    await expect(store().get('runs/r1/statement.dsse.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('lists every key under a prefix through all ListObjectsV2 pages, without the store prefix, sorted', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        IsTruncated: true,
        NextContinuationToken: 't1',
        Contents: [{ Key: 'p/runs/r1/findings/b.json' }, { Key: 'p/runs/r1/evidence/a.json' }],
      })
      .resolvesOnce({ IsTruncated: true, NextContinuationToken: 't2', Contents: [] })
      .resolvesOnce({ IsTruncated: false, Contents: [{ Key: 'p/runs/r1/manifest.json' }] });

    expect(await store('p').list('runs/r1/')).toEqual(['runs/r1/evidence/a.json', 'runs/r1/findings/b.json', 'runs/r1/manifest.json']);
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 3);
    expect(s3).toHaveReceivedNthCommandWith(ListObjectsV2Command, 1, { Bucket: BUCKET, Prefix: 'p/runs/r1/' });
    expect(s3).toHaveReceivedNthCommandWith(ListObjectsV2Command, 2, { Bucket: BUCKET, Prefix: 'p/runs/r1/', ContinuationToken: 't1' });
    expect(s3).toHaveReceivedNthCommandWith(ListObjectsV2Command, 3, { Bucket: BUCKET, Prefix: 'p/runs/r1/', ContinuationToken: 't2' });
  });

  it('lists run ids from the common prefixes under runs/, across pages', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ IsTruncated: true, NextContinuationToken: 't1', CommonPrefixes: [{ Prefix: 'runs/20261126T120000000Z-bbbb/' }] })
      .resolvesOnce({ IsTruncated: false, CommonPrefixes: [{ Prefix: 'runs/20261125T120000000Z-aaaa/' }] });

    expect(await store().listRuns()).toEqual(['20261125T120000000Z-aaaa', '20261126T120000000Z-bbbb']);
    expect(s3).toHaveReceivedNthCommandWith(ListObjectsV2Command, 1, { Bucket: BUCKET, Prefix: 'runs/', Delimiter: '/' });
    expect(s3).toHaveReceivedNthCommandWith(ListObjectsV2Command, 2, {
      Bucket: BUCKET,
      Prefix: 'runs/',
      Delimiter: '/',
      ContinuationToken: 't1',
    });
  });

  it('refuses a truncated page without a continuation token rather than loop or stop early', async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: true, Contents: [{ Key: 'runs/r1/a' }] });
    await expect(store().list('runs/')).rejects.toThrow('truncated but gave no continuation token');
  });

  it('names bucket, key and action when access is denied', async () => {
    const denied = s3Error('AccessDenied', 403, 'Access Denied');
    s3.on(PutObjectCommand).rejects(denied);
    s3.on(GetObjectCommand).rejects(denied);
    s3.on(ListObjectsV2Command).rejects(denied);
    const target = store('p');

    const put = target.put('runs/r1/manifest.json', 'x');
    await expect(put).rejects.toBeInstanceOf(StoreAccessError);
    await expect(put).rejects.toThrow(
      `s3:PutObject on s3://${BUCKET}/p/runs/r1/manifest.json is denied: grant s3:PutObject on bucket ${BUCKET}`,
    );
    await expect(target.get('runs/r1/manifest.json')).rejects.toThrow(`s3:GetObject on s3://${BUCKET}/p/runs/r1/manifest.json is denied`);
    await expect(target.list('runs/r1/')).rejects.toThrow(`s3:ListBucket on s3://${BUCKET}/p/runs/r1/ is denied`);
    await expect(target.listRuns()).rejects.toThrow(`s3:ListBucket on s3://${BUCKET}/p/runs/ is denied`);
  });

  it('names the bucket and action on other failures, e.g. a bucket without Object Lock', async () => {
    s3.on(PutObjectCommand).rejects(s3Error('InvalidRequest', 400, 'Bucket is missing Object Lock Configuration'));
    await expect(store().put('runs/r1/a.json', 'x')).rejects.toThrow(
      `s3:PutObject on s3://${BUCKET}/runs/r1/a.json failed: InvalidRequest: Bucket is missing Object Lock Configuration`,
    );
  });

  it('refuses unsafe keys and a retention that is not a positive number of days', async () => {
    await expect(store().put('../escape', 'x')).rejects.toThrow('not a safe relative path');
    await expect(store().get('runs//a')).rejects.toThrow('not a safe relative path');
    expect(() => new S3ObjectLockStore({ client, bucket: BUCKET, retentionDays: 0 })).toThrow('at least 1');
    expect(() => new S3ObjectLockStore({ client, bucket: BUCKET, retentionDays: 1.5 })).toThrow('whole number of days');
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
  });

  it('names its location with the prefix', () => {
    expect(store().location).toBe(`s3://${BUCKET}/`);
    expect(store('a/b').location).toBe(`s3://${BUCKET}/a/b/`);
    expect(store('/a/b//').location).toBe(`s3://${BUCKET}/a/b/`);
  });
});
