import * as z from 'zod';
import { canonicalJson, inCanonicalOrder, type Json, sha256Hex } from './canonical.js';

const ACCOUNT_ID = /^[0-9]{12}$/;
/** An AWS region name, or `global` for evidence that is about no region (manual attestations). */
const REGION = /^([a-z]{2}(-[a-z]+)+-[0-9]+|global)$/;

/** One fact as an AWS API returned it. Stored as its canonical JSON; its SHA-256 is its address. */
export const EvidenceRecordSchema = z.strictObject({
  schemaVersion: z.literal(1),
  accountId: z.string().regex(ACCOUNT_ID, 'an AWS account id is 12 digits'),
  region: z.string().regex(REGION, 'not an AWS region name'),
  source: z.strictObject({
    /** The collector that read it, e.g. `sagemaker.notebook-instances`. */
    collector: z.string().min(1),
    /** The AWS service's SDK name, e.g. `sagemaker`. */
    service: z.string().min(1),
    /** The API operation whose answer `data` holds, e.g. `DescribeNotebookInstance`. */
    operation: z.string().min(1),
  }),
  resource: z.strictObject({
    /** CloudFormation-style type, e.g. `AWS::SageMaker::NotebookInstance`. */
    type: z.string().min(1),
    /** ARN where the API gives one, otherwise a stable id within account and region. */
    id: z.string().min(1),
  }),
  collectedAt: z.iso.datetime(),
  /** The response fields, verbatim (timestamps as ISO-8601 strings). */
  data: z.record(z.string(), z.json()),
});

export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

/** A record with the bytes it is stored as and their SHA-256. */
export interface SealedEvidence {
  readonly record: EvidenceRecord;
  readonly sha256: string;
  readonly bytes: string;
}

export interface NewEvidence {
  accountId: string;
  region: string;
  source: EvidenceRecord['source'];
  resource: EvidenceRecord['resource'];
  collectedAt: Date | string;
  /** An SDK command output or another plain object. */
  data: object;
}

/**
 * Builds a validated evidence record in canonical key order from an API answer: the SDK's
 * `$metadata` is dropped, Dates become ISO strings, everything else is kept as returned.
 */
export function makeEvidence(input: NewEvidence): EvidenceRecord {
  const { $metadata: _ignored, ...data } = input.data as Record<string, unknown>;
  const candidate = inCanonicalOrder<Json>({
    schemaVersion: 1,
    accountId: input.accountId,
    region: input.region,
    source: input.source,
    resource: input.resource,
    collectedAt: typeof input.collectedAt === 'string' ? input.collectedAt : input.collectedAt.toISOString(),
    data,
  });
  const parsed = EvidenceRecordSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new EvidenceValidationError(
      `${input.source.service} ${input.source.operation} for ${input.resource.id}: ${z.prettifyError(parsed.error)}`,
      { cause: parsed.error },
    );
  }
  // Return the canonically ordered object (zod's output is a fresh object without our ordering mark).
  return candidate as unknown as EvidenceRecord;
}

/** Serializes a record to the exact bytes that are stored and hashed. */
export function sealEvidence(record: EvidenceRecord): SealedEvidence {
  const bytes = canonicalJson(record);
  return { record, bytes, sha256: sha256Hex(bytes) };
}

/**
 * A record read back and checked (its stored text is canonical JSON and hashes to `sha256`) without
 * keeping that text: `bytes` makes it again from the record when asked, which gives the same text.
 * Verification holds a whole run's records to re-evaluate them, and no control reads the text, so
 * holding it would hold every record twice.
 */
export function checkedEvidence(record: EvidenceRecord, sha256: string): SealedEvidence {
  return {
    record,
    sha256,
    get bytes() {
      return canonicalJson(record);
    },
  };
}

/** Parses stored bytes back into a record, naming what is wrong. */
export function parseEvidence(bytes: string, where: string): EvidenceRecord {
  let json: unknown;
  try {
    json = JSON.parse(bytes);
  } catch (error) {
    throw new EvidenceValidationError(`${where} is not valid JSON.`, { cause: error });
  }
  const parsed = EvidenceRecordSchema.safeParse(json);
  if (!parsed.success) {
    throw new EvidenceValidationError(`${where} is not an evidence record: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  // Build from what JSON.parse gave, not from zod's copy: zod assigns record members, and a member
  // named "__proto__" would become a prototype and vanish from the record.
  return inCanonicalOrder<EvidenceRecord>(json);
}

export class EvidenceValidationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EvidenceValidationError';
  }
}
