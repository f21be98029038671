import * as z from 'zod';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import type { SealedEvidence } from '../evidence/record.js';

export const FINDING_STATUSES = ['PASS', 'FAIL', 'NOT_APPLICABLE', 'INSUFFICIENT_EVIDENCE'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AI_LAYERS = ['input', 'model', 'output'] as const;
export type AiLayer = (typeof AI_LAYERS)[number];

/** What a control says about itself; checked by {@link ControlMetadataSchema}. */
export const ControlMetadataSchema = z.strictObject({
  /** `<service>_<resource>_<expected_state>`, equal to the module's file name. */
  id: z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)+$/),
  /**
   * Raised whenever the control's logic changes, so that the catalog version a run records changes
   * with it and an auditor re-evaluating an old run knows which logic judged it.
   */
  version: z.number().int().min(1),
  title: z.string().min(1),
  rationale: z.string().min(1),
  severity: z.enum(SEVERITIES),
  remediation: z.string().min(1),
  /** CAF-AI security perspective capability ids (lib/frameworks/data/caf-ai-security.json). */
  cafAi: z.array(z.string()).min(1),
  /** NIST AI RMF 1.0 subcategory ids, e.g. `MEASURE 2.7`. */
  aiRmf: z.array(z.string()).min(1),
  /** ISO/IEC 42001:2023 Annex A control ids, where they apply. */
  iso42001: z.array(z.string()),
  /**
   * Which of the three parts of an AI system the seed (CAF-AI) protects it covers: what goes into
   * the model (data, prompts), the model itself (training, registry, hosting), what comes out.
   */
  aiLayers: z.array(z.enum(AI_LAYERS)).min(1),
  /** Security Hub CSPM control ids it corresponds to, e.g. `SageMaker.3`; empty if none. */
  securityHubControls: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*\.[0-9]+$/)),
  /** AWS Config managed rule identifiers it corresponds to; empty if none. */
  configRules: z.array(z.string().regex(/^[a-z0-9-]+$/)),
  /** The collectors whose evidence it reads. */
  collectors: z.array(z.string()).min(1),
  /** The resource type it judges. */
  resourceType: z.string().min(1),
});
export type ControlMetadata = z.infer<typeof ControlMetadataSchema>;

export const FindingSchema = z.strictObject({
  schemaVersion: z.literal(1),
  controlId: z.string(),
  status: z.enum(FINDING_STATUSES),
  severity: z.enum(SEVERITIES),
  accountId: z.string(),
  region: z.string(),
  resource: z.strictObject({ type: z.string(), id: z.string() }),
  /** A sentence a person can act on: the service, the resource, what is wrong, ending with a period. */
  reason: z.string().min(1),
  /** SHA-256 of every evidence record the finding rests on. */
  evidence: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Evidence and coverage of one run, indexed for controls. */
export interface EvaluationInput {
  readonly scopes: readonly Scope[];
  /**
   * Every account the run assesses, sorted: for a shard (one account) the run's, not only the
   * shard's. The one thing a control may know of other shards: a control that judges whether a
   * resource is shared only within the assessed estate reads it (sagemaker_model_package_group_policy_restricted).
   */
  readonly accounts: readonly string[];
  /** The run's start: the one clock evaluation may read, so that re-evaluation gives the same findings. */
  readonly evaluatedAt: string;
  evidenceOf(collector: string, scope: Scope): readonly SealedEvidence[];
  coverageOf(collector: string, scope: Scope): CoverageEntry | undefined;
}

export interface Control extends ControlMetadata {
  /** Pure: reads only its input. One finding per resource, or one per scope where there is none to judge. */
  evaluate(input: EvaluationInput): Finding[];
}
