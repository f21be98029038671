import { describe, expect, it } from 'vitest';
import {
  ALARM_TYPE,
  BEDROCK_NAMESPACE,
  CLOUDWATCH_BEDROCK_ALARMS,
  GUARDRAILS_NAMESPACE,
  METRIC_USAGE_TYPE,
  metricUsageId,
} from '../../lib/collectors/cloudwatch-bedrock-alarms.js';
import { control as interventionAlarm } from '../../lib/controls/bedrock_guardrail_intervention_alarm_configured.js';
import { control as invocationAlarm } from '../../lib/controls/bedrock_invocation_alarm_configured.js';
import { makeEvidence, type SealedEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, COLLECTED_AT, complete, digestOf, failed, findingFor, judge, OTHER_SCOPE, SCOPE } from '../fixtures/evidence.js';

const sealed = (operation: string, type: string, id: string, data: Record<string, unknown>) =>
  sealEvidence(
    makeEvidence({
      accountId: SCOPE.accountId,
      region: SCOPE.region,
      source: { collector: CLOUDWATCH_BEDROCK_ALARMS, service: 'monitoring', operation },
      resource: { type, id },
      collectedAt: COLLECTED_AT,
      data,
    }),
  );
const usage = (namespace: string, streams: number) =>
  sealed('ListMetrics', METRIC_USAGE_TYPE, metricUsageId(SCOPE, namespace, 'Invocations'), {
    Namespace: namespace,
    MetricName: 'Invocations',
    Metrics: Array.from({ length: streams }, (_, i) => ({
      Namespace: namespace,
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'ModelId', Value: `model-${i}` }],
    })),
  });
const alarm = (name: string, fields: Record<string, unknown>) =>
  sealed('DescribeAlarms', ALARM_TYPE, `arn:aws:cloudwatch:${SCOPE.region}:${SCOPE.accountId}:alarm:${name}`, {
    AlarmName: name,
    ActionsEnabled: true,
    AlarmActions: [`arn:aws:sns:${SCOPE.region}:${SCOPE.accountId}:security-alerts`],
    StateValue: 'OK',
    ...fields,
  });
const mathAlarm = (name: string, namespace: string, metric: string) =>
  alarm(name, {
    Metrics: [
      { Id: 'm1', MetricStat: { Metric: { Namespace: namespace, MetricName: metric }, Period: 300, Stat: 'Sum' }, ReturnData: false },
      { Id: 'e1', Expression: 'm1 * 2' },
    ],
  });

const FAMILY = [
  {
    control: invocationAlarm,
    namespace: BEDROCK_NAMESPACE,
    metric: 'InputTokenCount',
    other: { namespace: GUARDRAILS_NAMESPACE, metric: 'InvocationsIntervened' },
  },
  {
    control: interventionAlarm,
    namespace: GUARDRAILS_NAMESPACE,
    metric: 'InvocationsIntervened',
    other: { namespace: BEDROCK_NAMESPACE, metric: 'Invocations' },
  },
];

describe.each(FAMILY)('$control.id', ({ control, namespace, metric, other }) => {
  const judgeRegion = (evidence: SealedEvidence[]) => {
    const findings = judge(control, { evidence, coverage: [complete(CLOUDWATCH_BEDROCK_ALARMS, evidence.length)] });
    expect(findings).toHaveLength(1);
    return findingFor(findings, regionResourceId(SCOPE));
  };
  const used = () => usage(namespace, 2);

  it.each<[string, () => SealedEvidence[], string, string]>([
    [
      '#1 an alarm on the metric with an action',
      () => [used(), alarm('bedrock-spike', { Namespace: namespace, MetricName: metric })],
      'PASS',
      'bedrock-spike',
    ],
    ['#2 a metric math alarm using the metric', () => [used(), mathAlarm('bedrock-math', namespace, metric)], 'PASS', 'bedrock-math'],
    ['#3 no alarm at all', () => [used()], 'FAIL', 'no CloudWatch alarm'],
    [
      '#4 an alarm whose actions are disabled',
      () => [used(), alarm('muted', { Namespace: namespace, MetricName: metric, ActionsEnabled: false })],
      'FAIL',
      'muted: its actions are disabled',
    ],
    [
      '#5 an alarm without an action',
      () => [used(), alarm('silent', { Namespace: namespace, MetricName: metric, AlarmActions: [] })],
      'FAIL',
      'silent: it has no alarm action',
    ],
    [
      '#6 an alarm on the other Bedrock namespace only',
      () => [used(), alarm('elsewhere', { Namespace: other.namespace, MetricName: other.metric })],
      'FAIL',
      'no CloudWatch alarm',
    ],
    ['#7 no data in the past two weeks', () => [usage(namespace, 0)], 'NOT_APPLICABLE', 'no data'],
    ['#8 no usage record for the namespace', () => [usage(other.namespace, 3)], 'INSUFFICIENT_EVIDENCE', 'No ListMetrics record'],
  ])('%s is %s', (_case, make, status, words) => {
    const evidence = make();
    const finding = judgeRegion(evidence);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
    if (status === 'PASS') expect(finding.evidence).toEqual(evidence.map(digestOf).sort());
  });

  it.each([
    ['the alarms', accessDenied('DescribeAlarms')],
    ['the metrics', accessDenied('ListMetrics')],
  ])('#9 gives INSUFFICIENT_EVIDENCE when %s could not be read', (_case, error) => {
    const findings = judge(control, { evidence: [used()], coverage: [failed(CLOUDWATCH_BEDROCK_ALARMS, error, 1)] });
    expect(findings.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
    expect(findings[0]?.reason).toContain(error.operation);
  });

  it('#10 gives INSUFFICIENT_EVIDENCE for a region where the collector did not run', () => {
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [used()],
      coverage: [complete(CLOUDWATCH_BEDROCK_ALARMS, 1)],
    });
    expect(findingFor(findings, regionResourceId(OTHER_SCOPE)).status).toBe('INSUFFICIENT_EVIDENCE');
  });
});
