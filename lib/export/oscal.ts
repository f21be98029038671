import { catalog as defaultCatalog, catalogVersion as defaultCatalogVersion } from '../controls/index.js';
import type { Control, Finding, FindingStatus } from '../controls/types.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import { nistAiRmf } from '../frameworks/definitions.js';
import { runKeys } from '../store/types.js';
import { TOOL_VERSION } from '../version.js';
import type { SealedFinding, SealedRunData, StoredEvidence } from './load.js';
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
  /** The catalog whose metadata maps findings to AI RMF subcategories; it must be the runs' catalog. */
  catalog?: readonly Control[];
  catalogVersion?: string;
  /** The assessment plan to name, when there is one; by default {@link NO_ASSESSMENT_PLAN_HREF}. */
  assessmentPlanHref?: string;
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

const subcategoryText = new Map(nistAiRmf.requirements.map((r) => [r.id, r.text]));

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every run's start and end are ISO-8601 strings of the same form, so they order as strings. */
function newest(values: readonly string[]): string {
  return [...values].sort(compare)[values.length - 1] as string;
}

/**
 * An OSCAL 1.1.2 assessment-results document for sealed runs: one result per run, one observation
 * per evidence record and per coverage gap, one finding per (control finding, AI RMF subcategory of
 * its control). Pure: the same runs give the same document, byte for byte once serialized, because
 * every UUID is a name-based UUID derived from the runs' signed statement digests and the objects'
 * SHA-256.
 */
export function assessmentResults(runs: readonly SealedRunData[], options: AssessmentResultsOptions = {}): OscalAssessmentResults {
  if (runs.length === 0) throw new OscalExportError('An assessment-results document needs at least one run.');
  const catalog = options.catalog ?? defaultCatalog;
  const catalogVersion = options.catalogVersion ?? defaultCatalogVersion;
  const controls = new Map(catalog.map((c) => [c.id, c]));
  for (const run of runs) {
    if (run.manifest.catalogVersion !== catalogVersion) {
      throw new OscalExportError(
        `Run ${run.runId} was judged with control catalog ${run.manifest.catalogVersion}, not ${catalogVersion}: its findings cannot be mapped to AI RMF subcategories with this catalog. Export it with the ai-evidence version that made it (${run.manifest.toolVersion}).`,
      );
    }
  }
  const ordered = [...runs].sort((a, b) => compare(a.manifest.startedAt, b.manifest.startedAt) || compare(a.runId, b.runId));
  const digests = ordered.map((r) => r.statementSha256);
  const runNames = ordered.map((r) => r.runId);

  return {
    'assessment-results': {
      uuid: uuidV5(`assessment-results:${[...digests].sort().join(',')}`),
      metadata: {
        title:
          options.title ??
          (runNames.length === 1
            ? `ai-evidence assessment results: run ${runNames[0]}`
            : `ai-evidence assessment results: ${runNames.length} runs, ${runNames[0]} to ${runNames[runNames.length - 1]}`),
        'last-modified': newest(ordered.map((r) => r.manifest.finishedAt)),
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
      results: ordered.map((run) => result(run, controls)),
    },
  };
}

function result(run: SealedRunData, controls: ReadonlyMap<string, Control>): OscalResult {
  const { manifest } = run;
  const ns = `run:${run.statementSha256}`;
  const controlOf = (finding: Finding): Control => {
    const control = controls.get(finding.controlId);
    if (control === undefined)
      throw new OscalExportError(`Run ${run.runId} holds a finding of control ${finding.controlId}, which is not in the catalog.`);
    return control;
  };

  // Subjects: every AWS resource named by an evidence record or a finding, once per run.
  const subjects = new Map<string, { uuid: string; description: string; props: OscalProp[] }>();
  const subjectOf = (accountId: string, region: string, type: string, id: string): string => {
    const name = `${accountId}/${region}/${id}`;
    let subject = subjects.get(name);
    if (subject === undefined) {
      subject = {
        uuid: uuidV5(`${ns}:subject:${name}`),
        description: `${markdownText(type)} ${markdownText(id)} in AWS account ${markdownText(accountId)}, region ${markdownText(region)}.`,
        props: props(prop('resource-type', type), prop('resource-id', id), prop('account-id', accountId), prop('region', region)),
      };
      subjects.set(name, subject);
    }
    return subject.uuid;
  };

  const evidenceObservations = new Map<string, OscalObservation>();
  for (const evidence of run.evidence) evidenceObservations.set(evidence.sha256, evidenceObservation(run, evidence, subjectOf));
  const gapObservations = manifest.coverage.filter((c) => c.status !== 'COMPLETE').map((c) => gapObservation(run, c));
  const gapsByScope = new Map<string, OscalObservation[]>();
  for (const [i, entry] of manifest.coverage.filter((c) => c.status !== 'COMPLETE').entries()) {
    const key = `${entry.collector}/${entry.accountId}/${entry.region}`;
    gapsByScope.set(key, [...(gapsByScope.get(key) ?? []), gapObservations[i] as OscalObservation]);
  }

  const findings: OscalFinding[] = [];
  const assessed = new Set<string>();
  for (const sealed of run.findings) {
    const control = controlOf(sealed.finding);
    const related = sealed.finding.evidence.map((sha) => {
      const observation = evidenceObservations.get(sha);
      if (observation === undefined) {
        throw new OscalExportError(`${sealed.key} cites evidence ${sha}, which is not an evidence record of run ${run.runId}.`);
      }
      return observation.uuid;
    });
    for (const collector of control.collectors) {
      for (const gap of gapsByScope.get(`${collector}/${sealed.finding.accountId}/${sealed.finding.region}`) ?? []) related.push(gap.uuid);
    }
    for (const subcategory of control.aiRmf) {
      assessed.add(subcategory);
      findings.push(finding(run, sealed, control, subcategory, [...new Set(related)]));
    }
  }

  const objectives = [...assessed].sort(compare).map(objectiveId);
  const counts = countStatuses(run.findings);
  const observations = [...evidenceObservations.values(), ...gapObservations];
  return {
    uuid: uuidV5(`result:${run.statementSha256}`),
    title: `Sealed run ${run.runId}`,
    description: `Automated collection of AWS API answers in ${manifest.scopes.length} account and region scope(s), judged by control catalog ${manifest.catalogVersion}: ${run.evidence.length} evidence record(s), ${run.findings.length} finding(s) (${counts}), ${gapObservations.length} coverage gap(s).`,
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
    ...(subjects.size > 0 ? { 'local-definitions': { 'inventory-items': [...subjects.values()] } } : {}),
    'reviewed-controls': {
      description: `The ${nistAiRmf.title} subcategories that the controls of catalog ${manifest.catalogVersion} map to and that this run judged.`,
      'control-selections': [
        { description: `${nistAiRmf.title} subcategories assessed.`, 'include-controls': objectives.map((id) => ({ 'control-id': id })) },
      ],
      'control-objective-selections': [
        {
          description: `${nistAiRmf.title} subcategories assessed.`,
          'include-objectives': objectives.map((id) => ({ 'objective-id': id })),
        },
      ],
    },
    attestations: [{ parts: [sealAttestation(run)] }],
    ...(observations.length > 0 ? { observations } : {}),
    ...(findings.length > 0 ? { findings } : {}),
    remarks: `The run's objects are under runs/${run.runId}/ of the evidence store; each observation's relevant evidence names one by key and SHA-256.`,
  };
}

/**
 * The run's signed statement is its attestation: made by the tool when it sealed the run, not by an
 * assessor, and checkable offline. The part says what it covers and names the objects to check.
 */
function sealAttestation(run: SealedRunData): OscalPart {
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

function countStatuses(findings: readonly SealedFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.finding.status, (counts.get(f.finding.status) ?? 0) + 1);
  return (
    [...counts]
      .sort(([a], [b]) => compare(a, b))
      .map(([status, n]) => `${n} ${status}`)
      .join(', ') || 'none'
  );
}

/**
 * Reading a configuration through the AWS API is an examination of the resource's specification,
 * not an exercise of it under test conditions (NIST SP 800-53A's TEST), so the method is EXAMINE.
 */
function evidenceObservation(
  run: SealedRunData,
  evidence: StoredEvidence,
  subjectOf: (accountId: string, region: string, type: string, id: string) => string,
): OscalObservation {
  const { record } = evidence;
  const { source, resource } = record;
  return {
    uuid: uuidV5(`run:${run.statementSha256}:observation:${evidence.sha256}`),
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
        'subject-uuid': subjectOf(record.accountId, record.region, resource.type, resource.id),
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

function gapObservation(run: SealedRunData, entry: CoverageEntry): OscalObservation {
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
  run: SealedRunData,
  sealed: SealedFinding,
  control: Control,
  subcategory: string,
  related: readonly string[],
): OscalFinding {
  const f = sealed.finding;
  const mapping = STATUS_MAPPING[f.status];
  const remarks = [mapping.remarks, f.status === 'FAIL' ? `Remediation: ${control.remediation}` : undefined].filter(Boolean).join(' ');
  return {
    uuid: uuidV5(`run:${run.statementSha256}:finding:${sealed.sha256}:${subcategory}`),
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
    ),
    links: [{ href: sealed.key, rel: 'reference', 'media-type': 'application/json', text: 'The sealed finding' }],
    target: {
      type: 'objective-id',
      'target-id': objectiveId(subcategory),
      title: `${nistAiRmf.title} ${subcategory}`,
      description: subcategoryText.get(subcategory) ?? `${nistAiRmf.title} subcategory ${subcategory}.`,
      props: props(prop('ai-rmf-subcategory', subcategory)),
      status: { state: mapping.state, reason: mapping.reason, ...(mapping.remarks === undefined ? {} : { remarks: mapping.remarks }) },
    },
    ...(related.length > 0 ? { 'related-observations': related.map((uuid) => ({ 'observation-uuid': uuid })) } : {}),
    ...(remarks === '' ? {} : { remarks }),
  };
}
