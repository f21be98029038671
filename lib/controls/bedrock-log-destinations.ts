import { LOG_BUCKET_TYPE, LOG_GROUP_TYPE } from '../collectors/bedrock-invocation-log-destinations.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata, EvaluationInput } from './types.js';

export const LOG_DESTINATIONS_COLLECTOR = 'bedrock.invocation-log-destinations';
export { LOG_BUCKET_TYPE, LOG_GROUP_TYPE };

/** The ARN prefix of the resources of each type, by which a destination's read error is told apart. */
const ID_PREFIX: Record<string, string> = { [LOG_BUCKET_TYPE]: 'arn:aws:s3:::', [LOG_GROUP_TYPE]: 'arn:aws:logs:' };

/**
 * A control over one kind of invocation log destination (buckets or log groups): one finding per
 * destination of that kind. A region without logging, or whose logging has no destination of the
 * kind, holds none and is NOT_APPLICABLE. The collector reads both kinds, so a read error of the
 * other kind's destination is left out here (it is that control's missing evidence), while an
 * error reading the logging configuration itself makes every scope-level finding INSUFFICIENT_EVIDENCE.
 */
export function logDestinationControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'> & { resourceType: typeof LOG_BUCKET_TYPE | typeof LOG_GROUP_TYPE },
  noun: string,
  check: (record: EvidenceRecord) => Verdict,
): Control {
  const inner = perResource({ ...meta, collectors: [LOG_DESTINATIONS_COLLECTOR] }, { collector: LOG_DESTINATIONS_COLLECTOR, noun, check });
  const prefix = ID_PREFIX[meta.resourceType] ?? '';
  const evaluate = (input: EvaluationInput) =>
    inner.evaluate({
      ...input,
      coverageOf: (collector, scope) => {
        const coverage = input.coverageOf(collector, scope);
        if (coverage === undefined || collector !== LOG_DESTINATIONS_COLLECTOR) return coverage;
        return { ...coverage, errors: coverage.errors.filter((e) => e.resourceId === undefined || e.resourceId.startsWith(prefix)) };
      },
    });
  return { ...inner, evaluate };
}
