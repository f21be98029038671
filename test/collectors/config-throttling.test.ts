/**
 * Throttling that recovers, through the SDK's own adaptive retry: real AWS Config clients over a
 * fake network (aws-sdk-client-mock would replace `send` and skip the retries).
 */
import { describe, expect, it } from 'vitest';
import { configAiResources, QUERIES } from '../../lib/collectors/config-ai-resources.js';
import { configRecording } from '../../lib/collectors/config-recording.js';
import { configRules } from '../../lib/collectors/config-rules.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { FakeHttpHandler, ok } from '../fixtures/fake-http.js';
import { recorder } from '../fixtures/governance.js';
import { jsonThrottled } from '../fixtures/governance-http.js';

describe('AWS Config collectors through the SDK adaptive retry', () => {
  it('config.recording ends COMPLETE when throttled reads succeed on a later attempt', async () => {
    // Prepare: the recorder read is throttled twice.
    let recorderCalls = 0;
    const handler = new FakeHttpHandler((request) => {
      switch (request.target) {
        case 'StarlingDoveService.DescribeConfigurationRecorders':
          recorderCalls += 1;
          return recorderCalls <= 2 ? jsonThrottled() : ok({ ConfigurationRecorders: [recorder()] });
        case 'StarlingDoveService.DescribeConfigurationRecorderStatus':
          return ok({
            ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS', lastStartTime: 1_748_736_000 }],
          });
        case 'StarlingDoveService.DescribeDeliveryChannels':
          return ok({ DeliveryChannels: [{ name: 'default', s3BucketName: 'acme-config-history' }] });
        default:
          return ok({
            DeliveryChannelsStatus: [
              { name: 'default', configHistoryDeliveryInfo: { lastStatus: 'SUCCESS', lastAttemptTime: 1_748_736_000 } },
            ],
          });
      }
    });
    // Act
    const { value: result } = await inVirtualTime(() => configRecording.collect(fakeHttpContext(handler)));
    // Assess
    expect(recorderCalls).toBe(3);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 4, errors: [] });
  });

  it('config.rules ends COMPLETE when a throttled listing and compliance read succeed on a later attempt', async () => {
    // Prepare
    const calls: Record<string, number> = {};
    const handler = new FakeHttpHandler((request) => {
      const op = String(request.target).split('.').pop() ?? '';
      calls[op] = (calls[op] ?? 0) + 1;
      if (calls[op] === 1 && op !== 'GetComplianceDetailsByConfigRule') return jsonThrottled();
      if (op === 'DescribeConfigRules') {
        return ok({
          ConfigRules: [
            {
              ConfigRuleName: 'sm-internet',
              ConfigRuleArn: 'arn:aws:config:eu-west-1:111122223333:config-rule/config-rule-abc',
              Source: { Owner: 'AWS', SourceIdentifier: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS' },
            },
          ],
        });
      }
      if (op === 'DescribeComplianceByConfigRule') {
        return ok({ ComplianceByConfigRules: [{ ConfigRuleName: 'sm-internet', Compliance: { ComplianceType: 'NON_COMPLIANT' } }] });
      }
      return ok({ EvaluationResults: [] });
    });
    // Act
    const { value: result } = await inVirtualTime(() => configRules.collect(fakeHttpContext(handler)));
    // Assess
    expect(calls).toEqual({ DescribeConfigRules: 2, DescribeComplianceByConfigRule: 2, GetComplianceDetailsByConfigRule: 1 });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3, errors: [] });
  });

  it('config.ai-resources ends COMPLETE when a throttled second page succeeds on a later attempt', async () => {
    // Prepare: the AI query has two pages; the second is throttled once.
    let secondPageCalls = 0;
    const handler = new FakeHttpHandler((request) => {
      const body = request.body as { Expression: string; NextToken?: string };
      if (body.Expression === QUERIES[1]) return ok({ Results: [] });
      if (body.NextToken === undefined)
        return ok({ Results: [JSON.stringify({ resourceId: 'a', resourceType: 'AWS::SageMaker::Model' })], NextToken: 'p2' });
      secondPageCalls += 1;
      return secondPageCalls === 1
        ? jsonThrottled()
        : ok({ Results: [JSON.stringify({ resourceId: 'b', resourceType: 'AWS::SageMaker::Model' })] });
    });
    // Act
    const { value: result } = await inVirtualTime(() => configAiResources.collect(fakeHttpContext(handler)));
    // Assess
    expect(secondPageCalls).toBe(2);
    expect(result.records.map((r) => r.resource.id)).toEqual(['AWS::SageMaker::Model/a', 'AWS::SageMaker::Model/b']);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
  });
});
