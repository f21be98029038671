/**
 * Publishes the findings of a sealed run to AWS Security Hub: BatchImportFindings under the
 * account's default product, one finding per (control, resource) updated in place run after run,
 * and the findings of ours that a new run no longer reports archived.
 */
import {
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandOutput,
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandOutput,
  DescribeHubCommand,
  GetFindingsCommand,
  type GetFindingsCommandOutput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { catalog as defaultCatalog } from '../controls/index.js';
import type { ControlMetadata } from '../controls/types.js';
import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import type { RunTags } from '../evidence/resource-tags.js';
import type { EvidenceStore } from '../store/types.js';
import {
  ASFF_LIMITS,
  asffId,
  controlIdOf,
  FIELD_PREFIX,
  GENERATOR_PREFIX,
  initialWorkflow,
  partitionOf,
  productArnOf,
  type SealedFindingRef,
  type SealedRunLink,
  toAsff,
} from './asff.js';
import { asffBytes, asffProblems } from './asff-schema.js';
import { headFindingId, headNamed, isHeadFinding, type RunHead, toHeadAsff } from './head.js';
import { readRunToPublish } from './run.js';

/** The IAM actions publishing needs, in the account and region it publishes to. */
export const PUBLISH_IAM_ACTIONS = ['securityhub:DescribeHub', 'securityhub:GetFindings', 'securityhub:BatchImportFindings'] as const;

/** The IAM action `resolveWorkflow` needs as well. */
export const RESOLVE_WORKFLOW_IAM_ACTION = 'securityhub:BatchUpdateFindings';

/** BatchUpdateFindings takes at most this many findings per request. */
const UPDATE_BATCH = 100;

/** A sealed run, as much of it as publishing needs. */
export interface RunToPublish {
  readonly link: SealedRunLink;
  /** What the chain head finding says of the run besides its link. */
  readonly head: RunHead;
  /** The run's start: when its findings were observed, and CreatedAt of a finding Security Hub does not hold yet. */
  readonly startedAt: string;
  /** Every account and region the run assessed. */
  readonly scopes: readonly Scope[];
  readonly coverage: readonly CoverageEntry[];
  readonly findings: readonly SealedFindingRef[];
  /** The tags the run sealed, by resource ARN (./tags.ts): carried into each finding's Resources[].Tags. None for a run without them. */
  readonly tags?: RunTags;
}

export interface PublishOptions {
  readonly client: SecurityHubClient;
  /** The account whose findings are published: the account of the client's credentials (BatchImportFindings requires it). */
  readonly accountId: string;
  /** The region of the client: the Security Hub the findings go to. */
  readonly region: string;
  readonly run: RunToPublish;
  /** The clock: UpdatedAt of every finding sent. */
  readonly now: () => Date;
  /** Control metadata by which findings are described; default: the catalog. */
  readonly catalog?: readonly ControlMetadata[];
  /** Attempts per finding Security Hub reports as failed, the first included (default 4). */
  readonly maxAttempts?: number;
  /** Wait before the first retry, doubled for each next one (default 500 ms). */
  readonly retryDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Publish only the findings judged in these regions, and archive only there (one Security Hub
   * per region); default: the findings of every region of the account in the run.
   */
  readonly regions?: readonly string[];
  /**
   * Also set Workflow.Status to RESOLVED (BatchUpdateFindings) on the findings this run archived
   * or now passes whose workflow is still NEW or NOTIFIED, as Security Hub does for its own passed
   * controls. Off by default: Workflow belongs to the security team's triage (BatchImportFindings
   * cannot change it after a finding is created), and it needs securityhub:BatchUpdateFindings.
   */
  readonly resolveWorkflow?: boolean;
  /**
   * Send every finding of the run, not only those Security Hub does not hold as they are
   * (default false: a finding held ACTIVE with the same status, severity, words, resource and
   * mapping, updated within `refreshAfterDays`, is not sent again).
   */
  readonly sendUnchanged?: boolean;
  /**
   * An unchanged finding is sent again once Security Hub's copy is this many days old (default 30),
   * well before Security Hub deletes findings not updated for 90 days.
   */
  readonly refreshAfterDays?: number;
}

/** {@link PublishOptions.refreshAfterDays} by default. */
export const REFRESH_AFTER_DAYS = 30;

/** A finding that was not imported, and why. */
export interface FailedFinding {
  readonly id: string;
  readonly controlId: string | undefined;
  readonly resourceId: string | undefined;
  /** Security Hub's ErrorCode, or `InvalidFinding` for one we refused to send. */
  readonly code: string;
  readonly message: string;
  /** How many times it was sent (0: refused before sending). */
  readonly attempts: number;
}

export interface SendReport {
  /** Findings sent (each counted once, however many attempts it took). */
  sent: number;
  succeeded: number;
  failed: FailedFinding[];
}

/** The chain head finding of one publish (./head.ts). */
export interface HeadPublishReport {
  /** Its Id, the same on every publish to this account and region. */
  id: string;
  runId: string;
  /** The store the run is sealed in (its location). */
  store: string;
  /** The head digest published: the run's statement SHA-256, what `verify --expect-head` takes. */
  statementSha256: string;
  /** The head Security Hub held before this publish, when it held one. */
  previous?: { runId: string; statementSha256: string | undefined };
  /** Security Hub took it; when not, `failure` says why. */
  written: boolean;
  failure?: FailedFinding;
}

export interface PublishReport {
  runId: string;
  accountId: string;
  region: string;
  productArn: string;
  /** Findings of the run, every account. */
  runFindings: number;
  /** Findings of the run in other accounts: not sent here, since only an account can import its own findings. */
  otherAccountFindings: number;
  /** Findings of this account in regions left out by the `regions` option. */
  otherRegionFindings: number;
  /** The run's findings of this account that were sent: new, changed, archived before, or due for a refresh. */
  imported: SendReport;
  /** The run's findings of this account not sent: Security Hub holds them as they are (see {@link PublishOptions.sendUnchanged}). */
  unchanged: number;
  /** Findings of ours that were ACTIVE and that this run no longer reports. */
  archived: SendReport;
  /**
   * Findings of ours this run did not report that stay ACTIVE: their control's evidence could not
   * be listed in their account and region (collector FAILED or absent), so they are unobserved,
   * not resolved.
   */
  keptUnobserved: number;
  /** Findings of ours in accounts or regions this run did not assess: left as they are. */
  outsideRun: number;
  /** BatchImportFindings requests made, retries included. */
  requests: number;
  /** Findings sent again after Security Hub reported them failed. */
  retries: number;
  /** With `resolveWorkflow`: the findings whose Workflow.Status was set to RESOLVED. */
  workflowResolved?: SendReport;
  /** The chain head finding, sent on every publish after the findings and archives: not counted in `imported`. */
  head: HeadPublishReport;
}

/**
 * ACCESS_DENIED: an action is not granted. NOT_ENABLED: Security Hub is off in the account and
 * region. OUT_OF_ORDER: Security Hub already holds the head or findings of a later run, which an
 * older run would roll back. HEAD_CONFLICT: Security Hub's head names this run with another
 * statement digest (the run was sealed again, or another store has a run of that id). ERROR:
 * anything else.
 */
export type PublishErrorKind = 'ACCESS_DENIED' | 'NOT_ENABLED' | 'OUT_OF_ORDER' | 'HEAD_CONFLICT' | 'ERROR';

/** Publishing stopped: the action, account and region are named; `report` holds what was done before. */
export class SecurityHubPublishError extends Error {
  readonly kind: PublishErrorKind;
  readonly action: string;
  readonly accountId: string;
  readonly region: string;
  readonly report: PublishReport;
  constructor(kind: PublishErrorKind, action: string, report: PublishReport, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecurityHubPublishError';
    this.kind = kind;
    this.action = action;
    this.accountId = report.accountId;
    this.region = report.region;
    this.report = report;
  }
}

interface AwsErrorLike {
  name?: unknown;
  message?: unknown;
}

function publishError(error: unknown, action: string, report: PublishReport): SecurityHubPublishError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const detail = typeof e.message === 'string' && e.message !== '' ? e.message.replace(/\.$/, '') : String(error);
  const where = `account ${report.accountId}, region ${report.region}`;
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation') {
    return new SecurityHubPublishError(
      'ACCESS_DENIED',
      action,
      report,
      `${action} is denied to these credentials in ${where}: grant it (publishing needs ${[...PUBLISH_IAM_ACTIONS, ...(action === RESOLVE_WORKFLOW_IAM_ACTION ? [action] : [])].join(', ')}) (${name}: ${detail}).`,
      { cause: error },
    );
  }
  // Security Hub answers InvalidAccessException when the account is not subscribed in the region.
  if (name === 'InvalidAccessException' || (action === 'securityhub:DescribeHub' && name === 'ResourceNotFoundException')) {
    return new SecurityHubPublishError(
      'NOT_ENABLED',
      action,
      report,
      `Security Hub is not enabled in ${where} (${action}: ${name}: ${detail}): enable it (aws securityhub enable-security-hub --region ${report.region}) and publish again.`,
      { cause: error },
    );
  }
  return new SecurityHubPublishError('ERROR', action, report, `${action} failed in ${where}: ${name}: ${detail}.`, { cause: error });
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What Security Hub holds of our findings, as much as publishing needs and no more (a run may have hundreds of thousands). */
interface HeldFindings {
  /**
   * Of the findings the run reports: CreatedAt, to keep it, the workflow status and, for an ACTIVE
   * one, what it says ({@link contentOf}) and when it was last updated.
   */
  readonly inRun: Map<
    string,
    { createdAt: string | undefined; workflow: string | undefined; content: string | undefined; updatedAt: string | undefined }
  >;
  /** Our ACTIVE findings the run does not report, whole: the candidates for archiving. */
  readonly notInRun: AwsSecurityFinding[];
  /** The newest run any of our findings names (ProductFields RunId or ArchivedByRun). */
  readonly newestRun: string | undefined;
}

/** The time-ordered part of a run id (`20261126T122823512Z-f102b28b`): run ids sort by start time. */
function runTime(runId: string): string {
  return runId.split('-')[0] ?? runId;
}

/** The pages of GetFindings with `filters`, one after another; a page token that repeats is an error, not a loop. */
async function* findingPages(
  client: SecurityHubClient,
  filters: AwsSecurityFindingFilters,
  report: PublishReport,
): AsyncGenerator<AwsSecurityFinding[]> {
  const tokens = new Set<string>();
  let nextToken: string | undefined;
  do {
    let page: GetFindingsCommandOutput;
    try {
      page = await client.send(
        new GetFindingsCommand({ Filters: filters, MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
    } catch (error) {
      throw publishError(error, 'securityhub:GetFindings', report);
    }
    yield page.Findings ?? [];
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined) {
      if (tokens.has(nextToken)) {
        throw publishError(new Error(`GetFindings returned the page token ${nextToken} twice`), 'securityhub:GetFindings', report);
      }
      tokens.add(nextToken);
    }
  } while (nextToken !== undefined);
}

/**
 * The chain head finding Security Hub holds in this account and region, read by its Id (one
 * small GetFindings on Security Hub; an emulator that ignores filters is paged through), or
 * undefined when it holds none.
 */
async function heldHead(
  client: SecurityHubClient,
  productArn: string,
  accountId: string,
  headId: string,
  report: PublishReport,
): Promise<AwsSecurityFinding | undefined> {
  const filters: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
    AwsAccountId: [{ Value: accountId, Comparison: 'EQUALS' }],
    Id: [{ Value: headId, Comparison: 'EQUALS' }],
  };
  for await (const page of findingPages(client, filters, report)) {
    const head = page.find((f) => f.Id === headId && f.ProductArn === productArn && f.AwsAccountId === accountId);
    if (head !== undefined) return head;
  }
  return undefined;
}

/** Our findings in this account, every record state (paginated GetFindings), sorted by whether the run reports them. */
async function heldFindings(
  client: SecurityHubClient,
  productArn: string,
  accountId: string,
  runIds: ReadonlySet<string>,
  report: PublishReport,
): Promise<HeldFindings> {
  const filters: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
    AwsAccountId: [{ Value: accountId, Comparison: 'EQUALS' }],
    GeneratorId: [{ Value: GENERATOR_PREFIX, Comparison: 'PREFIX' }],
  };
  const held: HeldFindings & { newestRun: string | undefined } = { inRun: new Map(), notInRun: [], newestRun: undefined };
  for await (const page of findingPages(client, filters, report)) {
    for (const f of page) {
      // The filter is applied here too: an emulator (moto) ignores filters, and nothing but our own findings may be archived.
      // The chain head is no finding of a control: never archived, never counted, never "the newest run" here (see heldHead).
      if (f.ProductArn !== productArn || f.AwsAccountId !== accountId || controlIdOf(f.GeneratorId) === undefined || !f.Id) continue;
      if (isHeadFinding(f)) continue;
      for (const key of [`${FIELD_PREFIX}RunId`, `${FIELD_PREFIX}ArchivedByRun`]) {
        const named = f.ProductFields?.[key];
        if (named !== undefined && (held.newestRun === undefined || runTime(named) > runTime(held.newestRun))) held.newestRun = named;
      }
      if (runIds.has(f.Id))
        held.inRun.set(f.Id, {
          createdAt: f.CreatedAt,
          workflow: f.Workflow?.Status,
          content: f.RecordState === 'ACTIVE' ? contentOf(f) : undefined,
          updatedAt: f.UpdatedAt,
        });
      else if (f.RecordState === 'ACTIVE') held.notInRun.push(f);
    }
  }
  return held;
}

/** ProductFields that name the run a finding was sent by, or are Security Hub's own: not what a finding says. */
const RUN_FIELDS = new Set(
  ['RunId', 'Store', 'StatementKey', 'StatementSha256', 'MerkleRoot', 'CatalogVersion', 'FindingKey', 'FindingSha256'].map(
    (k) => `${FIELD_PREFIX}${k}`,
  ),
);

/**
 * What a finding says, as a digest of the fields we write: status and its reason, severity, title,
 * description, remediation, resource, mapping and the ProductFields that do not name the sending
 * run. Times, workflow and what Security Hub adds are left out. Two runs of an unchanged estate give
 * the same content (their reasons are deterministic), so the second need not send it; anything
 * Security Hub changed in its copy makes the digests differ, and the finding is sent (never the
 * other way round).
 */
export function contentOf(f: AwsSecurityFinding): string {
  const fields = Object.entries(f.ProductFields ?? {}).filter(([k]) => !RUN_FIELDS.has(k) && !k.startsWith('aws/'));
  return sha256Hex(
    canonicalJson({
      compliance: {
        status: f.Compliance?.Status ?? null,
        relatedRequirements: f.Compliance?.RelatedRequirements ?? [],
        reasons: (f.Compliance?.StatusReasons ?? []).map((r) => [r.ReasonCode ?? null, r.Description ?? null]),
      },
      description: f.Description ?? null,
      generatorId: f.GeneratorId ?? null,
      productFields: Object.fromEntries(fields),
      remediation: f.Remediation?.Recommendation?.Text ?? null,
      // A resource's tags count only where it has some, so that a finding without tags keeps the digest it had before tags were sent.
      resources: (f.Resources ?? []).map((r) => [
        r.Type ?? null,
        r.Id ?? null,
        r.Partition ?? null,
        r.Region ?? null,
        r.Details ?? null,
        ...(r.Tags === undefined ? [] : [r.Tags]),
      ]),
      severity: [f.Severity?.Label ?? null, f.Severity?.Original ?? null],
      title: f.Title ?? null,
      types: f.Types ?? [],
    }),
  );
}

/** Splits findings into BatchImportFindings requests within the API's count and size limits. */
export function batches<T>(
  findings: readonly T[],
  maxCount: number = ASFF_LIMITS.batchFindings,
  maxBytes: number = ASFF_LIMITS.batchBytes,
): T[][] {
  // The request wraps the findings in {"Findings":[...]}: leave room for it.
  const budget = maxBytes - 64;
  const result: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const finding of findings) {
    const size = asffBytes(finding) + 1;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > budget)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(finding);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

interface Outgoing {
  readonly finding: AwsSecurityFinding;
  readonly controlId: string | undefined;
  readonly resourceId: string | undefined;
}

/** A finding by its Id, with what a report says of it. */
interface FindingRef {
  readonly id: string;
  readonly controlId: string | undefined;
  readonly resourceId: string | undefined;
}

/** Run findings turned into ASFF and sent at a time: bounds the memory a large run takes. */
const IMPORT_SLICE = 1000;

function addTo(total: SendReport, part: SendReport): void {
  total.sent += part.sent;
  total.succeeded += part.succeeded;
  total.failed.push(...part.failed);
}

/** Whether a failure Security Hub reports for one finding may pass on a second try (a malformed or forbidden finding will not). */
function retryable(code: string): boolean {
  return !/^Invalid|AccessDenied|Unauthorized/i.test(code);
}

/**
 * Sends findings with BatchImportFindings, then again only those Security Hub reports as failed
 * (transient codes only), up to `maxAttempts` times with exponential backoff.
 */
async function send(
  items: readonly Outgoing[],
  options: Required<Pick<PublishOptions, 'client' | 'maxAttempts' | 'retryDelayMs' | 'sleep'>>,
  report: PublishReport,
): Promise<{ result: SendReport; succeeded: Set<string> }> {
  const result: SendReport = { sent: 0, succeeded: 0, failed: [] };
  const byId = new Map<string, Outgoing>();
  const ready: Outgoing[] = [];
  for (const item of items) {
    const problem = asffProblems(item.finding);
    if (problem !== undefined) {
      result.failed.push({
        id: item.finding.Id ?? '',
        controlId: item.controlId,
        resourceId: item.resourceId,
        code: 'InvalidFinding',
        message: `Not sent: ${problem}`,
        attempts: 0,
      });
      continue;
    }
    byId.set(item.finding.Id as string, item);
    ready.push(item);
  }
  result.sent = ready.length;
  const succeeded = new Set<string>();
  let pending = ready;
  const attempts = new Map<string, number>();
  for (let attempt = 1; pending.length > 0; attempt++) {
    const failedNow: { item: Outgoing; code: string; message: string }[] = [];
    for (const batch of batches(pending.map((p) => p.finding))) {
      report.requests++;
      let answer: BatchImportFindingsCommandOutput;
      try {
        answer = await options.client.send(new BatchImportFindingsCommand({ Findings: batch }));
      } catch (error) {
        throw publishError(error, 'securityhub:BatchImportFindings', report);
      }
      const failedIds = new Set<string>();
      for (const failure of answer.FailedFindings ?? []) {
        const item = failure.Id === undefined ? undefined : byId.get(failure.Id);
        if (!item || failedIds.has(failure.Id as string)) continue;
        failedIds.add(failure.Id as string);
        failedNow.push({ item, code: failure.ErrorCode ?? 'Unknown', message: failure.ErrorMessage ?? 'Security Hub gave no reason.' });
      }
      for (const f of batch) {
        attempts.set(f.Id as string, attempt);
        if (!failedIds.has(f.Id as string)) succeeded.add(f.Id as string);
      }
      result.succeeded += batch.length - failedIds.size;
    }
    const again = failedNow.filter((f) => attempt < options.maxAttempts && retryable(f.code));
    for (const f of failedNow) {
      if (again.includes(f)) continue;
      const id = f.item.finding.Id as string;
      result.failed.push({
        id,
        controlId: f.item.controlId,
        resourceId: f.item.resourceId,
        code: f.code,
        message: f.message,
        attempts: attempts.get(id) ?? attempt,
      });
    }
    pending = again.map((f) => f.item);
    if (pending.length > 0) {
      report.retries += pending.length;
      await options.sleep(options.retryDelayMs * 2 ** (attempt - 1));
    }
  }
  return { result, succeeded };
}

/** Sets Workflow.Status RESOLVED with BatchUpdateFindings, 100 findings at a time; what Security Hub does not process is reported. */
async function resolveWorkflows(
  client: SecurityHubClient,
  productArn: string,
  items: readonly FindingRef[],
  report: PublishReport,
): Promise<SendReport> {
  const result: SendReport = { sent: items.length, succeeded: 0, failed: [] };
  for (let i = 0; i < items.length; i += UPDATE_BATCH) {
    const chunk = items.slice(i, i + UPDATE_BATCH);
    let answer: BatchUpdateFindingsCommandOutput;
    try {
      answer = await client.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: chunk.map((item) => ({ Id: item.id, ProductArn: productArn })),
          Workflow: { Status: 'RESOLVED' },
        }),
      );
    } catch (error) {
      throw publishError(error, RESOLVE_WORKFLOW_IAM_ACTION, report);
    }
    const unprocessed = new Map((answer.UnprocessedFindings ?? []).map((u) => [u.FindingIdentifier?.Id, u] as const));
    for (const item of chunk) {
      const u = unprocessed.get(item.id);
      if (!u) {
        result.succeeded++;
        continue;
      }
      result.failed.push({
        ...item,
        code: u.ErrorCode ?? 'Unknown',
        message: u.ErrorMessage ?? 'Security Hub gave no reason.',
        attempts: 1,
      });
    }
  }
  return result;
}

/** An ACTIVE finding of ours rebuilt as ARCHIVED: the fields it had, UpdatedAt now, and the run that no longer saw it. */
function archivedCopy(existing: AwsSecurityFinding, runId: string, updatedAt: string): AwsSecurityFinding {
  const ours = Object.fromEntries(Object.entries(existing.ProductFields ?? {}).filter(([k]) => k.startsWith(FIELD_PREFIX)));
  const resources = (existing.Resources ?? []).map((r) => ({
    Type: r.Type,
    Id: r.Id,
    Partition: r.Partition,
    Region: r.Region,
    ...(r.Details?.Other ? { Details: { Other: r.Details.Other } } : {}),
  }));
  return {
    SchemaVersion: existing.SchemaVersion,
    Id: existing.Id,
    ProductArn: existing.ProductArn,
    ...(existing.ProductName ? { ProductName: existing.ProductName } : {}),
    ...(existing.CompanyName ? { CompanyName: existing.CompanyName } : {}),
    GeneratorId: existing.GeneratorId,
    AwsAccountId: existing.AwsAccountId,
    Types: existing.Types,
    ...(existing.FirstObservedAt ? { FirstObservedAt: existing.FirstObservedAt } : {}),
    ...(existing.LastObservedAt ? { LastObservedAt: existing.LastObservedAt } : {}),
    CreatedAt: existing.CreatedAt,
    UpdatedAt: updatedAt,
    Severity: existing.Severity?.Label
      ? { Label: existing.Severity.Label, ...(existing.Severity.Original ? { Original: existing.Severity.Original } : {}) }
      : existing.Severity,
    Title: existing.Title,
    Description: existing.Description,
    ...(existing.Remediation?.Recommendation?.Text
      ? { Remediation: { Recommendation: { Text: existing.Remediation.Recommendation.Text } } }
      : {}),
    ProductFields: { ...ours, [`${FIELD_PREFIX}ArchivedByRun`]: runId },
    Resources: resources,
    ...(existing.Compliance?.Status
      ? {
          Compliance: {
            Status: existing.Compliance.Status,
            ...(existing.Compliance.RelatedRequirements ? { RelatedRequirements: existing.Compliance.RelatedRequirements } : {}),
            ...(existing.Compliance.StatusReasons ? { StatusReasons: existing.Compliance.StatusReasons } : {}),
          },
        }
      : {}),
    RecordState: 'ARCHIVED',
  };
}

/** The region a finding of ours was judged in: its resource's region (we always set it). */
function regionOf(finding: AwsSecurityFinding): string | undefined {
  return finding.Resources?.[0]?.Region;
}

/**
 * Publishes the findings of `run` in `accountId` to Security Hub in `region`, and archives the
 * findings of ours there that the run no longer reports. Throws SecurityHubPublishError (naming
 * the action, account and region) when Security Hub is not enabled or an action is denied; a
 * finding Security Hub refuses is reported, with its reason, not thrown.
 */
export async function publishToSecurityHub(options: PublishOptions): Promise<PublishReport> {
  const { client, accountId, region, run } = options;
  const productArn = productArnOf(partitionOf(region), region, accountId);
  const report: PublishReport = {
    runId: run.link.runId,
    accountId,
    region,
    productArn,
    runFindings: run.findings.length,
    otherAccountFindings: 0,
    otherRegionFindings: 0,
    imported: { sent: 0, succeeded: 0, failed: [] },
    unchanged: 0,
    archived: { sent: 0, succeeded: 0, failed: [] },
    keptUnobserved: 0,
    outsideRun: 0,
    requests: 0,
    retries: 0,
    head: {
      id: headFindingId(accountId, region),
      runId: run.link.runId,
      store: run.link.storeLocation,
      statementSha256: run.link.statementSha256,
      written: false,
    },
  };
  const sendOptions = {
    client,
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
    retryDelayMs: options.retryDelayMs ?? 500,
    sleep: options.sleep ?? defaultSleep,
  };

  // Fails fast, before anything is written, when Security Hub is off or the credentials cannot reach it.
  try {
    await client.send(new DescribeHubCommand({}));
  } catch (error) {
    throw publishError(error, 'securityhub:DescribeHub', report);
  }
  const regions = options.regions === undefined ? undefined : new Set(options.regions);
  const mine: SealedFindingRef[] = [];
  for (const sealed of run.findings) {
    if (sealed.finding.accountId !== accountId) report.otherAccountFindings++;
    else if (regions !== undefined && !regions.has(sealed.finding.region)) report.otherRegionFindings++;
    else mine.push(sealed);
  }
  // The head first: one small read, and a run older than the head Security Hub holds is refused before the long pass.
  const headBefore = await heldHead(client, productArn, accountId, report.head.id, report);
  const named = headBefore === undefined ? undefined : headNamed(headBefore);
  if (named !== undefined) {
    report.head.previous = named;
    if (runTime(named.runId) > runTime(run.link.runId)) refuseOlderRun(named.runId, run.link.runId, report, 'the chain head');
    if (named.runId === run.link.runId && named.statementSha256 !== undefined && named.statementSha256 !== run.link.statementSha256)
      refuseOtherStatement(named.statementSha256, run.link, report);
  }
  const ids = new Set(mine.map((s) => asffId(s.finding)));
  const held = await heldFindings(client, productArn, accountId, ids, report);
  if (held.newestRun !== undefined && runTime(held.newestRun) > runTime(run.link.runId))
    refuseOlderRun(held.newestRun, run.link.runId, report, 'findings');

  const controls = new Map((options.catalog ?? defaultCatalog).map((c) => [c.id, c] as const));
  const updatedAt = options.now().toISOString();
  const refreshBefore = options.now().getTime() - (options.refreshAfterDays ?? REFRESH_AFTER_DAYS) * 86_400_000;
  const heldAsItIs = (before: { content: string | undefined; updatedAt: string | undefined } | undefined, asff: AwsSecurityFinding) =>
    options.sendUnchanged !== true &&
    before?.content !== undefined &&
    before.updatedAt !== undefined &&
    Date.parse(before.updatedAt) >= refreshBefore &&
    before.content === contentOf(asff);
  const open = (workflow: string | undefined) => workflow === 'NEW' || workflow === 'NOTIFIED';
  const toResolve: FindingRef[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < mine.length; i += IMPORT_SLICE) {
    const slice: Outgoing[] = [];
    const passingOpen = new Set<string>();
    for (const sealed of mine.slice(i, i + IMPORT_SLICE)) {
      const { finding } = sealed;
      const id = asffId(finding);
      if (seen.has(id)) continue;
      seen.add(id);
      const before = held.inRun.get(id);
      const asff = toAsff(sealed, {
        accountId,
        region,
        productArn,
        run: run.link,
        control: controls.get(finding.controlId),
        createdAt: before?.createdAt ?? run.startedAt,
        observedAt: run.startedAt,
        updatedAt,
        tags: run.tags?.get(finding.resource.id),
      });
      if (heldAsItIs(before, asff)) {
        report.unchanged++;
        continue;
      }
      slice.push({ finding: asff, controlId: finding.controlId, resourceId: finding.resource.id });
      // A new finding is created with its workflow; only one Security Hub held before can need resolving.
      if (open(before?.workflow) && initialWorkflow(finding.status) === 'RESOLVED') passingOpen.add(id);
    }
    const sent = await send(slice, sendOptions, report);
    addTo(report.imported, sent.result);
    for (const item of slice) {
      const id = item.finding.Id as string;
      if (passingOpen.has(id) && sent.succeeded.has(id)) toResolve.push({ id, controlId: item.controlId, resourceId: item.resourceId });
    }
  }

  // What this run no longer reports: archived where the run could see it, kept where it could not.
  const assessed = new Set(
    run.scopes.filter((s) => s.accountId === accountId && (regions === undefined || regions.has(s.region))).map((s) => s.region),
  );
  const listed = new Set(run.coverage.filter((c) => c.status !== 'FAILED').map((c) => `${c.collector}\n${c.accountId}\n${c.region}`));
  const stale: Outgoing[] = [];
  for (const f of held.notInRun) {
    const findingRegion = regionOf(f);
    if (findingRegion === undefined || !assessed.has(findingRegion)) {
      report.outsideRun++;
      continue;
    }
    const controlId = controlIdOf(f.GeneratorId);
    const control = controlId === undefined ? undefined : controls.get(controlId);
    // A control that left the catalog judges nothing any more: its findings are archived.
    if (control && !control.collectors.every((c) => listed.has(`${c}\n${accountId}\n${findingRegion}`))) {
      report.keptUnobserved++;
      continue;
    }
    stale.push({ finding: archivedCopy(f, run.link.runId, updatedAt), controlId, resourceId: f.Resources?.[0]?.Id });
  }
  const archived = await send(stale, sendOptions, report);
  report.archived = archived.result;

  // The head last, on every publish (whatever changed): it advances only once the run's findings and archives are in.
  const head = toHeadAsff(run.link, run.head, { accountId, region, productArn, createdAt: headBefore?.CreatedAt, publishedAt: updatedAt });
  const headSent = await send([{ finding: head, controlId: undefined, resourceId: run.link.storeLocation }], sendOptions, report);
  report.head.written = headSent.succeeded.has(report.head.id);
  const headFailure = headSent.result.failed[0];
  if (headFailure !== undefined) report.head.failure = headFailure;

  if (options.resolveWorkflow) {
    const workflowOf = new Map(held.notInRun.map((f) => [f.Id as string, f.Workflow?.Status] as const));
    for (const item of stale) {
      const id = item.finding.Id as string;
      if (archived.succeeded.has(id) && open(workflowOf.get(id)))
        toResolve.push({ id, controlId: item.controlId, resourceId: item.resourceId });
    }
    report.workflowResolved = await resolveWorkflows(client, productArn, toResolve, report);
  }
  return report;
}

/**
 * Refuses to publish a run older than the one Security Hub's chain head names, or than one whose
 * findings it holds: its findings would overwrite newer ones and archive what the newer run
 * reported, and its head would move back. The head names the newest run published even when that
 * run changed nothing (its findings then still name older runs). Publishing the same run again is
 * allowed (it changes nothing but UpdatedAt).
 */
function refuseOlderRun(newest: string, runId: string, report: PublishReport, by: 'the chain head' | 'findings'): never {
  const holds = by === 'the chain head' ? `the chain head of run ${newest}` : `findings of run ${newest}`;
  throw new SecurityHubPublishError(
    'OUT_OF_ORDER',
    'securityhub:BatchImportFindings',
    report,
    `Security Hub in account ${report.accountId}, region ${report.region} already holds ${holds}, which started after run ${runId}: publishing the older run would roll them back. Publish run ${newest} or a later one.`,
  );
}

/** Refuses a run whose id Security Hub's head names with another statement: the chain it was published from is not this one. */
function refuseOtherStatement(held: string, link: SealedRunLink, report: PublishReport): never {
  throw new SecurityHubPublishError(
    'HEAD_CONFLICT',
    'securityhub:BatchImportFindings',
    report,
    `Security Hub in account ${report.accountId}, region ${report.region} holds the chain head of run ${link.runId} with statement SHA-256 ${held}, but the run in ${link.storeLocation} has statement SHA-256 ${link.statementSha256}: the run was sealed again, or another store holds a run of that id. Verify the store (ai-evidence verify --expect-head ${held}) before publishing it.`,
  );
}

/** Reads run `runId` from `store` (checked against its signed statement) and publishes it: what the publish Lambda and CLI call. */
export async function publishStoredRun(
  options: Omit<PublishOptions, 'run'> & { store: EvidenceStore; runId: string },
): Promise<PublishReport> {
  const { store, runId, ...rest } = options;
  return publishToSecurityHub({ ...rest, run: await readRunToPublish(store, runId) });
}
