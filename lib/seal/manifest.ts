import * as z from 'zod';
import { CoverageEntrySchema, ScopeSchema } from '../evidence/coverage.js';
import { SealedControlSchema } from './reevaluation.js';

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');

export const ITEM_KINDS = ['evidence', 'finding', 'public-key'] as const;

/** Every object of a run except the manifest itself, its proofs and its statement. */
export const ManifestItemSchema = z.strictObject({
  kind: z.enum(ITEM_KINDS),
  key: z.string(),
  sha256: SHA256,
  size: z.number().int().nonnegative(),
});
export type ManifestItem = z.infer<typeof ManifestItemSchema>;

/**
 * The run a run chains to. `timestampSha256` is the SHA-256 of the previous run's RFC 3161 token
 * (timestamp.tsr) when the run was sealed, or null when it had none, so a removed token is seen;
 * runs sealed before it was recorded have no such field and still parse.
 */
export const PreviousRunSchema = z.strictObject({
  runId: z.string(),
  statementSha256: SHA256,
  timestampSha256: SHA256.nullable().optional(),
});
export type PreviousRun = z.infer<typeof PreviousRunSchema>;

export const SignerInfoSchema = z.strictObject({ keyId: SHA256, algorithm: z.literal('ECDSA_SHA_256') });

export const MERKLE_ALGORITHM = 'RFC9162_SHA256';

/** The full record of a sealed run; the signed statement names it by digest. */
export const ManifestSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  toolVersion: z.string(),
  catalogVersion: z.string(),
  /**
   * The id and version of every control that judged the run, sorted by id, so that a later catalog
   * re-evaluates the controls it still has. Absent from runs sealed before it was recorded.
   */
  controls: z.array(SealedControlSchema).optional(),
  scopes: z.array(ScopeSchema),
  coverage: z.array(CoverageEntrySchema),
  /** Sorted by key; leaf i of the Merkle tree is the 32-byte SHA-256 of item i. */
  items: z.array(ManifestItemSchema),
  merkle: z.strictObject({ algorithm: z.literal(MERKLE_ALGORITHM), treeSize: z.number().int().nonnegative(), root: SHA256 }),
  previous: PreviousRunSchema.nullable(),
  signer: SignerInfoSchema,
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://ai-evidence.dev/sealed-run/v1';
export const MERKLE_ROOT_SUBJECT = 'merkle-root';

/** The in-toto Statement v1 that is signed: small enough for AWS KMS to sign as a RAW message. */
export const StatementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(z.strictObject({ name: z.string(), digest: z.strictObject({ sha256: SHA256 }) })).length(2),
  predicateType: z.literal(PREDICATE_TYPE),
  predicate: z.strictObject({
    runId: z.string(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    previous: PreviousRunSchema.nullable(),
    toolVersion: z.string(),
    catalogVersion: z.string(),
    signer: SignerInfoSchema,
  }),
});
export type Statement = z.infer<typeof StatementSchema>;
