import 'aws-sdk-client-mock-vitest/extend';
import {
  GetObjectCommand,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ATTESTATION_COLLECTOR, signAttestation } from '../../lib/attestations/attestation.js';
import { asRunAttestations } from '../../lib/attestations/load.js';
import { TRUST_LIST_COLLECTOR } from '../../lib/attestations/trust.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import { sealEvidence } from '../../lib/evidence/record.js';
import { ATTESTATIONS_PREFIX, readBucketAttestations, TRUSTED_ATTESTERS_PREFIX } from '../../lib/pipeline/attestations.js';
import { attestationOf, attester, newSigner } from '../fixtures/attestations.js';

const BUCKET = 'attestations-bucket';
const ACCOUNT = '111122223333';
const STARTED = new Date('2026-11-26T12:00:00.000Z');

const stub = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

function s3Error(name: string, status: number, message = name): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/**
 * A bucket in memory behind the mock, listed as S3 lists: keys in order, `pageSize` a page, with a
 * continuation token, keys under a deeper `/` folded into CommonPrefixes. Keys under a prefix of
 * `denied` are refused with AccessDenied, listing and reading.
 */
class Bucket {
  objects = new Map<string, Buffer>();
  pageSize = 1000;
  denied: string[] = [];

  constructor() {
    stub.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
      const prefix = input.Prefix ?? '';
      if (this.denied.some((d) => prefix.startsWith(d))) throw s3Error('AccessDenied', 403, 'Access Denied');
      const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const direct = keys.filter((k) => !k.slice(prefix.length).includes('/'));
      const common = [...new Set(keys.filter((k) => !direct.includes(k)).map((k) => `${prefix}${k.slice(prefix.length).split('/')[0]}/`))];
      const start = input.ContinuationToken === undefined ? 0 : Number(input.ContinuationToken);
      const page = direct.slice(start, start + this.pageSize);
      const more = start + this.pageSize < direct.length;
      return {
        $metadata: {},
        Contents: page.map((Key) => ({ Key })),
        ...(start === 0 && common.length > 0 ? { CommonPrefixes: common.map((Prefix) => ({ Prefix })) } : {}),
        KeyCount: page.length,
        IsTruncated: more,
        ...(more ? { NextContinuationToken: String(start + this.pageSize) } : {}),
      };
    });
    stub.on(GetObjectCommand).callsFake((input: GetObjectCommandInput): GetObjectCommandOutput => {
      const key = input.Key ?? '';
      if (this.denied.some((d) => key.startsWith(d))) throw s3Error('AccessDenied', 403, 'Access Denied');
      const bytes = this.objects.get(key);
      if (!bytes) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
      const body = { transformToByteArray: async () => new Uint8Array(bytes) };
      return { $metadata: {}, Body: body as unknown as GetObjectCommandOutput['Body'] };
    });
  }

  put(key: string, value: string | object): void {
    this.objects.set(key, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
  }
}

let bucket: Bucket;
beforeEach(() => {
  stub.reset();
  bucket = new Bucket();
});
afterAll(() => stub.restore());

const read = () => readBucketAttestations({ client, bucket: BUCKET, accountId: ACCOUNT, collectedAt: STARTED });
const attestationKey = (name: string) => `${ATTESTATIONS_PREFIX}${name}.attestation.json`;
const coverageOf = (coverage: CoverageEntry[], collector: string) => coverage.find((c) => c.collector === collector);

/** `count` attestations of distinct requirements signed by `signer`. */
async function putAttestations(count: number, signer = attester, tag = 'a'): Promise<void> {
  const requirements = ['GOVERN 1.1', 'GOVERN 1.2', 'GOVERN 1.3', 'GOVERN 1.4', 'GOVERN 1.5', 'GOVERN 1.6', 'GOVERN 1.7'];
  for (let i = 0; i < count; i++) {
    const requirement = requirements[i] as string;
    bucket.put(attestationKey(`${tag}${i}`), await signAttestation(attestationOf({ requirement }), signer));
  }
}

describe('the attestations bucket', () => {
  it('reads every page of a listing of more keys than one page holds, asking for each page with its token', async () => {
    // Prepare
    bucket.pageSize = 2;
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}dana-reyes.pem`, attester.publicKeyPem);
    await putAttestations(5);
    bucket.put(`${ATTESTATIONS_PREFIX}README.md`, 'Upload signed attestations here.');
    bucket.put(`${ATTESTATIONS_PREFIX}old/x.attestation.json`, 'a subfolder is not read');
    // Act
    const result = await read();
    // Assess
    expect(result.loaded.opened.map((o) => o.file)).toEqual([0, 1, 2, 3, 4].map((i) => `s3://${BUCKET}/${attestationKey(`a${i}`)}`));
    expect(result.records).toHaveLength(6);
    expect(stub).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Bucket: BUCKET,
      Prefix: ATTESTATIONS_PREFIX,
      Delimiter: '/',
      ContinuationToken: '4',
    });
    expect(stub.commandCalls(ListObjectsV2Command, { Prefix: ATTESTATIONS_PREFIX })).toHaveLength(3);
    expect(result.coverage).toEqual([
      { collector: ATTESTATION_COLLECTOR, accountId: ACCOUNT, region: 'global', status: 'COMPLETE', records: 5, errors: [] },
      { collector: TRUST_LIST_COLLECTOR, accountId: ACCOUNT, region: 'global', status: 'COMPLETE', records: 1, errors: [] },
    ]);
    const judged = asRunAttestations(result.loaded).attestations;
    expect(judged.map((a) => a.trust)).toEqual(Array(5).fill({ trusted: true, attester: 'dana-reyes' }));
  });

  it('seals an empty trust list naming the bucket when the bucket is empty, and no attestation', async () => {
    // Act
    const result = await read();
    // Assess
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.source.collector).toBe(TRUST_LIST_COLLECTOR);
    expect(result.records[0]?.data).toEqual({ schemaVersion: 1, source: `s3://${BUCKET}/${TRUSTED_ATTESTERS_PREFIX}`, attesters: [] });
    expect(result.records[0]?.accountId).toBe(ACCOUNT);
    expect(result.loaded.trustList.found).toBe(false);
    expect(result.coverage.map((c) => [c.collector, c.status, c.records])).toEqual([
      [ATTESTATION_COLLECTOR, 'COMPLETE', 0],
      [TRUST_LIST_COLLECTOR, 'COMPLETE', 1],
    ]);
  });

  it('leaves out a file that is not JSON and one whose signature does not hold, naming each S3 key and why, and seals the rest', async () => {
    // Prepare
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}dana-reyes.pem`, attester.publicKeyPem);
    await putAttestations(1);
    bucket.put(attestationKey('broken'), '{"envelope": ');
    const altered = await signAttestation(attestationOf({ requirement: 'MAP 1.1' }), attester);
    const payload = JSON.parse(Buffer.from(altered.envelope.payload, 'base64').toString('utf8'));
    altered.envelope.payload = Buffer.from(JSON.stringify({ ...payload, validUntil: '2099-12-31' })).toString('base64');
    bucket.put(attestationKey('altered'), altered);
    // Act
    const result = await read();
    // Assess
    expect(result.loaded.opened.map((o) => o.attestation.requirement)).toEqual(['GOVERN 1.1']);
    expect(result.records).toHaveLength(2);
    const entry = coverageOf(result.coverage, ATTESTATION_COLLECTOR);
    expect(entry).toMatchObject({ status: 'PARTIAL', records: 1 });
    expect(entry?.errors).toEqual([
      {
        operation: 'GetObject',
        resourceId: `s3://${BUCKET}/${attestationKey('altered')}`,
        kind: 'INVALID_RESPONSE',
        code: 'AttestationError',
        message: expect.stringContaining('is not signed by the key it carries'),
      },
      {
        operation: 'GetObject',
        resourceId: `s3://${BUCKET}/${attestationKey('broken')}`,
        kind: 'INVALID_RESPONSE',
        code: 'AttestationError',
        message: expect.stringMatching(new RegExp(`^s3://${BUCKET}/attestations/broken.attestation.json is not readable JSON`)),
      },
    ]);
    expect(coverageOf(result.coverage, TRUST_LIST_COLLECTOR)?.status).toBe('COMPLETE');
  });

  it('records a file it may not read as ACCESS_DENIED naming the key, and reads the others', async () => {
    // Prepare
    await putAttestations(2);
    bucket.denied = [attestationKey('a1')];
    // Act
    const result = await read();
    // Assess
    expect(result.loaded.opened).toHaveLength(1);
    expect(coverageOf(result.coverage, ATTESTATION_COLLECTOR)?.errors).toEqual([
      {
        operation: 'GetObject',
        resourceId: `s3://${BUCKET}/${attestationKey('a1')}`,
        kind: 'ACCESS_DENIED',
        code: 'AccessDenied',
        message: `s3://${BUCKET}/${attestationKey('a1')} cannot be read: AccessDenied: Access Denied.`,
        httpStatus: 403,
      },
    ]);
  });

  it('trusts no key when the trust list cannot be listed, records it as FAILED, and still seals the attestations as untrusted', async () => {
    // Prepare
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}dana-reyes.pem`, attester.publicKeyPem);
    await putAttestations(1);
    bucket.denied = [TRUSTED_ATTESTERS_PREFIX];
    // Act
    const result = await read();
    // Assess
    expect(result.records[0]?.data).toMatchObject({ attesters: [] });
    expect(coverageOf(result.coverage, TRUST_LIST_COLLECTOR)).toEqual({
      collector: TRUST_LIST_COLLECTOR,
      accountId: ACCOUNT,
      region: 'global',
      status: 'FAILED',
      records: 1,
      errors: [
        {
          operation: 'ListObjectsV2',
          kind: 'ACCESS_DENIED',
          code: 'AccessDenied',
          message: `The trust list of attester keys s3://${BUCKET}/${TRUSTED_ATTESTERS_PREFIX} cannot be read: AccessDenied: Access Denied.`,
          httpStatus: 403,
        },
      ],
    });
    const judged = asRunAttestations(result.loaded).attestations;
    expect(judged).toHaveLength(1);
    expect(judged[0]?.trust).toMatchObject({ trusted: false, reason: expect.stringContaining('signed by an untrusted key') });
  });

  it('records no attestation and a FAILED entry when the attestations prefix cannot be listed', async () => {
    // Prepare
    await putAttestations(1);
    bucket.denied = [ATTESTATIONS_PREFIX];
    // Act
    const result = await read();
    // Assess
    expect(result.records).toHaveLength(1);
    expect(coverageOf(result.coverage, ATTESTATION_COLLECTOR)).toMatchObject({
      status: 'FAILED',
      records: 0,
      errors: [{ operation: 'ListObjectsV2', kind: 'ACCESS_DENIED', code: 'AccessDenied' }],
    });
  });

  it('trusts no key of a bad trust list file, nor a key two files hold, and records each file; the other keys still count', async () => {
    // Prepare
    const sam = newSigner();
    const twice = newSigner();
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}dana-reyes.pem`, attester.publicKeyPem);
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}sam.pem`, `${sam.publicKeyPem}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`);
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}lee.pem`, twice.publicKeyPem);
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}mallory.pem`, twice.publicKeyPem);
    // Act
    const result = await read();
    // Assess
    expect(result.loaded.trustList.attesters.map((a) => a.name)).toEqual(['dana-reyes']);
    const entry = coverageOf(result.coverage, TRUST_LIST_COLLECTOR);
    expect(entry?.status).toBe('PARTIAL');
    expect(entry?.errors.map((e) => [e.resourceId, e.kind])).toEqual([
      [`s3://${BUCKET}/${TRUSTED_ATTESTERS_PREFIX}lee.pem`, 'INVALID_RESPONSE'],
      [`s3://${BUCKET}/${TRUSTED_ATTESTERS_PREFIX}mallory.pem`, 'INVALID_RESPONSE'],
      [`s3://${BUCKET}/${TRUSTED_ATTESTERS_PREFIX}sam.pem`, 'INVALID_RESPONSE'],
    ]);
    expect(entry?.errors[0]?.message).toContain('hold the same key');
    expect(entry?.errors[2]?.message).toContain('holds a private key');
  });

  it('gives the same sealed records for the same objects, however the listing is paged', async () => {
    // Prepare
    const sam = newSigner();
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}sam.pem`, sam.publicKeyPem);
    bucket.put(`${TRUSTED_ATTESTERS_PREFIX}dana-reyes.pem`, attester.publicKeyPem);
    await putAttestations(3);
    await putAttestations(1, sam, 'sam');
    // Act
    const once = await read();
    bucket.pageSize = 1;
    const again = await read();
    // Assess
    const digests = (r: typeof once) => r.records.map((record) => sealEvidence(record).sha256);
    expect(digests(again)).toEqual(digests(once));
    expect(again.coverage).toEqual(once.coverage);
    expect(once.records.map((r) => r.source.collector)).toEqual([TRUST_LIST_COLLECTOR, ...Array(4).fill(ATTESTATION_COLLECTOR)]);
    expect(once.records.every((r) => r.collectedAt === STARTED.toISOString())).toBe(true);
  });
});
