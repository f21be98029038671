import { hash } from 'node:crypto';
import { ATTESTATION_COLLECTOR, attestationState } from '../attestations/attestation.js';
import { type AttestationOfRun, RunAttestations, type RunAttestationsResult } from '../attestations/run.js';
import { findingIdentity } from '../controls/identity.js';
import { catalog as defaultCatalog, catalogVersion as defaultCatalogVersion } from '../controls/index.js';
import type { Control, Finding, FindingStatus } from '../controls/types.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import { euAiAct, type Framework, type FrameworkId, nistAiRmf, owaspLlm, requirementsOf } from '../frameworks/definitions.js';
import type { Statement } from '../seal/manifest.js';
import { runKeys } from '../store/types.js';
import { TOOL_VERSION } from '../version.js';
import { jsonChunks, jsonStream, LazyList } from './json-chunks.js';
import { citableEvidence, type RunDescription, type SealedFinding, type SealedRunData, type StoredEvidence } from './load.js';
import { uuidV5 } from './uuid.js';

/** The OSCAL release the document conforms to. */
export const OSCAL_VERSION = '1.1.2';

/** Namespace of every prop ai-evidence adds: none of them are names that OSCAL itself defines. */
export const PROP_NS = 'https://ai-evidence.dev/ns/oscal';

/**
 * ai-evidence writes no OSCAL assessment plan, yet `import-ap` with an `href` is required. This URN
 * is a stable placeholder that names no document; the `import-ap` remarks say so.
 */
export const NO_ASSESSMENT_PLAN_HREF = 'urn:ai-evidence:assessment-plan:none';

export interface AssessmentResultsOptions {
  /** The document title; by default one naming the runs. */
  title?: string;
  /** The tool version recorded as the document version; by default this tool's. */
  toolVersion?: string;
  /**
   * The catalog whose metadata maps findings to AI RMF subcategories (this tool's by default). A run
   * judged with another catalog is mapped with it, and its result's remarks say which controls
   * differ or are not mapped.
   */
  catalog?: readonly Control[];
  catalogVersion?: string;
  /** The assessment plan to name, when there is one; by default {@link NO_ASSESSMENT_PLAN_HREF}. */
  assessmentPlanHref?: string;
  /**
   * The frameworks whose requirements the findings target, AI RMF first; by default
   * {@link OSCAL_FRAMEWORK_IDS}. Bundles made before OWASP LLM and the EU AI Act were mapped hold
   * AI RMF only ({@link LEGACY_OSCAL_FRAMEWORK_IDS}), and are rebuilt with that.
   */
  frameworks?: readonly OscalFrameworkId[];
}

/** The frameworks whose requirements OSCAL findings target, in document order. */
export const OSCAL_FRAMEWORK_IDS = ['nist-ai-rmf', 'owasp-llm', 'eu-ai-act'] as const;
export type OscalFrameworkId = (typeof OSCAL_FRAMEWORK_IDS)[number];
/** What the OSCAL documents of earlier exports target: AI RMF subcategories only. */
export const LEGACY_OSCAL_FRAMEWORK_IDS: readonly OscalFrameworkId[] = ['nist-ai-rmf'];
const OSCAL_FRAMEWORKS: Readonly<Record<OscalFrameworkId, { framework: Framework; unit: string; prop: string }>> = {
  'nist-ai-rmf': { framework: nistAiRmf, unit: 'subcategories', prop: 'ai-rmf-subcategory' },
  'owasp-llm': { framework: owaspLlm, unit: 'risks', prop: 'owasp-llm-risk' },
  'eu-ai-act': { framework: euAiAct, unit: 'articles', prop: 'eu-ai-act-article' },
};

/** Whether OSCAL findings target this framework's requirements. */
export function isOscalFramework(id: FrameworkId): id is OscalFrameworkId {
  return (OSCAL_FRAMEWORK_IDS as readonly string[]).includes(id);
}

/** The frameworks of a document, AI RMF first whatever the options say. */
function frameworksOf(options: AssessmentResultsOptions): OscalFrameworkId[] {
  const chosen = new Set(options.frameworks ?? OSCAL_FRAMEWORK_IDS);
  return OSCAL_FRAMEWORK_IDS.filter((id) => id === 'nist-ai-rmf' || chosen.has(id));
}

const requirementsCache = new WeakMap<Control, Readonly<Record<OscalFrameworkId, readonly string[]>>>();

/** The requirements of each OSCAL framework a control supports: its AI RMF subcategories, the OWASP risks and articles the tables map it to. */
function requirementsOfControl(control: Control): Readonly<Record<OscalFrameworkId, readonly string[]>> {
  let cached = requirementsCache.get(control);
  if (cached === undefined) {
    cached = {
      'nist-ai-rmf': control.aiRmf,
      'owasp-llm': requirementsOf(owaspLlm, control),
      'eu-ai-act': requirementsOf(euAiAct, control),
    };
    requirementsCache.set(control, cached);
  }
  return cached;
}

// The OSCAL JSON types this module writes: only the parts of the schema it uses.
export interface OscalProp {
  name: string;
  ns: string;
  value: string;
  class?: string;
}
export interface OscalLink {
  href: string;
  rel?: string;
  'media-type'?: string;
  text?: string;
}
export interface OscalObservation {
  uuid: string;
  title: string;
  description: string;
  props: OscalProp[];
  methods: string[];
  types: string[];
  subjects?: { 'subject-uuid': string; type: string; title: string }[];
  'relevant-evidence'?: { href: string; description: string; props: OscalProp[] }[];
  collected: string;
  remarks?: string;
}
export interface OscalFinding {
  uuid: string;
  title: string;
  description: string;
  props: OscalProp[];
  links: OscalLink[];
  target: {
    type: 'objective-id';
    'target-id': string;
    title: string;
    description: string;
    props: OscalProp[];
    status: { state: 'satisfied' | 'not-satisfied'; reason: string; remarks?: string };
  };
  'related-observations'?: { 'observation-uuid': string }[];
  remarks?: string;
}
export interface OscalResult {
  uuid: string;
  title: string;
  description: string;
  start: string;
  end: string;
  props: OscalProp[];
  'local-definitions'?: { 'inventory-items': { uuid: string; description: string; props: OscalProp[] }[] };
  'reviewed-controls': {
    description: string;
    'control-selections': { description: string; 'include-controls': { 'control-id': string }[] }[];
    'control-objective-selections': { description: string; 'include-objectives': { 'objective-id': string }[] }[];
  };
  attestations: { parts: OscalPart[] }[];
  observations?: OscalObservation[];
  findings?: OscalFinding[];
  remarks?: string;
}
export interface OscalPart {
  uuid: string;
  name: string;
  ns: string;
  title: string;
  props: OscalProp[];
  prose: string;
  links: OscalLink[];
}
export interface OscalAssessmentResults {
  'assessment-results': {
    uuid: string;
    metadata: { title: string; 'last-modified': string; version: string; 'oscal-version': string; props: OscalProp[]; remarks: string };
    'import-ap': { href: string; remarks: string };
    results: OscalResult[];
  };
}

export class OscalExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OscalExportError';
  }
}

// OSCAL's StringDatatype: no leading or trailing whitespace and, as ajv reads the pattern, one line.
const STRING_DATATYPE = /^\S(.*\S)?$/u;
const TOKEN_DATATYPE = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

/**
 * A prop value: strings from AWS are kept as they are, except that runs of whitespace (line breaks
 * included) become one space and the ends are trimmed, which OSCAL's string type requires. The
 * stored evidence object keeps the exact value.
 */
function prop(name: string, value: string, cls?: string): OscalProp | undefined {
  const flat = value.replace(/\s+/gu, ' ').trim();
  if (!STRING_DATATYPE.test(flat)) return undefined;
  return { name, ns: PROP_NS, value: flat, ...(cls === undefined ? {} : { class: cls }) };
}

function props(...list: (OscalProp | undefined)[]): OscalProp[] {
  return list.filter((p): p is OscalProp => p !== undefined);
}

/**
 * OSCAL titles, descriptions and remarks are Markdown. A string from AWS placed in one is data, not
 * markup: its whitespace is flattened to single spaces and every character Markdown or HTML could
 * read as markup is backslash-escaped, so a renderer shows the string as it was.
 */
export function markdownText(value: string): string {
  return value.replace(/\s+/gu, ' ').replace(/[\\`*_[\]<>&|~]/gu, '\\$&');
}

/**
 * The OSCAL token for a requirement: an AI RMF subcategory `MEASURE 2.7` becomes `MEASURE-2.7` (a
 * token has no spaces), an OWASP risk `LLM01:2025` becomes `LLM01-2025` (nor colons), an EU AI Act
 * article `Art. 12` becomes `EU-AI-Act-Art.12`.
 */
export function objectiveIdOf(framework: OscalFrameworkId, requirementId: string): string {
  if (framework === 'nist-ai-rmf') return objectiveId(requirementId);
  const token =
    framework === 'owasp-llm' ? requirementId.trim().replace(/[\s:]+/gu, '-') : `EU-AI-Act-${requirementId.replace(/\s+/gu, '')}`;
  if (!TOKEN_DATATYPE.test(token))
    throw new OscalExportError(`The ${OSCAL_FRAMEWORKS[framework].framework.title} id "${requirementId}" cannot be made an OSCAL token.`);
  return token;
}

/** The OSCAL token for an AI RMF subcategory id: `MEASURE 2.7` becomes `MEASURE-2.7` (a token has no spaces). */
export function objectiveId(subcategoryId: string): string {
  const token = subcategoryId.trim().replace(/\s+/gu, '-');
  if (!TOKEN_DATATYPE.test(token))
    throw new OscalExportError(`The AI RMF subcategory id "${subcategoryId}" cannot be made an OSCAL token.`);
  return token;
}

/**
 * How each finding status becomes an OSCAL objective status. OSCAL has only `satisfied` and
 * `not-satisfied`; the reason token and a remark carry the two statuses it has no word for.
 */
export const STATUS_MAPPING: Record<FindingStatus, { state: 'satisfied' | 'not-satisfied'; reason: string; remarks?: string }> = {
  PASS: { state: 'satisfied', reason: 'pass' },
  FAIL: { state: 'not-satisfied', reason: 'fail' },
  INSUFFICIENT_EVIDENCE: {
    state: 'not-satisfied',
    reason: 'other',
    remarks:
      'ai-evidence status INSUFFICIENT_EVIDENCE: the evidence needed to judge this objective could not be read, and ai-evidence fails closed, so the objective is not shown as satisfied. See the related coverage-gap observations.',
  },
  NOT_APPLICABLE: {
    state: 'satisfied',
    reason: 'other',
    remarks:
      'ai-evidence status NOT_APPLICABLE: the account and region were read completely and hold no resource of the type this control judges, so nothing there falls short of the objective.',
  },
};

const requirementText: Readonly<Record<OscalFrameworkId, ReadonlyMap<string, string>>> = {
  'nist-ai-rmf': new Map(nistAiRmf.requirements.map((r) => [r.id, r.text])),
  'owasp-llm': new Map(owaspLlm.requirements.map((r) => [r.id, r.text])),
  'eu-ai-act': new Map(euAiAct.requirements.map((r) => [r.id, r.text])),
};

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every run's start and end are ISO-8601 strings of the same form, so they order as strings. */
function newest(values: readonly string[]): string {
  return [...values].sort(compare)[values.length - 1] as string;
}

/** What the OSCAL writer needs of a run besides its objects: the run without its manifest's item list. */
export interface OscalRun {
  readonly runId: string;
  readonly manifest: RunDescription;
  readonly statement: Statement;
  readonly statementSha256: string;
}

/** A subject: an AWS resource named by an evidence record, once per run. */
type SubjectName = readonly [accountId: string, region: string, type: string, id: string];

function subjectOf(record: StoredEvidence['record']): SubjectName {
  return [record.accountId, record.region, record.resource.type, record.resource.id];
}

/**
 * What a result's header needs that only a pass over the run's objects gives: counts, the AI RMF
 * subcategories judged, the resources named. It is filled one object at a time (evidence first,
 * in manifest order, then findings), so an export gathers it while it copies the objects, and it
 * checks as it goes what would make the document wrong: a finding of a control not in the catalog,
 * or one citing evidence the run does not hold.
 *
 * It holds neither the objects nor the resources' names: which evidence record is the first to name
 * its resource is one bit per record, and the inventory is written from the records read again.
 * During the pass it keeps a 12-byte digest per resource to tell them apart; {@link finish} drops it.
 */
export class OscalRunSummary {
  evidence = 0;
  findings = 0;
  /** OSCAL findings per framework: one per (finding, requirement of that framework its control supports). */
  readonly oscalFindings = new Map<OscalFrameworkId, number>();
  /** AWS resources named by the run's evidence records. */
  subjects = 0;
  readonly statuses = new Map<string, number>();
  /** The requirements judged, per framework: those the controls of the run's findings support. */
  readonly assessed = new Map<OscalFrameworkId, Set<string>>(OSCAL_FRAMEWORK_IDS.map((id) => [id, new Set<string>()]));
  /** Controls of the run's findings that the catalog does not have: named in the result's remarks. */
  readonly unmapped = new Set<string>();
  /** The run's signed manual attestations and its trust list (few records), re-opened and checked; judged by {@link attestations}. */
  private readonly gathered = new RunAttestations();
  /** The object key of each attestation record, by its SHA-256. */
  private readonly attestationKeys = new Map<string, string>();
  private judged: RunAttestationsResult | undefined;
  /** Bit n: the evidence record at ordinal n (in manifest order) is the first to name its resource. */
  private firstOfSubject = new Uint8Array(128);
  /** Digests of the resources named so far, during the pass. */
  private seen: Set<string> | undefined = new Set();

  constructor(
    readonly run: OscalRun,
    private readonly controls: ReadonlyMap<string, Control>,
    /** Whether the run holds an evidence record of this SHA-256 (its manifest lists it); needed during the pass only. */
    private hasEvidence: ((sha256: string) => boolean) | undefined,
  ) {}

  addEvidence(evidence: StoredEvidence): void {
    const seen = this.pass();
    const { record } = evidence;
    // Slices of fewer than 13 characters are copies in V8: the set holds 12 bytes, not the digest.
    const name = hash('sha256', `${record.accountId}/${record.region}/${record.resource.id}`, 'binary').slice(0, 12);
    if (!seen.has(name)) {
      seen.add(name);
      const byte = this.evidence >>> 3;
      if (byte >= this.firstOfSubject.length) {
        const grown = new Uint8Array(this.firstOfSubject.length * 2);
        grown.set(this.firstOfSubject);
        this.firstOfSubject = grown;
      }
      this.firstOfSubject[byte] = (this.firstOfSubject[byte] as number) | (1 << (this.evidence & 7));
      this.subjects++;
    }
    this.gathered.add(record, evidence.sha256);
    if (record.source.collector === ATTESTATION_COLLECTOR) this.attestationKeys.set(evidence.sha256, evidence.key);
    this.evidence++;
  }

  /** The run's attestations with their object keys, each judged against the trust list sealed with the run; once the pass ended. */
  attestations(): { attestation: AttestationOfRun; key: string }[] {
    if (this.seen !== undefined)
      throw new OscalExportError(`The summary of run ${this.run.runId} is not finished: its trust list may be still to come.`);
    this.judged ??= this.gathered.finish();
    return this.judged.attestations.map((attestation) => ({
      attestation,
      key: this.attestationKeys.get(attestation.evidenceSha256) as string,
    }));
  }

  /**
   * Adds a finding; each evidence record it cites must be one of the run's, by `hasEvidence` when
   * given (a v2 walk's lookup of the finding's own shard), else by the summary's own.
   */
  addFinding(sealed: SealedFinding, hasEvidence: ((sha256: string) => boolean) | undefined = this.hasEvidence): void {
    this.pass();
    const control = controlOf(this.controls, sealed.finding);
    if (hasEvidence === undefined && sealed.finding.evidence.length > 0) {
      throw new OscalExportError(`${sealed.key} cites evidence, but the summary of run ${this.run.runId} was given no way to look it up.`);
    }
    for (const sha of sealed.finding.evidence) {
      if (!(hasEvidence as (sha256: string) => boolean)(sha)) {
        throw new OscalExportError(`${sealed.key} cites evidence ${sha}, which is not an evidence record of run ${this.run.runId}.`);
      }
    }
    this.findings++;
    this.statuses.set(sealed.finding.status, (this.statuses.get(sealed.finding.status) ?? 0) + 1);
    if (control === undefined) {
      this.unmapped.add(sealed.finding.controlId);
      return;
    }
    const mapped = requirementsOfControl(control);
    for (const id of OSCAL_FRAMEWORK_IDS) {
      for (const requirement of mapped[id]) this.assessed.get(id)?.add(requirement);
      this.oscalFindings.set(id, (this.oscalFindings.get(id) ?? 0) + mapped[id].length);
    }
  }

  /** What the result's remarks say when the run was judged with another catalog; undefined when it was not. */
  catalogRemark(catalogVersion: string): string | undefined {
    return catalogRemark(this.run, this.controls, catalogVersion, this.unmapped);
  }

  /** Ends the pass over the run's objects: what only the pass needed is let go. */
  finish(): this {
    this.seen = undefined;
    this.hasEvidence = undefined;
    return this;
  }

  /** Whether the evidence record at `ordinal` (its place among the run's records, in manifest order) is the first to name its resource. */
  namesNewSubject(ordinal: number): boolean {
    return ordinal < this.evidence && (((this.firstOfSubject[ordinal >>> 3] as number) >>> (ordinal & 7)) & 1) === 1;
  }

  private pass(): Set<string> {
    if (this.seen === undefined) throw new OscalExportError(`The summary of run ${this.run.runId} is finished: no object can be added.`);
    return this.seen;
  }
}

/** The catalog's control of a finding; undefined for a control the catalog does not have (a run judged with another catalog). */
function controlOf(controls: ReadonlyMap<string, Control>, finding: Finding): Control | undefined {
  return controls.get(finding.controlId);
}

/** The catalog the findings are mapped with: the options' or this tool's. */
export function oscalCatalog(options: AssessmentResultsOptions = {}): { controls: ReadonlyMap<string, Control>; catalogVersion: string } {
  const catalog = options.catalog ?? defaultCatalog;
  return { controls: new Map(catalog.map((c) => [c.id, c])), catalogVersion: options.catalogVersion ?? defaultCatalogVersion };
}

/**
 * What the document says of a run judged with another catalog than the one its findings are mapped
 * with: the controls sealed with another version (mapped with this catalog's metadata) and those
 * the catalog does not have (whose findings are not mapped to any requirement); undefined when the
 * run's catalog is this one.
 */
export function catalogRemark(
  run: OscalRun,
  controls: ReadonlyMap<string, Control>,
  catalogVersion: string,
  unmapped: Iterable<string>,
): string | undefined {
  const { manifest } = run;
  const missing = [...new Set(unmapped)].sort(compare);
  const changed = (manifest.controls ?? [])
    .filter((c) => controls.has(c.id) && controls.get(c.id)?.version !== c.version)
    .map((c) => `${c.id} v${c.version} (this catalog has v${controls.get(c.id)?.version})`);
  if (manifest.catalogVersion === catalogVersion && missing.length === 0) return undefined;
  const parts = [
    `Run ${run.runId} was judged by ai-evidence ${manifest.toolVersion} with control catalog ${manifest.catalogVersion}; its findings are mapped to the frameworks' requirements with catalog ${catalogVersion}.`,
  ];
  if (changed.length > 0)
    parts.push(`Controls sealed with another version than this catalog's, mapped with this catalog's metadata: ${changed.join(', ')}.`);
  if (missing.length > 0)
    parts.push(`Controls this catalog does not have, whose findings are not mapped to any requirement: ${missing.join(', ')}.`);
  return parts.join(' ');
}

/** A run for the streamed document: its summary, and its evidence and findings read again, in manifest order. */
export interface OscalRunSource {
  readonly summary: OscalRunSummary;
  evidence(): Iterable<StoredEvidence> | AsyncIterable<StoredEvidence>;
  findings(): Iterable<SealedFinding> | AsyncIterable<SealedFinding>;
}

/**
 * An OSCAL 1.1.2 assessment-results document for sealed runs: one result per run, one observation
 * per evidence record and per coverage gap, one finding per (control finding, AI RMF subcategory of
 * its control). Pure: the same runs give the same document, byte for byte once serialized, because
 * every UUID is a name-based UUID derived from the runs' signed statement digests and the objects'
 * SHA-256. This builds the whole document in memory; {@link assessmentResultsText} writes the same
 * text from runs read one object at a time.
 */
export function assessmentResults(runs: readonly SealedRunData[], options: AssessmentResultsOptions = {}): OscalAssessmentResults {
  const { controls } = oscalCatalog(options);
  const frameworks = frameworksOf(options);
  if (runs.length === 0) throw new OscalExportError('An assessment-results document needs at least one run.');
  const summaries = runs.map((run) => summarize(run, controls));
  return document(summaries, options, (summary) => {
    const run = runs[summaries.indexOf(summary)] as SealedRunData;
    const gaps = gapsOf(run);
    return {
      inventory: run.evidence.filter((_, i) => summary.namesNewSubject(i)).map((e) => inventoryItem(run, subjectOf(e.record))),
      observations: [...run.evidence.map((e) => evidenceObservation(run, e)), ...gaps.observations],
      findings: run.findings.flatMap((f) => oscalFindings(run, controls, gaps, f, frameworks)),
    };
  }) as OscalAssessmentResults;
}

/**
 * assessment-results.json of runs held in memory, in pieces: the text of {@link assessmentResults}
 * (`JSON.stringify(document, null, 2)` and a line break) without the document ever being built
 * whole: observations and findings are made one at a time as the text is written.
 */
export function* assessmentResultsChunks(runs: readonly SealedRunData[], options: AssessmentResultsOptions = {}): Generator<string> {
  const { controls } = oscalCatalog(options);
  const frameworks = frameworksOf(options);
  if (runs.length === 0) throw new OscalExportError('An assessment-results document needs at least one run.');
  const summaries = runs.map((run) => summarize(run, controls));
  const doc = document(summaries, options, (summary) => {
    const run = runs[summaries.indexOf(summary)] as SealedRunData;
    const gaps = gapsOf(run);
    return {
      inventory: new LazyList(
        (function* () {
          for (const [i, evidence] of run.evidence.entries())
            if (summary.namesNewSubject(i)) yield inventoryItem(run, subjectOf(evidence.record));
        })(),
      ),
      observations: new LazyList(
        (function* () {
          for (const evidence of run.evidence) yield evidenceObservation(run, evidence);
          yield* gaps.observations;
        })(),
      ),
      findings: new LazyList(
        (function* () {
          for (const sealed of run.findings) yield* oscalFindings(run, controls, gaps, sealed, frameworks);
        })(),
      ),
    };
  });
  yield* jsonChunks(doc, 2);
  yield '\n';
}

/** The summary of a run held in memory. */
export function summarize(run: SealedRunData, controls: ReadonlyMap<string, Control>): OscalRunSummary {
  const citable = citableEvidence(run);
  const summary = new OscalRunSummary(run, controls, undefined);
  for (const evidence of run.evidence) summary.addEvidence(evidence);
  for (const finding of run.findings) {
    const lookup = citable(finding);
    summary.addFinding(finding, (sha) => lookup(sha) !== undefined);
  }
  return summary.finish();
}

/**
 * assessment-results.json of runs read one object at a time: exactly `JSON.stringify(document,
 * null, 2)` and a line break, where the document is the one {@link assessmentResults} builds of the
 * same runs. Only the summaries and one observation or finding at a time are in memory. Each run's
 * observations and findings are a lazy list: another list (attestations, say) is one more.
 */
export async function* assessmentResultsText(
  sources: readonly OscalRunSource[],
  options: AssessmentResultsOptions = {},
): AsyncGenerator<string> {
  if (sources.length === 0) throw new OscalExportError('An assessment-results document needs at least one run.');
  const { controls } = oscalCatalog(options);
  const frameworks = frameworksOf(options);
  const bySummary = new Map(sources.map((s) => [s.summary, s]));
  const doc = document(
    sources.map((s) => s.summary),
    options,
    (summary) => {
      const source = bySummary.get(summary) as OscalRunSource;
      const { run } = summary;
      const gaps = gapsOf(run);
      return {
        // The resources' names are not kept: the inventory is written from the run's records read again.
        inventory: new LazyList(
          (async function* () {
            let i = 0;
            for await (const evidence of source.evidence())
              if (summary.namesNewSubject(i++)) yield inventoryItem(run, subjectOf(evidence.record));
          })(),
        ),
        observations: new LazyList(
          (async function* () {
            for await (const evidence of source.evidence()) yield evidenceObservation(run, evidence);
            yield* gaps.observations;
          })(),
        ),
        findings: new LazyList(
          (async function* () {
            for await (const sealed of source.findings()) yield* oscalFindings(run, controls, gaps, sealed, frameworks);
          })(),
        ),
      };
    },
  );
  yield* jsonStream(doc, 2);
  yield '\n';
}

type InventoryItem = ReturnType<typeof inventoryItem>;
type Lists = {
  inventory: InventoryItem[] | LazyList<InventoryItem>;
  observations: OscalObservation[] | LazyList<OscalObservation>;
  findings: OscalFinding[] | LazyList<OscalFinding>;
};

function document(summaries: readonly OscalRunSummary[], options: AssessmentResultsOptions, lists: (summary: OscalRunSummary) => Lists) {
  const { catalogVersion } = oscalCatalog(options);
  const ordered = [...summaries].sort(
    (a, b) => compare(a.run.manifest.startedAt, b.run.manifest.startedAt) || compare(a.run.runId, b.run.runId),
  );
  const digests = ordered.map((s) => s.run.statementSha256);
  const runNames = ordered.map((s) => s.run.runId);
  return {
    'assessment-results': {
      uuid: uuidV5(`assessment-results:${[...digests].sort().join(',')}`),
      metadata: {
        title:
          options.title ??
          (runNames.length === 1
            ? `ai-evidence assessment results: run ${runNames[0]}`
            : `ai-evidence assessment results: ${runNames.length} runs, ${runNames[0]} to ${runNames[runNames.length - 1]}`),
        'last-modified': newest(ordered.map((s) => s.run.manifest.finishedAt)),
        version: options.toolVersion ?? TOOL_VERSION,
        'oscal-version': OSCAL_VERSION,
        props: props(prop('framework', nistAiRmf.title), prop('catalog-version', catalogVersion)),
        remarks:
          'Produced by ai-evidence from sealed runs. Each result is one run; its props give the Merkle root and the SHA-256 of its signed statement, with which the run and every object named here can be verified offline. Targets are NIST AI RMF 1.0 subcategory ids with the space replaced by a hyphen (MEASURE 2.7 is MEASURE-2.7).',
      },
      'import-ap': {
        href: options.assessmentPlanHref ?? NO_ASSESSMENT_PLAN_HREF,
        remarks:
          options.assessmentPlanHref === undefined
            ? `There is no OSCAL assessment plan: ai-evidence runs its whole control catalog over every account and region it is given. ${NO_ASSESSMENT_PLAN_HREF} is a placeholder that names no document; each result's reviewed-controls say what was assessed.`
            : 'The assessment plan named by the exporter.',
      },
      results: ordered.map((summary) => result(summary, lists(summary), catalogVersion, frameworksOf(options))),
    },
  };
}

interface Gaps {
  observations: OscalObservation[];
  byScope: Map<string, OscalObservation[]>;
}

function gapsOf(run: OscalRun): Gaps {
  const entries = run.manifest.coverage.filter((c) => c.status !== 'COMPLETE');
  const observations = entries.map((c) => gapObservation(run, c));
  const byScope = new Map<string, OscalObservation[]>();
  for (const [i, entry] of entries.entries()) {
    const key = `${entry.collector}/${entry.accountId}/${entry.region}`;
    byScope.set(key, [...(byScope.get(key) ?? []), observations[i] as OscalObservation]);
  }
  return { observations, byScope };
}

/** The OSCAL findings of one sealed finding: one per requirement its control supports, framework by framework. */
function oscalFindings(
  run: OscalRun,
  controls: ReadonlyMap<string, Control>,
  gaps: Gaps,
  sealed: SealedFinding,
  frameworks: readonly OscalFrameworkId[],
): OscalFinding[] {
  const control = controlOf(controls, sealed.finding);
  if (control === undefined) return [];
  const related = sealed.finding.evidence.map((sha) => observationUuid(run, sha));
  for (const collector of control.collectors) {
    for (const gap of gaps.byScope.get(`${collector}/${sealed.finding.accountId}/${sealed.finding.region}`) ?? []) related.push(gap.uuid);
  }
  const unique = [...new Set(related)];
  const mapped = requirementsOfControl(control);
  return frameworks.flatMap((framework) => mapped[framework].map((id) => finding(run, sealed, control, framework, id, unique)));
}

function observationUuid(run: OscalRun, evidenceSha256: string): string {
  return uuidV5(`run:${run.statementSha256}:observation:${evidenceSha256}`);
}

function subjectUuid(run: OscalRun, accountId: string, region: string, id: string): string {
  return uuidV5(`run:${run.statementSha256}:subject:${accountId}/${region}/${id}`);
}

function inventoryItem(run: OscalRun, [accountId, region, type, id]: SubjectName) {
  return {
    uuid: subjectUuid(run, accountId, region, id),
    description: `${markdownText(type)} ${markdownText(id)} in AWS account ${markdownText(accountId)}, region ${markdownText(region)}.`,
    props: props(prop('resource-type', type), prop('resource-id', id), prop('account-id', accountId), prop('region', region)),
  };
}

function result(summary: OscalRunSummary, lists: Lists, catalogVersion: string, frameworks: readonly OscalFrameworkId[]) {
  const { run } = summary;
  const { manifest } = run;
  const gapCount = manifest.coverage.filter((c) => c.status !== 'COMPLETE').length;
  // AI RMF is always selected, as it was when it was the only framework; the others where this run judged any of their requirements.
  const selections = frameworks
    .map((id) => ({
      id,
      ...OSCAL_FRAMEWORKS[id],
      objectives: [...(summary.assessed.get(id) ?? [])].sort(compare).map((r) => objectiveIdOf(id, r)),
    }))
    .filter((s) => s.id === 'nist-ai-rmf' || s.objectives.length > 0);
  const oscalFindings = frameworks.reduce((sum, id) => sum + (summary.oscalFindings.get(id) ?? 0), 0);
  const counts =
    [...summary.statuses]
      .sort(([a], [b]) => compare(a, b))
      .map(([status, n]) => `${n} ${status}`)
      .join(', ') || 'none';
  return {
    uuid: uuidV5(`result:${run.statementSha256}`),
    title: `Sealed run ${run.runId}`,
    description: `Automated collection of AWS API answers in ${manifest.scopes.length} account and region scope(s), judged by control catalog ${manifest.catalogVersion}: ${summary.evidence} evidence record(s), ${summary.findings} finding(s) (${counts}), ${gapCount} coverage gap(s).`,
    start: manifest.startedAt,
    end: manifest.finishedAt,
    props: props(
      prop('run-id', run.runId),
      prop('merkle-root', manifest.merkle.root, manifest.merkle.algorithm),
      prop('merkle-tree-size', String(manifest.merkle.treeSize)),
      prop('statement-sha256', run.statementSha256),
      prop('manifest-sha256', run.statement.subject[0]?.digest.sha256 ?? ''),
      prop('previous-statement-sha256', manifest.previous?.statementSha256 ?? ''),
      prop('tool-version', manifest.toolVersion),
      prop('catalog-version', manifest.catalogVersion),
      prop('signer-key-id', manifest.signer.keyId, manifest.signer.algorithm),
    ),
    // Written as they are made when the document is streamed; an array in the whole document.
    ...(summary.subjects > 0 ? { 'local-definitions': { 'inventory-items': lists.inventory } } : {}),
    'reviewed-controls': {
      description:
        selections.length === 1
          ? `The ${nistAiRmf.title} subcategories that the controls of catalog ${manifest.catalogVersion} map to and that this run judged.`
          : `The requirements (${selections.map((s) => `${s.framework.title} ${s.unit}`).join(', ')}) that the controls of catalog ${manifest.catalogVersion} support and that this run judged.`,
      'control-selections': selections.map((s) => ({
        description: `${s.framework.title} ${s.unit} assessed.`,
        'include-controls': s.objectives.map((id) => ({ 'control-id': id })),
      })),
      'control-objective-selections': selections.map((s) => ({
        description: `${s.framework.title} ${s.unit} assessed.`,
        'include-objectives': s.objectives.map((id) => ({ 'objective-id': id })),
      })),
    },
    attestations: [
      { parts: [sealAttestation(run)] },
      ...summary.attestations().map(({ attestation, key }) => ({ parts: [manualAttestation(run, attestation, key)] })),
    ],
    ...(summary.evidence + gapCount > 0 ? { observations: lists.observations } : {}),
    ...(oscalFindings > 0 ? { findings: lists.findings } : {}),
    remarks: [
      `The run's objects are under runs/${run.runId}/ of the evidence store; each observation's relevant evidence names one by key and SHA-256.`,
      summary.catalogRemark(catalogVersion),
    ]
      .filter((r) => r !== undefined)
      .join(' '),
  };
}

/**
 * A person's signed attestation sealed with the run: what they attest, for which requirement, until
 * when, and where the evidence is. Its state is judged at the run's start, and its signer's key
 * against the trust list sealed with the run, as the roll-up judges them.
 */
function manualAttestation(run: OscalRun, sealed: AttestationOfRun, key: string): OscalPart {
  const { attestation } = sealed;
  const owner = [attestation.owner.name, attestation.owner.role, attestation.owner.email].filter(Boolean).join(', ');
  const state = attestationState(attestation, run.manifest.startedAt);
  const requirement = isOscalFramework(attestation.framework)
    ? objectiveIdOf(attestation.framework, attestation.requirement)
    : attestation.requirement;
  return {
    uuid: uuidV5(`run:${run.statementSha256}:attestation:${sealed.evidenceSha256}`),
    name: 'manual-attestation',
    ns: PROP_NS,
    title: `${markdownText(attestation.framework)} ${markdownText(attestation.requirement)} attested by ${markdownText(owner)}`,
    props: props(
      prop('framework', attestation.framework),
      prop('requirement', requirement),
      prop('owner', owner),
      prop('valid-until', attestation.validUntil),
      prop('state-at-run-start', state),
      prop('evidence-sha256', sealed.evidenceSha256),
      prop('attester-key-id', sealed.keyId),
      prop('attester-trusted', sealed.trust.trusted ? 'true' : 'false'),
      ...(sealed.trust.trusted ? [prop('trusted-attester', sealed.trust.attester)] : []),
    ),
    prose: `${markdownText(attestation.statement)}\n\nAttested by ${markdownText(owner)} on ${attestation.issuedAt}, valid until the end of ${attestation.validUntil} (UTC): ${state === 'VALID' ? 'valid' : state === 'EXPIRED' ? 'expired' : 'not yet valid'} when the run started. Signed with the attester's P-256 key ${sealed.keyId} in a DSSE envelope, sealed with the run as ${markdownText(key)}. ${sealed.trust.trusted ? `The key is on the run's sealed trust list of attester keys as ${markdownText(sealed.trust.attester)}: the attestation counts.` : `Not counted: ${markdownText(sealed.trust.reason)}.`}`,
    links: [
      { href: key, rel: 'evidence', 'media-type': 'application/json', text: 'The signed attestation as sealed with the run' },
      ...attestation.evidenceLinks.map((href) => ({ href, rel: 'reference', text: 'Evidence named by the attester' })),
    ],
  };
}

/**
 * The run's signed statement is its attestation: made by the tool when it sealed the run, not by an
 * assessor, and checkable offline. The part says what it covers and names the objects to check.
 */
function sealAttestation(run: OscalRun): OscalPart {
  const { manifest } = run;
  const statementKey = runKeys.statement(run.runId);
  const manifestKey = runKeys.manifest(run.runId);
  return {
    uuid: uuidV5(`run:${run.statementSha256}:attestation`),
    name: 'sealed-run',
    ns: PROP_NS,
    title: 'Signed statement of the sealed run',
    props: props(
      prop('statement-sha256', run.statementSha256),
      prop('merkle-root', manifest.merkle.root, manifest.merkle.algorithm),
      prop('signer-key-id', manifest.signer.keyId, manifest.signer.algorithm),
    ),
    prose: `ai-evidence sealed run ${run.runId} when it finished, not an assessor: ${statementKey} is an in-toto Statement v1 in a DSSE envelope, signed with ECDSA P-256 and SHA-256 by key ${manifest.signer.keyId} (the SHA-256 of its DER public key). It names ${manifestKey} by its SHA-256 and the RFC 9162 Merkle root ${manifest.merkle.root} over the ${manifest.merkle.treeSize} objects the manifest lists, among them every evidence record and finding of this result, each a leaf by its SHA-256${manifest.previous === null ? '' : `; it chains to run ${manifest.previous.runId} by that run's statement digest`}. \`ai-evidence verify\` checks the signature, every digest, every inclusion proof and the chain offline, and re-evaluates the findings from the evidence.`,
    links: [
      { href: statementKey, rel: 'reference', 'media-type': 'application/json', text: 'The signed statement (DSSE envelope)' },
      { href: manifestKey, rel: 'reference', 'media-type': 'application/json', text: 'The run manifest' },
      { href: runKeys.proofs(run.runId), rel: 'reference', 'media-type': 'application/octet-stream', text: 'The Merkle tree levels' },
    ],
  };
}

/**
 * Reading a configuration through the AWS API is an examination of the resource's specification,
 * not an exercise of it under test conditions (NIST SP 800-53A's TEST), so the method is EXAMINE.
 */
function evidenceObservation(run: OscalRun, evidence: StoredEvidence): OscalObservation {
  const { record } = evidence;
  const { source, resource } = record;
  return {
    uuid: observationUuid(run, evidence.sha256),
    title: `${markdownText(source.service)} ${markdownText(source.operation)}: ${markdownText(resource.id)}`,
    description: `The answer of ${markdownText(source.service)} ${markdownText(source.operation)} about ${markdownText(resource.type)} ${markdownText(resource.id)} in AWS account ${markdownText(record.accountId)}, region ${markdownText(record.region)}, read by the ai-evidence collector ${markdownText(source.collector)}.`,
    props: props(
      prop('source-service', source.service),
      prop('source-operation', source.operation),
      prop('collector', source.collector),
      prop('account-id', record.accountId),
      prop('region', record.region),
      prop('resource-type', resource.type),
      prop('resource-id', resource.id),
      prop('evidence-sha256', evidence.sha256),
    ),
    methods: ['EXAMINE'],
    types: ['control-objective'],
    subjects: [
      {
        'subject-uuid': subjectUuid(run, record.accountId, record.region, resource.id),
        type: 'inventory-item',
        title: markdownText(resource.id),
      },
    ],
    'relevant-evidence': [
      {
        href: evidence.key,
        description:
          "The evidence record as stored: the API's answer in RFC 8785 canonical JSON, whose SHA-256 is its name and a leaf of the run's Merkle tree.",
        props: props(prop('sha256', evidence.sha256), prop('media-type', 'application/json')),
      },
    ],
    collected: record.collectedAt,
  };
}

const GAP_MEANING: Record<Exclude<CoverageEntry['status'], 'COMPLETE'>, string> = {
  PARTIAL: 'the listing is complete, but some resources could not be read',
  FAILED: 'the listing itself failed, so the set of resources there is unknown',
};

function gapObservation(run: OscalRun, entry: CoverageEntry): OscalObservation {
  const status = entry.status as Exclude<CoverageEntry['status'], 'COMPLETE'>;
  const errors = entry.errors.map(
    (e) =>
      `${markdownText(e.operation)}${e.resourceId === undefined ? '' : ` on ${markdownText(e.resourceId)}`}: ${e.kind} ${markdownText(e.code)}: ${markdownText(e.message)}`,
  );
  return {
    uuid: uuidV5(`run:${run.statementSha256}:coverage:${entry.collector}/${entry.accountId}/${entry.region}`),
    title: `Coverage gap: ${markdownText(entry.collector)} in ${markdownText(entry.accountId)} ${markdownText(entry.region)}`,
    description: `The collector ${markdownText(entry.collector)} could not read everything in AWS account ${markdownText(entry.accountId)}, region ${markdownText(entry.region)}: ${status}, ${GAP_MEANING[status]}. ${entry.records} evidence record(s) were read. Findings that rest on this collector there are INSUFFICIENT_EVIDENCE, never PASS.`,
    props: props(
      prop('coverage-status', entry.status),
      prop('collector', entry.collector),
      prop('account-id', entry.accountId),
      prop('region', entry.region),
      prop('records-read', String(entry.records)),
      ...entry.errors.map((e) => prop('error-code', e.code, e.kind)),
    ),
    methods: ['EXAMINE'],
    types: ['coverage-gap'],
    // Coverage has no time of its own: the gap is known when the run's collection ended.
    collected: run.manifest.finishedAt,
    ...(errors.length > 0 ? { remarks: `Errors: ${errors.join('; ')}` } : {}),
  };
}

function finding(
  run: OscalRun,
  sealed: SealedFinding,
  control: Control,
  framework: OscalFrameworkId,
  requirement: string,
  related: readonly string[],
): OscalFinding {
  const f = sealed.finding;
  const { framework: definition, prop: requirementProp } = OSCAL_FRAMEWORKS[framework];
  const text = requirementText[framework].get(requirement);
  // The UUIDs of AI RMF findings keep the form they had when AI RMF was the only framework.
  const name = framework === 'nist-ai-rmf' ? requirement : `${framework}:${requirement}`;
  const rationale = definition.mapping?.[requirement]?.find((m) => m.control === control.id)?.rationale;
  const mapping = STATUS_MAPPING[f.status];
  const remarks = [mapping.remarks, f.status === 'FAIL' ? `Remediation: ${control.remediation}` : undefined].filter(Boolean).join(' ');
  return {
    uuid: uuidV5(`run:${run.statementSha256}:finding:${sealed.sha256}:${name}`),
    title: `${control.title}: ${markdownText(f.resource.id)}`,
    description: markdownText(f.reason),
    props: props(
      prop('control-id', f.controlId),
      prop('status', f.status),
      prop('severity', f.severity),
      prop('account-id', f.accountId),
      prop('region', f.region),
      prop('resource-type', f.resource.type),
      prop('resource-id', f.resource.id),
      prop('finding-sha256', sealed.sha256),
      // The same in every run that judges the same control, account, region and resource.
      prop('finding-id', findingIdentity(f)),
    ),
    links: [{ href: sealed.key, rel: 'reference', 'media-type': 'application/json', text: 'The sealed finding' }],
    target: {
      type: 'objective-id',
      'target-id': objectiveIdOf(framework, requirement),
      title: `${definition.title} ${requirement}`,
      description:
        framework === 'nist-ai-rmf'
          ? (text ?? `${nistAiRmf.title} subcategory ${requirement}.`)
          : // The mapping's rationale names the requirement and says how the control bears on it.
            (rationale ?? `${definition.title} ${requirement}: ${text ?? ''}.`),
      props: props(prop(requirementProp, requirement)),
      status: { state: mapping.state, reason: mapping.reason, ...(mapping.remarks === undefined ? {} : { remarks: mapping.remarks }) },
    },
    ...(related.length > 0 ? { 'related-observations': related.map((uuid) => ({ 'observation-uuid': uuid })) } : {}),
    ...(remarks === '' ? {} : { remarks }),
  };
}
