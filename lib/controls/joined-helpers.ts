import { scopeKey } from '../evidence/coverage.js';
import type { EvidenceRecord, SealedEvidence } from '../evidence/record.js';
import { perResource, type Verdict } from './per-resource.js';
import { nameOf, textField } from './supporting-helpers.js';
import type { Control, ControlMetadata, EvaluationInput, Finding } from './types.js';

/** What another collector read in a resource's scope: its records, or why they cannot be trusted to be all. */
export type Related = { state: 'read'; records: readonly SealedEvidence[] } | { state: 'unread'; why: string };

/** A verdict that also rests on records of the related collectors, which the finding then cites. */
export interface JoinedVerdict extends Verdict {
  cite?: readonly SealedEvidence[];
}

/**
 * A control with one finding per resource of `source.collector` whose verdict also rests on what
 * `related` collectors read in the same account and region (a gateway and the policy engine it names,
 * a runtime and its log deliveries). A related collector that did not run or met any error is
 * `unread`, and the check must then give INSUFFICIENT_EVIDENCE wherever it needed those records:
 * without a complete read, a missing record proves nothing. Findings cite the resource's record and
 * the related records the check names.
 */
export function joinedResourceControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  source: { collector: string; resourceType: string; noun: string; nameField?: string },
  related: readonly string[],
  check: (record: EvidenceRecord, name: string, relatedOf: (collector: string) => Related) => JoinedVerdict,
): Control {
  const full: ControlMetadata = { ...meta, collectors: [source.collector, ...related], resourceType: source.resourceType };
  const evaluate = (input: EvaluationInput): Finding[] => {
    const cited = new Map<string, string[]>();
    const relatedIn =
      (record: EvidenceRecord) =>
      (collector: string): Related => {
        const scope = { accountId: record.accountId, region: record.region };
        const coverage = input.coverageOf(collector, scope);
        if (coverage === undefined) return { state: 'unread', why: `the ${collector} collector did not run` };
        const first = coverage.errors[0];
        if (first !== undefined) return { state: 'unread', why: `${first.operation} failed with ${first.code}` };
        return { state: 'read', records: input.evidenceOf(collector, scope) };
      };
    const inner = perResource(full, {
      collector: source.collector,
      noun: source.noun,
      check: (record) => {
        const name = (source.nameField === undefined ? undefined : textField(record, source.nameField)) ?? nameOf(record.resource.id);
        const { cite, ...verdict } = check(record, name, relatedIn(record));
        if (cite !== undefined && cite.length > 0) {
          cited.set(`${scopeKey(record)}\u0000${record.resource.id}`, [...new Set(cite.map((e) => e.sha256))].sort());
        }
        return verdict;
      },
    });
    return inner.evaluate(input).map((finding) => {
      const extra = cited.get(`${scopeKey(finding)}\u0000${finding.resource.id}`);
      return extra === undefined ? finding : { ...finding, evidence: [...finding.evidence, ...extra] };
    });
  };
  return { ...full, evaluate };
}
