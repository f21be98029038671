import type { Control, Finding, FindingStatus } from '../controls/types.js';
import { getOrCreate } from '../util/maps.js';
import { type Framework, MAPPING_FIELD } from './definitions.js';

/**
 * A requirement's status. Those with automated controls take the worst of their findings; those
 * with none are ATTESTATION_REQUIRED: not covered by automated evidence.
 */
export type RequirementStatus = FindingStatus | 'ATTESTATION_REQUIRED';

export interface RequirementResult {
  id: string;
  group: string;
  text: string;
  status: RequirementStatus;
  controls: string[];
  counts: Record<FindingStatus, number>;
}

export interface FrameworkResult {
  framework: Framework['id'];
  title: string;
  requirements: RequirementResult[];
  totals: Record<RequirementStatus, number>;
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

/** Rolls findings up to every requirement of a framework. */
export function rollUp(framework: Framework, catalog: readonly Control[], findings: readonly Finding[]): FrameworkResult {
  const field = MAPPING_FIELD[framework.id];
  const countsByControl = new Map<string, Record<FindingStatus, number>>();
  for (const finding of findings) {
    getOrCreate(countsByControl, finding.controlId, emptyCounts)[finding.status] += 1;
  }
  const totals: Record<RequirementStatus, number> = { ...emptyCounts(), ATTESTATION_REQUIRED: 0 };
  const requirements = framework.requirements.map((requirement): RequirementResult => {
    const controls = catalog.filter((c) => c[field].includes(requirement.id)).map((c) => c.id);
    const counts = emptyCounts();
    for (const id of controls) {
      const own = countsByControl.get(id);
      if (own === undefined) continue;
      for (const status of Object.keys(counts) as FindingStatus[]) counts[status] += own[status];
    }
    const status: RequirementStatus = controls.length === 0 ? 'ATTESTATION_REQUIRED' : worstStatus(counts);
    totals[status] += 1;
    return { id: requirement.id, group: requirement.group, text: requirement.text, status, controls, counts };
  });
  return { framework: framework.id, title: framework.title, requirements, totals };
}
