import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { InvalidResponseError } from '../collectors/errors.js';

/**
 * Where attestation files or trust list keys are read from: a local folder (the CLI) or an S3
 * bucket and prefix (the Lambda pipeline). A source only lists names and reads bytes; checking
 * what they hold is the same code for every source (load.ts, trust.ts).
 */
export interface AttestationSource {
  /** The folder as given, or `s3://bucket/prefix`: named in messages and in the sealed trust list. */
  readonly location: string;
  /** What it is, for messages: `folder` or `S3 prefix`. */
  readonly kind: 'folder' | 'S3 prefix';
  /** The operations that list and read it, as coverage names them. */
  readonly operations: { list: string; read: string };
  /**
   * The names of the files directly in it (not in subfolders) that end with `suffix`, sorted by
   * code unit; `undefined` when there is no such folder (an S3 prefix with no object at all).
   */
  list(suffix: string): Promise<string[] | undefined>;
  read(name: string): Promise<Buffer>;
  /** How a file is named in messages and coverage: its path or its S3 URI. */
  where(name: string): string;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A local folder. A missing folder lists as `undefined`; other errors (ENOTDIR, EACCES) are thrown as
 * Node gives them. `location` is how it is named in messages and in the sealed trust list (the
 * folder as given, unless the caller names it otherwise).
 */
export function folderSource(dir: string, location = dir): AttestationSource {
  return {
    location,
    kind: 'folder',
    operations: { list: 'ReadDirectory', read: 'ReadFile' },
    async list(suffix) {
      try {
        return (await readdir(dir)).filter((n) => n.endsWith(suffix)).sort(byCodeUnit);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    read: (name) => readFile(join(dir, name)),
    where: (name) => join(dir, name),
  };
}

export interface S3SourceOptions {
  client: S3Client;
  bucket: string;
  /** A key prefix ending with `/`, e.g. `attestations/`. */
  prefix: string;
}

/**
 * An S3 bucket and prefix, listed page by page with ListObjectsV2 (1,000 keys a page) and the
 * delimiter `/`, so keys under deeper prefixes are left out as a folder's subfolders are. An empty
 * prefix lists as `undefined`, as a missing folder does. S3 errors are thrown as the SDK gives them
 * (name, message), for the caller to record.
 */
export function s3Source(options: S3SourceOptions): AttestationSource {
  const { client, bucket, prefix } = options;
  return {
    location: `s3://${bucket}/${prefix}`,
    kind: 'S3 prefix',
    operations: { list: 'ListObjectsV2', read: 'GetObject' },
    async list(suffix) {
      const names: string[] = [];
      let any = false;
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            Delimiter: '/',
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        );
        for (const object of page.Contents ?? []) {
          const key = object.Key;
          if (key === undefined || !key.startsWith(prefix)) continue;
          any = true;
          const name = key.slice(prefix.length);
          if (name.endsWith(suffix)) names.push(name);
        }
        if ((page.CommonPrefixes ?? []).length > 0) any = true;
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
        if (page.IsTruncated === true && token === undefined) {
          throw new InvalidResponseError(
            `ListObjectsV2 of s3://${bucket}/${prefix} says there are more keys but gives no continuation token.`,
          );
        }
      } while (token !== undefined);
      return any ? names.sort(byCodeUnit) : undefined;
    },
    async read(name) {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${name}` }));
      if (!answer.Body) throw new InvalidResponseError(`s3://${bucket}/${prefix}${name} has no body.`);
      return Buffer.from(await answer.Body.transformToByteArray());
    },
    where: (name) => `s3://${bucket}/${prefix}${name}`,
  };
}
