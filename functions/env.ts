import * as z from 'zod';

const ACCOUNT_ID = /^[0-9]{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

/** A comma-separated list: blanks around items and empty items are ignored; an empty list is none. */
function commaList(item: z.ZodString, what: string) {
  return z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item.describe(what)));
}

const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

/**
 * The functions' configuration, from the environment the CDK app sets. Each function reads only
 * the variables it needs (see {@link readEnv}), so it is deployed with only those.
 */
export const EnvSchema = z.object({
  /** The S3 bucket with Object Lock that holds the sealed runs. */
  EVIDENCE_BUCKET: z.string().min(1),
  EVIDENCE_PREFIX: z.string().default(''),
  /** COMPLIANCE retention of every sealed object, in days. */
  RETENTION_DAYS: wholeNumber(1, 36_500),
  /** The scratch bucket where collect leaves each target's records for evaluate-and-seal. */
  STAGING_BUCKET: z.string().min(1),
  /** The KMS key (id, ARN or alias) that signs the runs: ECC_NIST_P256, SIGN_VERIFY. */
  SIGNING_KEY_ID: z.string().min(1),
  MEMBER_ROLE_NAME: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name')
    .default('AiEvidenceReadOnly'),
  /**
   * The member publish role in every member account (publish only; unset: member publishing is off
   * and only the function's own account is published).
   */
  MEMBER_PUBLISH_ROLE_NAME: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name')
    .optional(),
  /** The ExternalId the member roles' trust policies require. */
  EXTERNAL_ID: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2 to 1224 characters of letters, digits and +=,.@:/-'),
  TARGET_ACCOUNTS: commaList(z.string().regex(ACCOUNT_ID, 'an AWS account id is 12 digits'), 'account id').optional(),
  TARGET_REGIONS: commaList(z.string().regex(REGION, 'not an AWS region name'), 'region').pipe(
    z.array(z.string()).min(1, 'must name at least one region'),
  ),
  /**
   * The bucket people upload signed attestations (`attestations/`) and the attester trust list
   * (`trusted-attesters/`) to; evaluate-and-seal seals both with every run. Absent in deployments
   * made before it existed: then no attestation is sealed.
   */
  ATTESTATIONS_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (not an s3:// URI)')
    .optional(),
  /**
   * RFC 3161 Time-Stamp Authorities evaluate-and-seal asks, in order, for a token over each run's
   * signed statement (comma-separated http(s) URLs). Unset or empty: runs carry no token.
   */
  TSA_URLS: commaList(z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'), 'TSA URL').optional(),
  /** The PEM root certificate(s) the TSAs' tokens must chain to (needed with TSA_URLS). */
  TSA_CA_PEM: z.string().includes('-----BEGIN CERTIFICATE-----', { message: 'must hold PEM certificates' }).optional(),
  /** How long each TSA gets before the run is sealed without a token. */
  TSA_TIMEOUT_MS: wholeNumber(100, 120_000).default(10_000),
  /** Where export writes the auditor bundles. */
  EXPORT_BUCKET: z.string().min(1),
  /** How long the presigned URL of a bundle is valid (S3 allows at most 7 days). */
  EXPORT_URL_TTL_SECONDS: wholeNumber(1, 604_800).default(3600),
});
export type Env = z.infer<typeof EnvSchema>;
export type EnvName = keyof Env;

/** The environment is not what the function needs: names each variable and what is wrong with it. */
export class ConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

/** Variables whose value an error message must not repeat. */
const SECRET = new Set<EnvName>(['EXTERNAL_ID']);

/** Reads and validates the variables `names` from `source` (the process environment by default). */
export function readEnv<const K extends EnvName>(names: readonly K[], source: NodeJS.ProcessEnv = process.env): Pick<Env, K> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of names) {
    const parsed = EnvSchema.shape[name].safeParse(source[name]);
    if (parsed.success) values[name] = parsed.data;
    else if (source[name] === undefined) problems.push(`${name} is not set`);
    else {
      const shown = SECRET.has(name) ? '' : ` (got "${source[name]}")`;
      problems.push(`${name} ${parsed.error.issues.map((issue) => issue.message).join(', ')}${shown}`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(`The function's environment is invalid: ${problems.join('; ')}.`);
  return values as Pick<Env, K>;
}
