import { LOG_BUCKET_TYPE, LOG_BUCKETS_ID, LOG_GROUP_TYPE, LOG_GROUPS_ID } from '../collectors/bedrock-invocation-log-destinations.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata } from './types.js';

export { LOG_BUCKET_TYPE, LOG_BUCKETS_ID, LOG_GROUP_TYPE, LOG_GROUPS_ID };

const COLLECTOR_OF = { [LOG_BUCKET_TYPE]: LOG_BUCKETS_ID, [LOG_GROUP_TYPE]: LOG_GROUPS_ID } as const;

/**
 * A control over one kind of invocation log destination (buckets or log groups): one finding per
 * destination of that kind, read by that kind's collector. A region without logging, or whose
 * logging has no destination of the kind, holds none and is NOT_APPLICABLE; a logging
 * configuration that could not be read makes the region INSUFFICIENT_EVIDENCE.
 */
export function logDestinationControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'> & { resourceType: typeof LOG_BUCKET_TYPE | typeof LOG_GROUP_TYPE },
  noun: string,
  check: (record: EvidenceRecord) => Verdict,
): Control {
  const collector = COLLECTOR_OF[meta.resourceType];
  return perResource({ ...meta, collectors: [collector] }, { collector, noun, check });
}
