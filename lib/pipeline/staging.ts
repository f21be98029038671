import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { inCanonicalOrder } from '../evidence/canonical.js';
import { type CoverageEntry, CoverageEntrySchema, type Scope } from '../evidence/coverage.js';
import { type EvidenceRecord, EvidenceRecordSchema } from '../evidence/record.js';

/**
 * What the collect step of one scope leaves for the evaluate-and-seal step: its records and
 * coverage, as one JSON object in the staging bucket. Staging is scratch space: the sealed run in
 * the Object Lock store is the record.
 */
export interface StagedScope {
  schemaVersion: 1;
  runId: string;
  startedAt: string;
  accountId: string;
  region: string;
  records: EvidenceRecord[];
  coverage: CoverageEntry[];
}

/** The staging key of one scope of a run. */
export function stagedKey(runId: string, scope: Scope): string {
  return `staging/${runId}/${scope.accountId}/${scope.region}.json`;
}

/** A staged object that is missing, unreadable or not what the collect step writes: names the key and what is wrong. */
export class StagingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StagingError';
  }
}

const StagedShape = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  startedAt: z.string(),
  accountId: z.string(),
  region: z.string(),
  // Records are checked one by one below, so that an error names the record.
  records: z.array(z.unknown()),
  coverage: z.array(CoverageEntrySchema),
});

/** Writes one scope's records and coverage with a SHA-256 checksum that S3 checks on receipt. */
export async function putStaged(s3: S3Client, bucket: string, staged: StagedScope): Promise<string> {
  const key = stagedKey(staged.runId, staged);
  const body = Buffer.from(JSON.stringify(staged));
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/json',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
    }),
  );
  return key;
}

/** Reads a staged object's bytes, with its stored checksum checked by the SDK. */
export async function getStagedBytes(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
  if (!answer.Body) throw new StagingError(`s3://${bucket}/${key} has no body.`);
  return Buffer.from(await answer.Body.transformToByteArray());
}

/**
 * Parses a staged object and checks it belongs to `expected` (run and scope): every record and
 * coverage entry must be of that account and region.
 */
export function parseStaged(bytes: Uint8Array, expected: { runId: string } & Scope, where: string): StagedScope {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new StagingError(`${where} is not valid JSON.`, { cause: error });
  }
  const shape = StagedShape.safeParse(json);
  if (!shape.success) throw new StagingError(`${where} is not a staged scope: ${z.prettifyError(shape.error)}`, { cause: shape.error });
  const staged = shape.data;
  for (const field of ['runId', 'accountId', 'region'] as const) {
    if (staged[field] !== expected[field]) {
      throw new StagingError(`${where} is of ${field} ${staged[field]}, not ${expected[field]}.`);
    }
  }
  const records = staged.records.map((raw, i) => {
    const parsed = EvidenceRecordSchema.safeParse(raw);
    if (!parsed.success) {
      throw new StagingError(`${where}: records[${i}] is not an evidence record: ${z.prettifyError(parsed.error)}`, {
        cause: parsed.error,
      });
    }
    if (parsed.data.accountId !== expected.accountId || parsed.data.region !== expected.region) {
      throw new StagingError(`${where}: records[${i}] is of ${parsed.data.accountId}/${parsed.data.region}, not of this scope.`);
    }
    // From what JSON.parse gave, as parseEvidence does: zod's copy could drop a member named "__proto__".
    return inCanonicalOrder<EvidenceRecord>(raw);
  });
  for (const [i, entry] of staged.coverage.entries()) {
    if (entry.accountId !== expected.accountId || entry.region !== expected.region) {
      throw new StagingError(`${where}: coverage[${i}] is of ${entry.accountId}/${entry.region}, not of this scope.`);
    }
  }
  return { ...staged, schemaVersion: 1, records, coverage: staged.coverage };
}
