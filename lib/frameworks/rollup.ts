import { type Attestation, attestationState } from '../attestations/attestation.js';
import type { AttestationOfRun } from '../attestations/run.js';
import type { Control, Finding, FindingStatus } from '../controls/types.js';
import { getOrCreate } from '../util/maps.js';
import { type Automation, FULLY_AUTOMATED } from './automation.js';
import { type ControlMapping, type Framework, mappedControls } from './definitions.js';

/**
 * A requirement's status. From controls: the worst of their findings. From attestations: ATTESTED
 * (a valid signed attestation), ATTESTATION_EXPIRED (only expired or not yet valid ones),
 * ATTESTATION_REQUIRED (none). Only attestations signed by a key on the run's sealed trust list
 * count; the others are listed as untrusted. A partly automated requirement needs both: its controls
 * must not fail or lack evidence, and it needs a valid attestation for the rest.
 */
export type RequirementStatus = FindingStatus | 'ATTESTED' | 'ATTESTATION_EXPIRED' | 'ATTESTATION_REQUIRED';

export const REQUIREMENT_STATUSES: readonly RequirementStatus[] = [
  'PASS',
  'FAIL',
  'INSUFFICIENT_EVIDENCE',
  'NOT_APPLICABLE',
  'ATTESTED',
  'ATTESTATION_EXPIRED',
  'ATTESTATION_REQUIRED',
];

/** The attestation a requirement rests on, as reports show it. */
export interface RequirementAttestation {
  state: 'VALID' | 'EXPIRED' | 'NOT_YET_VALID';
  owner: string;
  statement: string;
  validUntil: string;
  evidenceLinks: string[];
  /** The author's key id (SHA-256 of the public key). */
  keyId: string;
  /** The trust list entry of that key. */
  attester: string;
  /** SHA-256 of the sealed record. */
  evidence: string;
}

/** An attestation of a requirement that does not count: its signer's key is not on the run's sealed trust list. */
export interface UntrustedAttestation {
  owner: string;
  /** The author's key id (SHA-256 of the public key). */
  keyId: string;
  /** SHA-256 of the sealed record. */
  evidence: string;
  /** "signed by an untrusted key <id>: ...". */
  reason: string;
}

export interface RequirementResult {
  id: string;
  group: string;
  text: string;
  status: RequirementStatus;
  automation: Automation;
  controls: string[];
  /** For a framework mapped by a table (OWASP LLM, EU AI Act): how each of its controls bears on it, by control id. */
  rationales?: Record<string, string>;
  counts: Record<FindingStatus, number>;
  /** The best trusted attestation for it (valid over expired; the latest expiry first), if any. */
  attestation?: RequirementAttestation;
  /** Its attestations that do not count because their signer's key is not trusted, if any: reported, never dropped silently. */
  untrusted?: UntrustedAttestation[];
}

export interface FrameworkResult {
  framework: Framework['id'];
  title: string;
  requirements: RequirementResult[];
  totals: Record<RequirementStatus, number>;
  /** How many requirements are automated, partly automated, manual. */
  automation: Record<Automation, number>;
}

const emptyCounts = (): Record<FindingStatus, number> => ({ PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 });

/** FAIL if any finding fails; else INSUFFICIENT_EVIDENCE if any is; else PASS if any passed; else NOT_APPLICABLE. */
export function worstStatus(counts: Record<FindingStatus, number>): FindingStatus {
  if (counts.FAIL > 0) return 'FAIL';
  if (counts.INSUFFICIENT_EVIDENCE > 0) return 'INSUFFICIENT_EVIDENCE';
  if (counts.PASS > 0) return 'PASS';
  if (counts.NOT_APPLICABLE > 0) return 'NOT_APPLICABLE';
  // A mapped control that produced no finding at all was not run on anything: fail closed.
  return 'INSUFFICIENT_EVIDENCE';
}

const ownerOf = (attestation: Attestation): string =>
  [attestation.owner.name, attestation.owner.role, attestation.owner.email].filter(Boolean).join(', ');

function bestAttestation(candidates: readonly AttestationOfRun[], at: string): RequirementAttestation | undefined {
  const rank = { VALID: 0, NOT_YET_VALID: 1, EXPIRED: 2 } as const;
  const ranked = candidates
    .map((a) => ({ a, state: attestationState(a.attestation, at) }))
    .sort(
      (x, y) =>
        rank[x.state] - rank[y.state] ||
        (x.a.attestation.validUntil > y.a.attestation.validUntil ? -1 : x.a.attestation.validUntil < y.a.attestation.validUntil ? 1 : 0) ||
        (x.a.evidenceSha256 < y.a.evidenceSha256 ? -1 : 1),
    );
  const best = ranked[0];
  if (best === undefined || !best.a.trust.trusted) return undefined;
  const { attestation } = best.a;
  return {
    state: best.state,
    owner: ownerOf(attestation),
    statement: attestation.statement,
    validUntil: attestation.validUntil,
    evidenceLinks: [...attestation.evidenceLinks],
    keyId: best.a.keyId,
    attester: best.a.trust.attester,
    evidence: best.a.evidenceSha256,
  };
}

function untrustedOf(candidates: readonly AttestationOfRun[]): UntrustedAttestation[] {
  return candidates
    .flatMap((a) =>
      a.trust.trusted ? [] : [{ owner: ownerOf(a.attestation), keyId: a.keyId, evidence: a.evidenceSha256, reason: a.trust.reason }],
    )
    .sort((x, y) => (x.evidence < y.evidence ? -1 : x.evidence > y.evidence ? 1 : 0));
}

function attestedStatus(attestation: RequirementAttestation | undefined): RequirementStatus {
  if (attestation === undefined) return 'ATTESTATION_REQUIRED';
  return attestation.state === 'VALID' ? 'ATTESTED' : 'ATTESTATION_EXPIRED';
}

export interface RollUpOptions {
  /**
   * The run's attestations, re-opened from its evidence and judged against its sealed trust list
   * (lib/attestations/run.ts): only trusted ones count.
   */
  attestations?: readonly AttestationOfRun[];
  /** The time attestations are judged at: the run's start, so the roll-up of a run never changes. */
  at?: string;
  /** The requirements the mapped controls decide on their own; by default {@link FULLY_AUTOMATED}. */
  fullyAutomated?: Readonly<Record<string, string>>;
}

function rationalesOf(mappings: readonly ControlMapping[], controls: readonly string[]): Record<string, string> {
  const byControl = new Map(mappings.map((m) => [m.control, m.rationale]));
  return Object.fromEntries(controls.map((id) => [id, byControl.get(id) as string]));
}

/** Findings counted per control id and status: what a roll-up reads of them. */
export type CountsByControl = ReadonlyMap<string, Readonly<Record<FindingStatus, number>>>;

/** Counts findings per control id and status. */
export function countByControl(findings: readonly Finding[]): Map<string, Record<FindingStatus, number>> {
  const counts = new Map<string, Record<FindingStatus, number>>();
  for (const finding of findings) getOrCreate(counts, finding.controlId, emptyCounts)[finding.status] += 1;
  return counts;
}

/** Rolls findings and attestations up to every requirement of a framework. */
export function rollUp(
  framework: Framework,
  catalog: readonly Control[],
  findings: readonly Finding[],
  options: RollUpOptions = {},
): FrameworkResult {
  return rollUpCounts(framework, catalog, countByControl(findings), options);
}

/**
 * The roll-up from findings already counted per control and status (a report that streamed a run's
 * findings keeps only these counts): the same result as {@link rollUp} over the findings counted.
 */
export function rollUpCounts(
  framework: Framework,
  catalog: readonly Control[],
  countsByControl: CountsByControl,
  options: RollUpOptions = {},
): FrameworkResult {
  const at = options.at ?? new Date(0).toISOString();
  const fullyAutomated = options.fullyAutomated ?? FULLY_AUTOMATED[framework.id];
  const attestationsByRequirement = new Map<string, AttestationOfRun[]>();
  for (const a of options.attestations ?? []) {
    if (a.attestation.framework === framework.id) getOrCreate(attestationsByRequirement, a.attestation.requirement, () => []).push(a);
  }
  const totals = Object.fromEntries(REQUIREMENT_STATUSES.map((s) => [s, 0])) as Record<RequirementStatus, number>;
  const automationTotals: Record<Automation, number> = { AUTOMATED: 0, PARTLY_AUTOMATED: 0, MANUAL: 0 };
  const requirements = framework.requirements.map((requirement): RequirementResult => {
    const controls = mappedControls(framework, catalog, requirement.id);
    const counts = emptyCounts();
    for (const id of controls) {
      const own = countsByControl.get(id);
      if (own === undefined) continue;
      for (const status of Object.keys(counts) as FindingStatus[]) {
        const count = own[status];
        if (!Number.isSafeInteger(count) || count < 0) {
          throw new Error(`The ${status} count of control ${id} is ${String(count)}, not a count of findings.`);
        }
        counts[status] += count;
      }
    }
    const automation: Automation =
      controls.length === 0 ? 'MANUAL' : fullyAutomated[requirement.id] !== undefined ? 'AUTOMATED' : 'PARTLY_AUTOMATED';
    const candidates = attestationsByRequirement.get(requirement.id) ?? [];
    const attestation = bestAttestation(
      candidates.filter((a) => a.trust.trusted),
      at,
    );
    const untrusted = untrustedOf(candidates);
    let status: RequirementStatus;
    if (automation === 'MANUAL') status = attestedStatus(attestation);
    else if (automation === 'AUTOMATED') status = worstStatus(counts);
    else {
      const automated = worstStatus(counts);
      status =
        automated === 'FAIL' || automated === 'INSUFFICIENT_EVIDENCE' || attestation?.state === 'VALID'
          ? automated
          : attestedStatus(attestation);
    }
    totals[status] += 1;
    automationTotals[automation] += 1;
    return {
      id: requirement.id,
      group: requirement.group,
      text: requirement.text,
      status,
      automation,
      controls,
      ...(framework.mapping === undefined ? {} : { rationales: rationalesOf(framework.mapping[requirement.id] ?? [], controls) }),
      counts,
      ...(attestation ? { attestation } : {}),
      ...(untrusted.length > 0 ? { untrusted } : {}),
    };
  });
  return { framework: framework.id, title: framework.title, requirements, totals, automation: automationTotals };
}
