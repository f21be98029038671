import type { Node } from 'constructs';
import { z } from 'zod';

const ACCOUNT_ID = /^[0-9]{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** A list given as an array (cdk.json) or as a comma-separated string (`-c key=a,b` on the command line). */
function list(item: z.ZodString) {
  return z
    .union([z.array(z.string()), z.string()])
    .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(item));
}

/** A switch given as a boolean (cdk.json) or as `true` / `false` (`-c key=true`). */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' })
  .transform((value) => value === true || value === 'true');

/** A whole number given as a number (cdk.json) or a string (`-c key=30`). */
const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** cdk.json's ExternalId, which synth refuses: a known value protects nothing. */
export const PLACEHOLDER_EXTERNAL_ID = 'ai-evidence-change-me';

/**
 * Targets collected at once by default. A child is one collect invocation, so the ceiling is the
 * Lambda concurrency of the home account and region: 1,000 by default, shared by every function
 * there (the run's own list-targets, evaluate-and-seal and publish run one at a time, outside the
 * Map). Half of it leaves the rest to the account's other workloads and to retries. API rates do
 * not lower it: each child calls one account and region, whose rates are its own (IAM's and
 * Organizations' are per account, shared only by that account's regions, which the targets file
 * spreads apart). At 500, 17,000 targets of about 60 s each take 17,000 × 60 s / 500 ≈ 34 minutes.
 */
export const DEFAULT_MAX_CONCURRENCY = 500;

/**
 * Accounts whose shards are sealed at once by default (the shard Map over accounts.jsonl). It runs
 * after the collect Map, so it has the home region's Lambda concurrency (1,000 by default) to
 * itself but for the account's other workloads. A shard step reads one account's staged objects
 * and writes three evidence objects under its own prefix (S3 takes 3,500 PUTs and 5,500 GETs a
 * second per prefix), so S3 never limits it; it takes a few seconds, so at 200, 1,000 accounts are
 * sealed in 5 waves of some 5 s each, and a higher value saves seconds, not minutes.
 */
export const DEFAULT_SEAL_SHARD_CONCURRENCY = 200;

/**
 * The deployment's settings, read from the CDK context (cdk.json holds the defaults; `-c key=value`
 * overrides one). Synth needs no AWS account: nothing here is looked up.
 */
export const DeployConfigSchema = z.object({
  /** COMPLIANCE retention of every sealed object and the bucket's default retention, in days. */
  retentionDays: whole(1, 36_500),
  /** Key prefix of the sealed runs inside the evidence bucket. */
  evidencePrefix: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or folder names each ending in /')
    .default(''),
  /** EventBridge Scheduler expression: rate(...) or cron(...). */
  schedule: z.string().regex(/^(rate|cron)\(.+\)$/, 'must be rate(...) or cron(...)'),
  /** Regions to assess; empty means the region the stack is deployed to. */
  targetRegions: list(z.string().regex(REGION, 'not an AWS region name')).default([]),
  /** Accounts to assess; empty means every ACTIVE account of the organization (organizations:ListAccounts). */
  targetAccounts: list(z.string().regex(ACCOUNT_ID, 'an AWS account id is 12 digits')).default([]),
  /**
   * The ExternalId the member role's trust policy requires of the collect function. cdk.json holds
   * a placeholder that synth refuses: every deployment sets its own (`-c externalId=...`).
   */
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2 to 1224 characters of letters, digits and +=,.@:/-')
    .refine((value) => value !== PLACEHOLDER_EXTERNAL_ID, {
      error: `is still cdk.json's placeholder ${PLACEHOLDER_EXTERNAL_ID}: give the deployment its own value (-c externalId=...), which the member roles' trust policies then require`,
    }),
  /** Name of the read-only role in every member account. */
  memberRoleName: z.string().regex(ROLE_NAME, 'must be an IAM role name').default('AiEvidenceReadOnly'),
  /** Name of the collect function's role, which member roles trust (fixed so member templates can name it). */
  collectRoleName: z.string().regex(ROLE_NAME, 'must be an IAM role name').default('AiEvidenceCollect'),
  /**
   * Publish member accounts' findings to their own Security Hub: the member template gets a second
   * role (Security Hub import only) that the publish function assumes. Off: only the home account's
   * findings are published, as Security Hub takes only the caller's own.
   */
  memberPublishRole: flag.default(false),
  /** Name of the member publish role in every member account (with memberPublishRole). */
  memberPublishRoleName: z.string().regex(ROLE_NAME, 'must be an IAM role name').default('AiEvidencePublishFindings'),
  /** Name of the publish function's role, which member publish roles trust (fixed with memberPublishRole). */
  publishRoleName: z.string().regex(ROLE_NAME, 'must be an IAM role name').default('AiEvidencePublish'),
  /**
   * The organization of the member accounts: collect and publish may assume member roles only in
   * its accounts (aws:ResourceOrgID). Required when targetAccounts is empty (the accounts come from
   * AWS Organizations), since the roles' ARNs are then not known at synth.
   */
  organizationId: z
    .string()
    .regex(/^o-[a-z0-9]{10,32}$/, 'an organization id is o- and 10 to 32 lowercase letters or digits')
    .optional(),
  /**
   * Targets collected at the same time by the Distributed Map (its limit is 10,000). The default
   * and the arithmetic behind it: {@link DEFAULT_MAX_CONCURRENCY}.
   */
  maxConcurrency: whole(1, 10_000).default(DEFAULT_MAX_CONCURRENCY),
  /**
   * Accounts whose shards are sealed at the same time by the shard Map (its limit is 10,000). The
   * default and the arithmetic behind it: {@link DEFAULT_SEAL_SHARD_CONCURRENCY}.
   */
  sealShardConcurrency: whole(1, 10_000).default(DEFAULT_SEAL_SHARD_CONCURRENCY),
  /**
   * Reserved concurrency of the collect function, when the account's other functions must not
   * take its share (or it theirs). maxConcurrency may not exceed it: the children above it would
   * only be throttled.
   */
  collectReservedConcurrency: whole(1, 10_000).optional(),
  /** Days the staged per-target records are kept before S3 expires them. */
  stagingExpirationDays: whole(1, 365).default(7),
  /** Days an exported bundle is kept before S3 expires it. */
  exportExpirationDays: whole(1, 365).default(7),
  /** Lifetime of the presigned URL of an export (SigV4 allows at most 7 days). */
  exportUrlTtlSeconds: whole(1, 604_800).default(3600),
  /** Days the server access logs are kept. */
  accessLogExpirationDays: whole(1, 3650).default(365),
  /** Retention of the functions' and the state machine's CloudWatch Logs, in days. */
  logRetentionDays: whole(1, 3653).default(365),
  /**
   * The principals expected to manage Bedrock model access (IAM user or role ARNs, or assumed-role
   * session ARNs): their model-access calls in CloudTrail are not flagged. Empty: every such call is.
   */
  modelAccessPrincipals: list(
    z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:(user|role|assumed-role)\/.+$/, 'must be an IAM user or role ARN'),
  ).default([]),
  /** An AWS Config aggregator (in the home account) that the inventory collector queries as well. */
  configAggregator: z
    .string()
    .regex(/^[\w-]{1,256}$/, 'must be an AWS Config aggregator name')
    .optional(),
  /**
   * RFC 3161 Time-Stamp Authorities (http(s) URLs, tried in order) that evaluate-and-seal asks for a
   * token over each run's signed statement. Empty: runs carry no token.
   */
  tsaUrls: list(z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')).default([]),
  /** A PEM file (read at synth) with the TSAs' root certificate(s); needed with tsaUrls. */
  tsaCaFile: z.string().min(1).optional(),
  /** Seconds each TSA gets before a run is sealed without a token. */
  tsaTimeoutSeconds: whole(1, 120).default(10),
  /** IAM principals (role ARNs) allowed to decrypt the evidence through S3, e.g. an auditors' role. */
  evidenceReaderArns: list(z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/, 'must be an IAM role ARN')).default([]),
});
export type DeployConfig = z.infer<typeof DeployConfigSchema>;

/** The context is not a valid deployment configuration: names each key and what is wrong with it. */
export class DeployConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeployConfigError';
  }
}

/** Reads and validates the deployment settings from the context of `node` (usually the app's). */
export function readDeployConfig(node: Node): DeployConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(DeployConfigSchema.shape)) {
    const value = node.tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = DeployConfigSchema.refine((c) => c.tsaUrls.length === 0 || c.tsaCaFile !== undefined, {
    path: ['tsaCaFile'],
    message: "is needed with tsaUrls: the TSAs' root certificate(s), which their tokens are checked against",
  }).safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(context)'}: ${issue.message}`);
    throw new DeployConfigError(`The CDK context is not a valid ai-evidence configuration: ${problems.join('; ')}.`);
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.targetAccounts.length === 0 && config.organizationId === undefined) {
    problems.push(
      'organizationId: must be set when targetAccounts is empty: the accounts then come from AWS Organizations, and the collect role may assume member roles only inside the organization',
    );
  }
  if (config.collectReservedConcurrency !== undefined && config.maxConcurrency > config.collectReservedConcurrency) {
    problems.push(
      `maxConcurrency: ${config.maxConcurrency} is more than collectReservedConcurrency ${config.collectReservedConcurrency}: the children above it would only be throttled`,
    );
  }
  if (problems.length > 0) throw new DeployConfigError(`The CDK context is not a valid ai-evidence configuration: ${problems.join('; ')}.`);
  return config;
}
