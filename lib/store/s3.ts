import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type EvidenceStore, ObjectExistsError, ObjectNotFoundError } from './types.js';

const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface S3ObjectLockStoreOptions {
  client: S3Client;
  /** A bucket created with Object Lock enabled. */
  bucket: string;
  /** Prepended to every key; a trailing `/` is added when missing. */
  prefix?: string;
  /** COMPLIANCE retention of every object, in days from when it is written. */
  retentionDays: number;
  now?: () => Date;
}

/** S3 refused an action on the bucket: names the bucket, the key and the IAM action to grant. */
export class StoreAccessError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreAccessError';
  }
}

/** An object whose bytes do not match the checksum S3 stored with it. */
export class ChecksumMismatchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChecksumMismatchError';
  }
}

interface AwsErrorLike {
  name?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function errorName(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorLike;
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  return typeof e.Code === 'string' ? e.Code : 'Error';
}

function statusOf(error: unknown): number | undefined {
  return (error as AwsErrorLike | null)?.$metadata?.httpStatusCode;
}

function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/**
 * An S3 bucket with Object Lock as a write-once store. Every object is written once with a SHA-256
 * checksum S3 checks on receipt and COMPLIANCE retention that nobody, the root user included, can
 * shorten; `If-None-Match: *` makes the write conditional on the key being free, so an existing
 * object is never given a new version by this store. Reads ask for the stored checksum and check the
 * bytes against it.
 */
export class S3ObjectLockStore implements EvidenceStore {
  readonly location: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly retentionDays: number;
  readonly client: S3Client;
  private readonly now: () => Date;

  constructor(options: S3ObjectLockStoreOptions) {
    if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1) {
      throw new Error(`The retention must be a whole number of days, at least 1 (got ${options.retentionDays}).`);
    }
    const prefix = options.prefix ? options.prefix.replace(/^\/+/, '').replace(/\/*$/, '/') : '';
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = prefix === '/' ? '' : prefix;
    this.retentionDays = options.retentionDays;
    this.now = options.now ?? (() => new Date());
    this.location = `s3://${this.bucket}/${this.prefix}`;
  }

  private objectKey(key: string): string {
    if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
      throw new Error(`The object key "${key}" is not a safe relative path.`);
    }
    return `${this.prefix}${key}`;
  }

  /** An SDK error as a message naming the bucket, the key and the action. */
  private failure(error: unknown, action: string, key: string): Error {
    const name = errorName(error);
    const detail = (error as AwsErrorLike | null)?.message;
    const where = `s3://${this.bucket}/${key}`;
    if (name === 'AccessDenied' || name === 'AccessDeniedException' || statusOf(error) === 403) {
      return new StoreAccessError(
        `${action} on ${where} is denied: grant ${action} on bucket ${this.bucket} to these credentials (${String(detail ?? name)}).`,
        { cause: error },
      );
    }
    if (name === 'NoSuchBucket') return new Error(`The bucket ${this.bucket} does not exist (${action} on ${where}).`, { cause: error });
    return new Error(`${action} on ${where} failed: ${name}: ${String(detail ?? '')}`, { cause: error });
  }

  async put(key: string, bytes: Uint8Array | string): Promise<'written' | 'exists'> {
    const objectKey = this.objectKey(key);
    const body = Buffer.from(bytes);
    const checksum = sha256Base64(body);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          Body: body,
          ContentLength: body.length,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: checksum,
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: new Date(this.now().getTime() + this.retentionDays * DAY_MS),
          IfNoneMatch: '*',
        }),
      );
      return 'written';
    } catch (error) {
      const name = errorName(error);
      // 412: the key exists; 409: a concurrent conditional write to it is in progress.
      const taken = name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || [409, 412].includes(statusOf(error) ?? 0);
      if (!taken) throw this.failure(error, 's3:PutObject', objectKey);
    }
    const existing = await this.get(key);
    if (existing.equals(body)) return 'exists';
    throw new ObjectExistsError(`${key} already exists in ${this.location} with other content; a write-once store does not overwrite.`);
  }

  async get(key: string): Promise<Buffer> {
    const objectKey = this.objectKey(key);
    let answer: GetObjectCommandOutput;
    let bytes: Buffer;
    try {
      answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey, ChecksumMode: 'ENABLED' }));
      if (answer.Body === undefined) throw new Error('GetObject returned no body.');
      bytes = Buffer.from(await answer.Body.transformToByteArray());
    } catch (error) {
      const name = errorName(error);
      if (name === 'NoSuchKey' || name === 'NotFound') {
        throw new ObjectNotFoundError(`${key} is not in ${this.location}.`, { cause: error });
      }
      throw this.failure(error, 's3:GetObject', objectKey);
    }
    const actual = sha256Base64(bytes);
    if (answer.ChecksumSHA256 === undefined) {
      throw new ChecksumMismatchError(`s3://${this.bucket}/${objectKey} has no stored SHA-256 checksum, so its bytes cannot be checked.`);
    }
    if (answer.ChecksumSHA256 !== actual) {
      throw new ChecksumMismatchError(
        `s3://${this.bucket}/${objectKey} does not match its stored checksum: SHA-256 ${actual} read, ${answer.ChecksumSHA256} stored.`,
      );
    }
    return bytes;
  }

  /** Every page of ListObjectsV2 under `prefix` (a full key prefix), optionally with a delimiter. */
  private async *pages(prefix: string, delimiter?: string): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ...(delimiter ? { Delimiter: delimiter } : {}),
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (error) {
        throw this.failure(error, 's3:ListBucket', prefix);
      }
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated && token === undefined) {
        throw new Error(`ListObjectsV2 of s3://${this.bucket}/${prefix} is truncated but gave no continuation token.`);
      }
    } while (token !== undefined);
  }

  async list(prefix: string): Promise<string[]> {
    const full = `${this.prefix}${prefix}`;
    const keys: string[] = [];
    for await (const page of this.pages(full)) {
      for (const object of page.Contents ?? []) {
        if (object.Key?.startsWith(this.prefix)) keys.push(object.Key.slice(this.prefix.length));
      }
    }
    return keys.sort();
  }

  async listRuns(): Promise<string[]> {
    const runs = `${this.prefix}runs/`;
    const ids: string[] = [];
    for await (const page of this.pages(runs, '/')) {
      for (const common of page.CommonPrefixes ?? []) {
        const id = common.Prefix?.slice(runs.length).replace(/\/$/, '');
        if (id) ids.push(id);
      }
    }
    return ids.sort();
  }
}
