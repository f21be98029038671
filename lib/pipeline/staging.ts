import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { inCanonicalOrder } from '../evidence/canonical.js';
import { type CoverageEntry, CoverageEntrySchema, type Scope } from '../evidence/coverage.js';
import { type EvidenceRecord, EvidenceRecordSchema } from '../evidence/record.js';
import { ShardSummarySchema } from '../seal/shard.js';

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

/**
 * The targets of a run, as list-targets writes them for the Distributed Map's ItemReader (JSON
 * Lines, one `{"accountId","region"}` a line) and as evaluate-and-seal reads them back.
 */
export function targetsKey(runId: string): string {
  return `staging/${runId}/targets.jsonl`;
}

/**
 * What the state machine writes for a target whose collect function failed after its retries
 * (the Catch of the Map's child): the error and its cause, cut to {@link MAX_FAILURE_CAUSE_CHARS}.
 */
export function failedTargetKey(runId: string, scope: Scope): string {
  return `staging/${runId}/${scope.accountId}/${scope.region}.failed.json`;
}

/** Longest text of a failed target's cause the state machine keeps (the rest is in its log). */
export const MAX_FAILURE_CAUSE_CHARS = 1000;

const ACCOUNT = z.string().regex(/^[0-9]{12}$/, 'an AWS account id is 12 digits');
const REGION_NAME = z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]+$/, 'not an AWS region name');

/** One line of a run's targets object. */
export const TargetSchema = z.strictObject({ accountId: ACCOUNT, region: REGION_NAME });
export type Target = z.infer<typeof TargetSchema>;

/** The failed-target object the state machine's Catch writes (infra/evidence-stack.ts). */
export const FailedTargetSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  accountId: ACCOUNT,
  region: REGION_NAME,
  error: z.string(),
  cause: z.string().max(MAX_FAILURE_CAUSE_CHARS),
});
export type FailedTarget = z.infer<typeof FailedTargetSchema>;

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
  await putChecked(s3, bucket, key, Buffer.from(JSON.stringify(staged)), 'application/json');
  return key;
}

async function putChecked(s3: S3Client, bucket: string, key: string, body: Buffer, contentType: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
    }),
  );
}

/**
 * Writes a run's targets as JSON Lines, region by region: the Map starts its children in file
 * order, so the targets collected at the same time are of different accounts, and each account's
 * API rates (per account, IAM's global to it) are shared by as few children at once as possible.
 */
export async function putTargets(s3: S3Client, bucket: string, runId: string, targets: readonly Target[]): Promise<string> {
  const key = targetsKey(runId);
  const ordered = [...targets].sort((a, b) => (a.region === b.region ? 0 : a.region < b.region ? -1 : 1));
  const body = Buffer.from(ordered.map((t) => `${JSON.stringify({ accountId: t.accountId, region: t.region })}\n`).join(''));
  await putChecked(s3, bucket, key, body, 'application/x-ndjson');
  return key;
}

/** Parses a targets object: every line a target, none twice, at least one; names the line that is wrong. */
export function parseTargets(bytes: Uint8Array, where: string): Target[] {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const seen = new Set<string>();
  const targets = lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new StagingError(`${where}: line ${i + 1} is not valid JSON.`, { cause: error });
    }
    const parsed = TargetSchema.safeParse(json);
    if (!parsed.success) throw new StagingError(`${where}: line ${i + 1} is not a target: ${z.prettifyError(parsed.error)}`);
    const id = `${parsed.data.accountId}/${parsed.data.region}`;
    if (seen.has(id)) throw new StagingError(`${where}: line ${i + 1} names ${id} a second time.`);
    seen.add(id);
    return parsed.data;
  });
  if (targets.length === 0) throw new StagingError(`${where} lists no target.`);
  return targets;
}

/** Reads a run's targets object back. */
export async function getTargets(s3: S3Client, bucket: string, runId: string): Promise<Target[]> {
  const key = targetsKey(runId);
  return parseTargets(await getStagedBytes(s3, bucket, key), `s3://${bucket}/${key}`);
}

/** Parses a failed-target object and checks it is of `expected` (run and scope). */
export function parseFailedTarget(bytes: Uint8Array, expected: { runId: string } & Scope, where: string): FailedTarget {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new StagingError(`${where} is not valid JSON.`, { cause: error });
  }
  const parsed = FailedTargetSchema.safeParse(json);
  if (!parsed.success) throw new StagingError(`${where} is not a failed target: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  for (const field of ['runId', 'accountId', 'region'] as const) {
    if (parsed.data[field] !== expected[field])
      throw new StagingError(`${where} is of ${field} ${parsed.data[field]}, not ${expected[field]}.`);
  }
  return parsed.data;
}

/**
 * The keys under `staging/<runId>/` (or `prefix`, e.g. one account's folder), listed once: the shard step learns from them which targets
 * were staged and which failed, without a GET per missing object.
 */
export async function listStagedKeys(s3: S3Client, bucket: string, runId: string, prefix = `staging/${runId}/`): Promise<Set<string>> {
  const keys = new Set<string>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.add(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (page.IsTruncated && token === undefined)
      throw new StagingError(`ListObjectsV2 of s3://${bucket}/${prefix} is truncated but gave no continuation token.`);
  } while (token !== undefined);
  return keys;
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

/**
 * The accounts of a run, as list-targets writes them for the shard Map's ItemReader: JSON Lines,
 * one `{"accountId","regions"}` a line, each account once with its regions in the targets' order.
 * A shard is one account (lib/seal/shard.ts says why), so this is the shard Map's list of work.
 */
export function accountsKey(runId: string): string {
  return `staging/${runId}/accounts.jsonl`;
}

/** One line of a run's accounts object. */
export const AccountTargetsSchema = z.strictObject({ accountId: ACCOUNT, regions: z.array(REGION_NAME).min(1) });
export type AccountTargets = z.infer<typeof AccountTargetsSchema>;

/** The accounts of `targets`, each once, in the order of their first target, with their regions. */
export function accountsOf(targets: readonly Target[]): AccountTargets[] {
  const byAccount = new Map<string, string[]>();
  for (const t of targets) {
    const regions = byAccount.get(t.accountId);
    if (regions === undefined) byAccount.set(t.accountId, [t.region]);
    else if (!regions.includes(t.region)) regions.push(t.region);
  }
  return [...byAccount].map(([accountId, regions]) => ({ accountId, regions }));
}

/** Writes a run's accounts (see {@link accountsKey}); gives the key and how many accounts it holds. */
export async function putAccounts(
  s3: S3Client,
  bucket: string,
  runId: string,
  targets: readonly Target[],
): Promise<{ key: string; count: number }> {
  const key = accountsKey(runId);
  const accounts = accountsOf(targets);
  const body = Buffer.from(accounts.map((a) => `${JSON.stringify({ accountId: a.accountId, regions: a.regions })}\n`).join(''));
  await putChecked(s3, bucket, key, body, 'application/x-ndjson');
  return { key, count: accounts.length };
}

/** Parses an accounts object: every line an account with its regions, none twice, at least one; names the line that is wrong. */
export function parseAccounts(bytes: Uint8Array, where: string): AccountTargets[] {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const seen = new Set<string>();
  const accounts = lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new StagingError(`${where}: line ${i + 1} is not valid JSON.`, { cause: error });
    }
    const parsed = AccountTargetsSchema.safeParse(json);
    if (!parsed.success) throw new StagingError(`${where}: line ${i + 1} is not an account: ${z.prettifyError(parsed.error)}`);
    if (seen.has(parsed.data.accountId)) throw new StagingError(`${where}: line ${i + 1} names ${parsed.data.accountId} a second time.`);
    seen.add(parsed.data.accountId);
    return parsed.data;
  });
  if (accounts.length === 0) throw new StagingError(`${where} lists no account.`);
  return accounts;
}

/** Reads a run's accounts object back. */
export async function getAccounts(s3: S3Client, bucket: string, runId: string): Promise<AccountTargets[]> {
  const key = accountsKey(runId);
  return parseAccounts(await getStagedBytes(s3, bucket, key), `s3://${bucket}/${key}`);
}

/** The prefix of the staged objects of one account of a run: its targets' staged and failed-target objects. */
export function accountStagingPrefix(runId: string, accountId: string): string {
  return `staging/${runId}/${accountId}/`;
}

/** Where seal-shard leaves the summary of the shard it sealed, for the run seal. */
export function shardSummaryKey(runId: string, accountId: string): string {
  return `staging/${runId}/shards/${accountId}.json`;
}

/** The prefix of every shard summary of a run. */
export function shardSummariesPrefix(runId: string): string {
  return `staging/${runId}/shards/`;
}

const COUNT = z.number().int().nonnegative();

/**
 * What seal-shard stages for the run seal about one sealed shard: the summary the run manifest
 * lists (lib/seal/shard.ts ShardSummary) and the counts the run's result reports, so that the run
 * seal reads a few hundred bytes per account and nothing of its items.
 */
export const StagedShardSummarySchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  shard: ShardSummarySchema,
  /** The shard's findings by status. */
  statuses: z.strictObject({ PASS: COUNT, FAIL: COUNT, NOT_APPLICABLE: COUNT, INSUFFICIENT_EVIDENCE: COUNT }),
  /** What became of the shard's targets: staged by collect, recorded as failed, or neither. */
  targets: z.strictObject({ collected: COUNT, failed: COUNT, missing: COUNT }),
});
export type StagedShardSummary = z.infer<typeof StagedShardSummarySchema>;

/** Writes a shard's summary (see {@link shardSummaryKey}). */
export async function putShardSummary(s3: S3Client, bucket: string, summary: StagedShardSummary): Promise<string> {
  const key = shardSummaryKey(summary.runId, summary.shard.shardId);
  await putChecked(s3, bucket, key, Buffer.from(JSON.stringify(summary)), 'application/json');
  return key;
}

/** Parses a staged shard summary and checks it is of `runId` and `accountId`. */
export function parseShardSummary(bytes: Uint8Array, expected: { runId: string; accountId: string }, where: string): StagedShardSummary {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new StagingError(`${where} is not valid JSON.`, { cause: error });
  }
  const parsed = StagedShardSummarySchema.safeParse(json);
  if (!parsed.success) throw new StagingError(`${where} is not a shard summary: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  if (parsed.data.runId !== expected.runId) throw new StagingError(`${where} is of run ${parsed.data.runId}, not ${expected.runId}.`);
  if (parsed.data.shard.shardId !== expected.accountId)
    throw new StagingError(`${where} is of shard ${parsed.data.shard.shardId}, not ${expected.accountId}.`);
  return parsed.data;
}
