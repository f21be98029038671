/**
 * The chain head finding: one ASFF finding per Security Hub a publish writes in (account and
 * region), updated in place on every publish, naming the run published and its statement SHA-256,
 * the digest `verify --expect-head` takes. Findings are sent only when they change, so without it
 * Security Hub's newest digest would lag behind the chain whenever a run changed nothing; with it,
 * an auditor reads the head Security Hub saw and checks that the store still ends there, and the
 * publisher reads it back to refuse a run older than the one Security Hub already has.
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { sha256Hex } from '../evidence/canonical.js';
import type { Statement } from '../seal/manifest.js';
import { verifyTimestampToken } from '../seal/timestamp.js';
import { TOOL_VERSION } from '../version.js';
import { ASFF_LIMITS, ASFF_SCHEMA_VERSION, clip, FIELD_PREFIX, HEAD_GENERATOR_ID, partitionOf, type SealedRunLink } from './asff.js';

/** What the publisher found of the run's RFC 3161 token. */
export type HeadTimestamp =
  | { readonly status: 'none' }
  /** Imprint over the run's envelope and the TSA's signature checked; the TSA's chain is not (verify checks it against pinned anchors). */
  | { readonly status: 'signed'; readonly sha256: string; readonly genTime: string; readonly tsaName: string }
  /** A token that does not match the envelope or whose signature fails: no time is claimed from it. */
  | { readonly status: 'invalid'; readonly sha256: string; readonly problem: string };

/** What the head finding says of a run besides its link to the store: from its signed statement and its token. */
export interface RunHead {
  readonly startedAt: string;
  /** The run's signed finish time: the head finding's UpdatedAt. */
  readonly finishedAt: string;
  /** The ai-evidence version that sealed the run (from the signed statement). */
  readonly sealedBy: string;
  readonly timestamp: HeadTimestamp;
}

/** The signed facts of a run and what its token (stored beside the statement, or null) says of its envelope. */
export async function runHeadOf(statement: Statement, envelopeBytes: Uint8Array, token: Buffer | null): Promise<RunHead> {
  const { startedAt, finishedAt, toolVersion } = statement.predicate;
  return { startedAt, finishedAt, sealedBy: toolVersion, timestamp: await headTimestamp(envelopeBytes, token) };
}

async function headTimestamp(envelopeBytes: Uint8Array, token: Buffer | null): Promise<HeadTimestamp> {
  if (token === null) return { status: 'none' };
  const sha256 = sha256Hex(token);
  // No anchors here: publishing has no pinned TSA roots; the chain is verify's to check (--tsa-ca).
  const check = await verifyTimestampToken(token, envelopeBytes, null);
  if (!check.ok) return { status: 'invalid', sha256, problem: check.problem };
  return { status: 'signed', sha256, genTime: check.genTime.toISOString(), tsaName: check.tsaName };
}

/**
 * The command that checks the store at `storeLocation` ends at `digest`: an S3 store
 * (`s3://bucket/prefix/`) by bucket and prefix, a folder by its path.
 */
export function verifyHeadCommand(storeLocation: string, digest: string): string {
  const s3 = /^s3:\/\/([^/]+)\/(.*)$/.exec(storeLocation);
  const where = s3 ? `--s3-bucket ${s3[1]}${s3[2] ? ` --s3-prefix ${s3[2]}` : ''}` : JSON.stringify(storeLocation);
  return `ai-evidence verify ${where} --expect-head ${digest}`;
}

/** The head finding's Id in one account and region: stable, so each publish updates the same finding. */
export function headFindingId(accountId: string, region: string): string {
  return `${HEAD_GENERATOR_ID}/${accountId}/${region}`;
}

/** Whether a finding of ours is a chain head finding (not a finding of the catalog: never archived, never counted). */
export function isHeadFinding(f: Pick<AwsSecurityFinding, 'Id' | 'GeneratorId'>): boolean {
  return f.GeneratorId === HEAD_GENERATOR_ID || (f.Id?.startsWith(`${HEAD_GENERATOR_ID}/`) ?? false);
}

/** The finding type of the head: a record kept for compliance, under the standards category our findings use. */
export const HEAD_TYPE = 'Software and Configuration Checks/Industry and Regulatory Standards/ai-evidence chain head';

export interface HeadContext {
  readonly accountId: string;
  readonly region: string;
  readonly productArn: string;
  /** CreatedAt of the head Security Hub holds, kept; absent the first time. */
  readonly createdAt: string | undefined;
  /** Now: when this publish wrote the head. */
  readonly publishedAt: string;
}

function field(value: string): string {
  return clip(value, ASFF_LIMITS.productFieldValueLength);
}

/**
 * The head finding of a publish of `link`. UpdatedAt is the run's signed finish time, not the
 * publish time: Security Hub ignores an update whose UpdatedAt is not later than its copy's, so a
 * run published again leaves the head as it is, and the head's age in Security Hub is the run's.
 * No Compliance status: the head judges nothing, and the publisher does not verify the chain.
 */
export function toHeadAsff(link: SealedRunLink, head: RunHead, context: HeadContext): AwsSecurityFinding {
  const digest = link.statementSha256;
  const ts = head.timestamp;
  const productFields: Record<string, string> = {
    [`${FIELD_PREFIX}Kind`]: 'chain-head',
    [`${FIELD_PREFIX}RunId`]: field(link.runId),
    [`${FIELD_PREFIX}Store`]: field(link.storeLocation),
    [`${FIELD_PREFIX}StatementKey`]: field(link.statementKey),
    [`${FIELD_PREFIX}StatementSha256`]: digest,
    [`${FIELD_PREFIX}MerkleRoot`]: link.merkleRoot,
    [`${FIELD_PREFIX}CatalogVersion`]: field(link.catalogVersion),
    [`${FIELD_PREFIX}RunStartedAt`]: head.startedAt,
    [`${FIELD_PREFIX}RunFinishedAt`]: head.finishedAt,
    [`${FIELD_PREFIX}SealedBy`]: field(head.sealedBy),
    [`${FIELD_PREFIX}ToolVersion`]: field(TOOL_VERSION),
    [`${FIELD_PREFIX}PublishedAt`]: context.publishedAt,
    [`${FIELD_PREFIX}Timestamp`]: ts.status,
  };
  if (ts.status !== 'none') productFields[`${FIELD_PREFIX}TimestampSha256`] = ts.sha256;
  if (ts.status === 'signed') {
    productFields[`${FIELD_PREFIX}TimestampTime`] = ts.genTime;
    productFields[`${FIELD_PREFIX}TimestampTsa`] = field(ts.tsaName);
  }
  if (ts.status === 'invalid') productFields[`${FIELD_PREFIX}TimestampProblem`] = field(ts.problem);
  const time =
    ts.status === 'signed'
      ? ` Its RFC 3161 token (imprint and signature checked at publish, not the TSA's chain) is from ${ts.genTime}.`
      : ts.status === 'invalid'
        ? ' Its RFC 3161 token did not check at publish: no time is claimed from it.'
        : ' It has no RFC 3161 token.';
  const description =
    `The newest run of the evidence store ${link.storeLocation} published to this Security Hub: run ${link.runId}, ` +
    `finished ${head.finishedAt}, statement SHA-256 ${digest}.${time} ` +
    `Check that the store still ends at this run with: ${verifyHeadCommand(link.storeLocation, digest)} ` +
    '(a store cut after this run, or a bundle that withholds it, fails; runs sealed after it were not published here).';
  const types = [HEAD_TYPE];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: headFindingId(context.accountId, context.region),
    ProductArn: context.productArn,
    ProductName: 'ai-evidence',
    CompanyName: 'ai-evidence',
    GeneratorId: HEAD_GENERATOR_ID,
    AwsAccountId: context.accountId,
    Types: types,
    LastObservedAt: head.finishedAt,
    CreatedAt: context.createdAt ?? head.finishedAt,
    UpdatedAt: head.finishedAt,
    Severity: { Label: 'INFORMATIONAL' },
    FindingProviderFields: { Severity: { Label: 'INFORMATIONAL' }, Types: types },
    Title: clip(`ai-evidence chain head: run ${link.runId}`, ASFF_LIMITS.titleLength),
    Description: clip(description, ASFF_LIMITS.descriptionLength),
    ProductFields: productFields,
    Resources: [
      {
        Type: 'Other',
        Id: link.storeLocation,
        Partition: partitionOf(context.region),
        Region: context.region,
        Details: {
          Other: {
            [`${FIELD_PREFIX}ResourceType`]: 'ai-evidence evidence store',
            [`${FIELD_PREFIX}HeadRunId`]: clip(link.runId, 1023),
            [`${FIELD_PREFIX}HeadStatementSha256`]: digest,
          },
        },
      },
    ],
    RecordState: 'ACTIVE',
  };
}

/** The run and digest a head finding Security Hub holds names, or undefined when it names none. */
export function headNamed(f: AwsSecurityFinding): { runId: string; statementSha256: string | undefined } | undefined {
  const runId = f.ProductFields?.[`${FIELD_PREFIX}RunId`];
  if (runId === undefined || runId === '') return undefined;
  return { runId, statementSha256: f.ProductFields?.[`${FIELD_PREFIX}StatementSha256`] };
}
