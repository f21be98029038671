import * as z from 'zod';
import { FINDING_STATUSES } from '../controls/types.js';
import { FRAMEWORK_IDS } from '../frameworks/definitions.js';
import type { RequirementStatus } from '../frameworks/rollup.js';

/**
 * The shape of `ai-evidence diff --json` (and of what the report's "changes since the previous run"
 * shows): what changed from the run before to the run after. Documented in docs/ARCHITECTURE.md.
 */

/** NEW: only the run after has it; RESOLVED: only the run before; STATUS: its status changed; REASON: same status, other reason. */
export const FINDING_CHANGE_KINDS = ['NEW', 'RESOLVED', 'STATUS', 'REASON'] as const;
export type FindingChangeKind = (typeof FINDING_CHANGE_KINDS)[number];

const Judgement = z.strictObject({ status: z.enum(FINDING_STATUSES), reason: z.string() });

export const FindingChangeSchema = z.strictObject({
  change: z.enum(FINDING_CHANGE_KINDS),
  /** The finding's identity (lib/controls/identity.ts): control, account, region, resource. */
  identity: z.string(),
  controlId: z.string(),
  accountId: z.string(),
  region: z.string(),
  resource: z.strictObject({ type: z.string(), id: z.string() }),
  /** Its status and reason in the run before; null when NEW. */
  before: Judgement.nullable(),
  /** Its status and reason in the run after; null when RESOLVED. */
  after: Judgement.nullable(),
});
export type FindingChange = z.infer<typeof FindingChangeSchema>;

/** APPEARED / DISAPPEARED: one run only has an entry for that collector, account and region; STATUS: COMPLETE, PARTIAL or FAILED changed; KINDS: same status, other failure kinds. */
export const COVERAGE_CHANGE_KINDS = ['APPEARED', 'DISAPPEARED', 'STATUS', 'KINDS'] as const;
export type CoverageChangeKind = (typeof COVERAGE_CHANGE_KINDS)[number];

const CoverageSide = z.strictObject({
  status: z.enum(['COMPLETE', 'PARTIAL', 'FAILED']),
  /** The failure kinds of its errors, sorted, each once. */
  kinds: z.array(z.string()),
  errors: z.number().int().nonnegative(),
});

export const CoverageChangeSchema = z.strictObject({
  change: z.enum(COVERAGE_CHANGE_KINDS),
  collector: z.string(),
  accountId: z.string(),
  region: z.string(),
  before: CoverageSide.nullable(),
  after: CoverageSide.nullable(),
});
export type CoverageChange = z.infer<typeof CoverageChangeSchema>;

const REQUIREMENT_STATUS = z.enum([
  'PASS',
  'FAIL',
  'INSUFFICIENT_EVIDENCE',
  'NOT_APPLICABLE',
  'ATTESTED',
  'ATTESTATION_EXPIRED',
  'ATTESTATION_REQUIRED',
] as const satisfies readonly RequirementStatus[]);

export const RequirementChangeSchema = z.strictObject({
  framework: z.enum(FRAMEWORK_IDS),
  requirement: z.string(),
  before: REQUIREMENT_STATUS,
  after: REQUIREMENT_STATUS,
  /** What changed under it: its controls' findings that moved (new, resolved, another status), its attestation. */
  because: z.array(z.string()).min(1),
  /** "GOVERN 1.4 went from PASS to FAIL because ...". */
  message: z.string(),
});
export type RequirementChange = z.infer<typeof RequirementChangeSchema>;

const RunSide = z.strictObject({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  statementSha256: z.string(),
  toolVersion: z.string(),
  catalogVersion: z.string(),
  findings: z.number().int().nonnegative(),
});

export const RunDiffSchema = z.strictObject({
  schemaVersion: z.literal(1),
  before: RunSide,
  after: RunSide,
  /** True when nothing below changed. */
  unchanged: z.boolean(),
  findings: z.strictObject({
    totals: z.strictObject({
      NEW: z.number().int().nonnegative(),
      RESOLVED: z.number().int().nonnegative(),
      STATUS: z.number().int().nonnegative(),
      REASON: z.number().int().nonnegative(),
    }),
    /** Sorted by control, account, region and resource id; every change (the report lists the first ones). */
    changes: z.array(FindingChangeSchema),
  }),
  coverage: z.strictObject({ changes: z.array(CoverageChangeSchema) }),
  requirements: z.strictObject({
    /** The frameworks rolled up, in order. */
    frameworks: z.array(z.enum(FRAMEWORK_IDS)),
    /** Per framework in that order, then in the framework's requirement order. */
    changes: z.array(RequirementChangeSchema),
  }),
});
export type RunDiff = z.infer<typeof RunDiffSchema>;
