import { type MetricAlarm, paginateDescribeAlarms, paginateListMetrics } from '@aws-sdk/client-cloudwatch';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord, regionSettingId } from './governance-helpers.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const CLOUDWATCH_BEDROCK_ALARMS = 'cloudwatch.bedrock-alarms';
export const ALARM_TYPE = 'AWS::CloudWatch::Alarm';
/** Not a CloudFormation type: which metrics of a namespace had data lately, as ListMetrics reports it. */
export const METRIC_USAGE_TYPE = 'AiEvidence::CloudWatch::MetricUsage';

export const BEDROCK_NAMESPACE = 'AWS/Bedrock';
export const GUARDRAILS_NAMESPACE = 'AWS/Bedrock/Guardrails';
/** The metric whose data shows the namespace is in use: model invocations, guardrail evaluations. */
export const USAGE_METRICS = [
  { namespace: BEDROCK_NAMESPACE, metricName: 'Invocations' },
  { namespace: GUARDRAILS_NAMESPACE, metricName: 'Invocations' },
] as const;

/** The id of a namespace's usage record: stable per account and region. */
export function metricUsageId(scope: { accountId: string; region: string }, namespace: string, metricName: string): string {
  return regionSettingId('cloudwatch', `metric-usage/${namespace}/${metricName}`, scope);
}

/** The namespaces an alarm watches: its own metric's, or those of its metric math's metrics. */
export function alarmNamespaces(alarm: Pick<MetricAlarm, 'Namespace' | 'Metrics'>): string[] {
  const out = new Set<string>();
  if (typeof alarm.Namespace === 'string') out.add(alarm.Namespace);
  for (const query of alarm.Metrics ?? []) {
    const namespace = query.MetricStat?.Metric?.Namespace;
    if (typeof namespace === 'string') out.add(namespace);
  }
  return [...out];
}

const BEDROCK_NAMESPACES: readonly string[] = [BEDROCK_NAMESPACE, GUARDRAILS_NAMESPACE];

/**
 * CloudWatch metric alarms on Amazon Bedrock metrics, and whether the region's Bedrock metrics had
 * data lately. DescribeAlarms (metric alarms, every page) keeps, one record each, the alarms that
 * watch a metric of AWS/Bedrock or AWS/Bedrock/Guardrails, directly or in metric math. ListMetrics of
 * AWS/Bedrock Invocations and AWS/Bedrock/Guardrails Invocations (the metrics with data in the past
 * two weeks, every page) gives one usage record per namespace, so that a region without Bedrock
 * traffic can be told from one whose traffic no alarm watches.
 */
export const cloudwatchBedrockAlarms: Collector = {
  id: CLOUDWATCH_BEDROCK_ALARMS,
  service: 'monitoring',
  description:
    'CloudWatch metric alarms on Amazon Bedrock and Bedrock Guardrails metrics, and whether those metrics had data in the past two weeks.',
  actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListMetrics'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('monitoring', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    for (const usage of USAGE_METRICS) {
      try {
        const metrics: unknown[] = [];
        const pages = paginateListMetrics({ client }, { Namespace: usage.namespace, MetricName: usage.metricName });
        for await (const page of guardedPages('ListMetrics', pages)) metrics.push(...(page.Metrics ?? []));
        records.push(
          governanceRecord(ctx, {
            collector: CLOUDWATCH_BEDROCK_ALARMS,
            service: 'monitoring',
            operation: 'ListMetrics',
            resource: { type: METRIC_USAGE_TYPE, id: metricUsageId(ctx, usage.namespace, usage.metricName) },
            data: { Namespace: usage.namespace, MetricName: usage.metricName, Metrics: metrics },
          }),
        );
      } catch (error) {
        errors.push(coverageError('ListMetrics', error));
      }
    }
    try {
      const pages = paginateDescribeAlarms({ client, pageSize: 100 }, { AlarmTypes: ['MetricAlarm'] });
      for await (const page of guardedPages('DescribeAlarms', pages)) {
        for (const alarm of page.MetricAlarms ?? []) {
          if (!alarmNamespaces(alarm).some((n) => BEDROCK_NAMESPACES.includes(n))) continue;
          if (typeof alarm.AlarmArn !== 'string' || alarm.AlarmArn === '')
            throw new InvalidResponseError('DescribeAlarms returned an alarm without its AlarmArn.');
          records.push(
            governanceRecord(ctx, {
              collector: CLOUDWATCH_BEDROCK_ALARMS,
              service: 'monitoring',
              operation: 'DescribeAlarms',
              resource: { type: ALARM_TYPE, id: alarm.AlarmArn },
              data: alarm,
            }),
          );
        }
      }
    } catch (error) {
      errors.push(coverageError('DescribeAlarms', error));
    }
    return collectorResult(CLOUDWATCH_BEDROCK_ALARMS, ctx, records, errors);
  },
};
