/** The CloudWatch Bedrock alarms collector, with aws-sdk-client-mock answers. */
import 'aws-sdk-client-mock-vitest/extend';
import { CloudWatchClient, DescribeAlarmsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CLOUDWATCH_BEDROCK_ALARMS, cloudwatchBedrockAlarms, METRIC_USAGE_TYPE } from '../../lib/collectors/cloudwatch-bedrock-alarms.js';
import { mockedContext } from '../fixtures/collector-context.js';

const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => cloudwatch.reset());
afterAll(() => cloudwatch.restore());

describe('cloudwatch.bedrock-alarms', () => {
  it('keeps the alarms on Bedrock metrics (direct or in metric math) and one usage record per namespace', async () => {
    cloudwatch
      .on(ListMetricsCommand, { Namespace: 'AWS/Bedrock' })
      .resolves({ Metrics: [{ Namespace: 'AWS/Bedrock', MetricName: 'Invocations' }] })
      .on(ListMetricsCommand, { Namespace: 'AWS/Bedrock/Guardrails' })
      .resolves({ Metrics: [] });
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: 'cpu',
          AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:cpu',
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
        },
        {
          AlarmName: 'tokens',
          AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:tokens',
          Namespace: 'AWS/Bedrock',
          MetricName: 'InputTokenCount',
        },
        {
          AlarmName: 'blocked',
          AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:blocked',
          Metrics: [
            {
              Id: 'm',
              MetricStat: { Metric: { Namespace: 'AWS/Bedrock/Guardrails', MetricName: 'InvocationsIntervened' }, Period: 60, Stat: 'Sum' },
            },
          ],
        },
      ],
    });
    const result = await cloudwatchBedrockAlarms.collect(mockedContext());
    expect(cloudwatch).toReceiveCommandWith(DescribeAlarmsCommand, { AlarmTypes: ['MetricAlarm'] });
    expect(result.coverage).toMatchObject({ collector: CLOUDWATCH_BEDROCK_ALARMS, status: 'COMPLETE', records: 4 });
    expect(result.records.filter((r) => r.resource.type === METRIC_USAGE_TYPE).map((r) => (r.data.Metrics as unknown[]).length)).toEqual([
      1, 0,
    ]);
    expect(result.records.map((r) => r.data.AlarmName).filter(Boolean)).toEqual(['tokens', 'blocked']);
  });

  it('keeps the usage records when the alarms cannot be read, and reports the listing error', async () => {
    cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    cloudwatch
      .on(DescribeAlarmsCommand)
      .rejects(Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const result = await cloudwatchBedrockAlarms.collect(mockedContext());
    expect(result.records).toHaveLength(2);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'DescribeAlarms', kind: 'ACCESS_DENIED' }] });
  });
});
