import { ALARM_TYPE, CLOUDWATCH_BEDROCK_ALARMS, METRIC_USAGE_TYPE } from '../collectors/cloudwatch-bedrock-alarms.js';
import type { SealedEvidence } from '../evidence/record.js';
import { asFields } from './bedrock.js';
import { perScope } from './per-resource.js';
import type { Control, ControlMetadata } from './types.js';

/** The metrics of `namespace` an alarm watches, directly or through its metric math. */
function watched(alarm: Record<string, unknown>, namespace: string): string[] {
  const out: string[] = [];
  if (alarm.Namespace === namespace && typeof alarm.MetricName === 'string') out.push(alarm.MetricName);
  for (const query of Array.isArray(alarm.Metrics) ? alarm.Metrics : []) {
    const metric = asFields(asFields(asFields(query)?.MetricStat)?.Metric);
    if (metric?.Namespace === namespace && typeof metric.MetricName === 'string') out.push(metric.MetricName);
  }
  return out;
}

/** Why an alarm would tell nobody, or undefined when it notifies or acts. */
function inert(alarm: Record<string, unknown>): string | undefined {
  if (alarm.ActionsEnabled === false) return 'its actions are disabled';
  const actions = alarm.AlarmActions;
  if (!Array.isArray(actions) || actions.length === 0) return 'it has no alarm action';
  return undefined;
}

/**
 * A control, one finding per region, that the region's use of `namespace` (the usage record of
 * `usageMetric` has metrics) is watched by at least one alarm on one of `metrics` that notifies or
 * acts. A region whose metric had no data in the past two weeks is NOT_APPLICABLE.
 */
export function bedrockAlarmControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  spec: { namespace: string; usageMetric: string; metrics: readonly string[]; use: string },
): Control {
  return perScope(
    { ...meta, collectors: [CLOUDWATCH_BEDROCK_ALARMS], resourceType: 'AWS::::Account' },
    {
      collectors: [CLOUDWATCH_BEDROCK_ALARMS],
      noun: 'CloudWatch alarms and metrics of Amazon Bedrock',
      check: (records, scope) => {
        const where = `account ${scope.accountId} in ${scope.region}`;
        const all = records.get(CLOUDWATCH_BEDROCK_ALARMS) ?? [];
        const usage = all.find(
          (e) =>
            e.record.resource.type === METRIC_USAGE_TYPE &&
            e.record.data.Namespace === spec.namespace &&
            e.record.data.MetricName === spec.usageMetric,
        );
        if (usage === undefined) {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `No ListMetrics record of ${spec.namespace} ${spec.usageMetric} was kept for ${where}.`,
            cite: [],
          };
        }
        const metrics = usage.record.data.Metrics;
        if (!Array.isArray(metrics)) {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `The ListMetrics record of ${spec.namespace} for ${where} holds no metric list.`,
            cite: [usage],
          };
        }
        if (metrics.length === 0) {
          return {
            status: 'NOT_APPLICABLE',
            reason: `${spec.namespace} ${spec.usageMetric} had no data in ${where} in the past two weeks: no ${spec.use} to watch.`,
            cite: [usage],
          };
        }
        const relevant: { e: SealedEvidence; name: string; why: string | undefined; on: string[] }[] = [];
        for (const e of all) {
          if (e.record.resource.type !== ALARM_TYPE) continue;
          const on = watched(e.record.data, spec.namespace).filter((m) => spec.metrics.includes(m));
          if (on.length === 0) continue;
          relevant.push({ e, name: String(e.record.data.AlarmName ?? e.record.resource.id), why: inert(e.record.data), on });
        }
        const working = relevant.filter((r) => r.why === undefined);
        if (working.length > 0) {
          return {
            status: 'PASS',
            reason: `${where} has ${working.length} alarm${working.length === 1 ? '' : 's'} on ${spec.use} that notif${working.length === 1 ? 'ies' : 'y'}: ${working
              .map((r) => `${r.name} (${[...new Set(r.on)].join(', ')})`)
              .sort()
              .join(', ')}.`,
            cite: [usage, ...working.map((r) => r.e)],
          };
        }
        const named = spec.metrics.map((m) => `${spec.namespace} ${m}`).join(', ');
        if (relevant.length > 0) {
          return {
            status: 'FAIL',
            reason: `${where} has ${spec.use} but no alarm on it notifies anyone: ${relevant
              .map((r) => `${r.name}: ${r.why}`)
              .sort()
              .join('; ')}.`,
            cite: [usage, ...relevant.map((r) => r.e)],
          };
        }
        return {
          status: 'FAIL',
          reason: `${where} has ${spec.use} (${metrics.length} metric stream${metrics.length === 1 ? '' : 's'} of ${spec.usageMetric}) but no CloudWatch alarm on ${named}. Create one with an alarm action.`,
          cite: [usage],
        };
      },
    },
  );
}
