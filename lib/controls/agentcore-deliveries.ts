import {
  AGENTCORE_DELIVERIES,
  DELIVERY_DESTINATION_TYPE,
  DELIVERY_SOURCE_TYPE,
  DELIVERY_TYPE,
  LOG_GROUP_LOOKUP_TYPE,
  logGroupNameOf,
  lookupArn,
} from '../collectors/logs-agentcore-deliveries.js';
import type { SealedEvidence } from '../evidence/record.js';
import type { JoinedVerdict, Related } from './joined-helpers.js';

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Whether a delivery source's resources include the runtime (or one of its endpoints). */
function sourceOf(runtimeArn: string, source: SealedEvidence): boolean {
  const arns = source.record.data.resourceArns;
  return Array.isArray(arns) && arns.some((a) => a === runtimeArn || (typeof a === 'string' && a.startsWith(`${runtimeArn}/`)));
}

/**
 * Judges whether the runtime `runtimeArn` delivers `logType` (CloudWatch Logs vended logs) to a
 * destination that exists: a CloudWatch Logs group the lookup found, an S3 bucket or Firehose stream
 * (whose existence CloudWatch Logs checks when the destination is made; it is not read again here),
 * or X-Ray for traces. A delivery whose destination or log group is gone does not count.
 */
export function judgeRuntimeDelivery(
  subject: string,
  runtimeArn: string,
  logType: 'APPLICATION_LOGS' | 'TRACES',
  what: string,
  deliveries: Related,
): JoinedVerdict {
  if (deliveries.state === 'unread') {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `The CloudWatch Logs deliveries of ${subject} could not all be read (${deliveries.why}), so its ${what} cannot be judged.`,
    };
  }
  const of = (type: string) => deliveries.records.filter((e) => e.record.resource.type === type);
  const sources = of(DELIVERY_SOURCE_TYPE).filter((s) => sourceOf(runtimeArn, s) && s.record.data.logType === logType);
  if (sources.length === 0) {
    return { status: 'FAIL', reason: `${subject} has no ${logType} delivery source: its ${what} are not delivered anywhere.` };
  }
  const problems: string[] = [];
  const cite: SealedEvidence[] = [...sources];
  for (const source of sources) {
    const sourceName = str(source.record.data.name) ?? source.record.resource.id;
    const from = of(DELIVERY_TYPE).filter((d) => d.record.data.deliverySourceName === sourceName);
    if (from.length === 0) problems.push(`delivery source ${sourceName} has no delivery`);
    for (const delivery of from) {
      cite.push(delivery);
      const to = str(delivery.record.data.deliveryDestinationArn);
      const destination = of(DELIVERY_DESTINATION_TYPE).find((d) => d.record.resource.id === to);
      if (destination === undefined) {
        problems.push(`delivery from ${sourceName} goes to destination ${to ?? '(none)'}, which does not exist`);
        continue;
      }
      cite.push(destination);
      const type = str(destination.record.data.deliveryDestinationType);
      const config = destination.record.data.deliveryDestinationConfiguration as { destinationResourceArn?: unknown } | undefined;
      const target = str(config?.destinationResourceArn);
      if (logType === 'TRACES') {
        if (type === 'XRAY') {
          return { status: 'PASS', reason: `${subject} delivers its ${what} to AWS X-Ray (delivery source ${sourceName}).`, cite };
        }
        problems.push(`delivery from ${sourceName} sends traces to a ${type ?? 'typeless'} destination, not X-Ray`);
        continue;
      }
      if (type === 'S3' || type === 'FH') {
        return { status: 'PASS', reason: `${subject} delivers its ${what} to ${type === 'S3' ? 'S3' : 'Firehose'} ${target ?? to}.`, cite };
      }
      if (type !== 'CWL') {
        problems.push(`delivery from ${sourceName} goes to a ${type ?? 'typeless'} destination`);
        continue;
      }
      const group = target === undefined ? undefined : logGroupNameOf(target);
      const lookup =
        group === undefined ? undefined : of(LOG_GROUP_LOOKUP_TYPE).find((l) => l.record.resource.id === lookupArn(source.record, group));
      if (group === undefined || lookup === undefined) {
        problems.push(`delivery from ${sourceName} names log group ${target ?? '(none)'}, which was not looked up`);
        continue;
      }
      cite.push(lookup);
      const found = lookup.record.data.logGroups;
      if (Array.isArray(found) && found.length > 0) {
        return { status: 'PASS', reason: `${subject} delivers its ${what} to CloudWatch Logs group ${group}.`, cite };
      }
      problems.push(`delivery from ${sourceName} goes to log group ${group}, which does not exist`);
    }
  }
  return { status: 'FAIL', reason: `${subject} has no working delivery of its ${what}: ${problems.sort().join('; ')}.`, cite };
}

export { AGENTCORE_DELIVERIES };
