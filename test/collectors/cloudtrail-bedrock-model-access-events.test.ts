import 'aws-sdk-client-mock-vitest/extend';
import { CloudTrailClient, CloudTrailServiceException, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cloudtrailBedrockModelAccessEvents,
  MAX_PAGES_PER_EVENT,
  MODEL_ACCESS_EVENT_NAMES,
} from '../../lib/collectors/cloudtrail-bedrock-model-access-events.js';
import { collectorSettingsFromEnv, MODEL_ACCESS_PRINCIPALS_ENV } from '../../lib/collectors/settings.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';

const cloudtrail = mockClient(CloudTrailClient);
beforeEach(() => cloudtrail.reset());
afterAll(() => cloudtrail.restore());

const event = (name: string, id: string) => ({
  EventId: id,
  EventName: name,
  EventTime: new Date('2026-05-30T03:00:00Z'),
  EventSource: 'bedrock.amazonaws.com',
  CloudTrailEvent: JSON.stringify({ userIdentity: { arn: `arn:aws:iam::${SCOPE.accountId}:user/intruder` } }),
});
const nameOf = (input: { LookupAttributes?: { AttributeValue?: string }[] }) => input.LookupAttributes?.[0]?.AttributeValue ?? '';

describe('cloudtrail.bedrock-model-access-events collector', () => {
  it('looks up each model-access event name over the window, every page, one record per name with the allow-list', async () => {
    // Prepare
    const settings = collectorSettingsFromEnv({ [MODEL_ACCESS_PRINCIPALS_ENV]: ` arn:aws:iam::${SCOPE.accountId}:role/ModelAdmins ,,` });
    cloudtrail.on(LookupEventsCommand).callsFake((input: { NextToken?: string; LookupAttributes?: { AttributeValue?: string }[] }) => {
      const name = nameOf(input);
      if (name !== 'PutUseCaseForModelAccess') return { Events: [] };
      return input.NextToken === undefined ? { Events: [event(name, 'e1')], NextToken: 't1' } : { Events: [event(name, 'e2')] };
    });
    // Act
    const result = await cloudtrailBedrockModelAccessEvents.collect({ ...mockedContext(SCOPE), settings });
    // Assess
    expect(cloudtrail).toReceiveCommandWith(LookupEventsCommand, {
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetFoundationModelAvailability' }],
      StartTime: new Date(Date.parse(COLLECTED_AT) - 30 * 86_400_000),
      EndTime: new Date(COLLECTED_AT),
    });
    expect(cloudtrail).toReceiveCommandTimes(LookupEventsCommand, MODEL_ACCESS_EVENT_NAMES.length + 1);
    expect(result.records.map((r) => r.data.EventName)).toEqual([...MODEL_ACCESS_EVENT_NAMES]);
    const put = result.records.find((r) => r.data.EventName === 'PutUseCaseForModelAccess');
    expect(put?.data).toMatchObject({
      EventSource: 'bedrock.amazonaws.com',
      AllowedPrincipals: [`arn:aws:iam::${SCOPE.accountId}:role/ModelAdmins`],
      Truncated: false,
      Events: [{ EventId: 'e1', EventTime: '2026-05-30T03:00:00.000Z' }, { EventId: 'e2' }],
    });
    expect(put?.resource).toEqual({
      type: 'AiEvidence::CloudTrail::EventLookup',
      id: `arn:aws:cloudtrail:${SCOPE.region}:${SCOPE.accountId}:event-lookup/bedrock.amazonaws.com/PutUseCaseForModelAccess`,
    });
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 5, errors: [] });
  });

  it(`reads at most ${MAX_PAGES_PER_EVENT} pages a name and records that more were left`, async () => {
    let page = 0;
    cloudtrail.on(LookupEventsCommand).callsFake(() => {
      page += 1;
      return { Events: [event('GetFoundationModelAvailability', `e${page}`)], NextToken: `t${page}` };
    });
    const result = await cloudtrailBedrockModelAccessEvents.collect(mockedContext(SCOPE));
    expect(cloudtrail).toReceiveCommandTimes(LookupEventsCommand, MAX_PAGES_PER_EVENT * MODEL_ACCESS_EVENT_NAMES.length);
    expect(result.records[0]?.data).toMatchObject({ Truncated: true });
    expect(result.records[0]?.data.Events).toHaveLength(MAX_PAGES_PER_EVENT);
  });

  it('turns a refused lookup into FAILED coverage and stops looking up (the API is rate-limited)', async () => {
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [] })
      .rejects(
        new CloudTrailServiceException({
          name: 'AccessDeniedException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          message: 'not authorized to perform: cloudtrail:LookupEvents',
        }),
      );
    const result = await cloudtrailBedrockModelAccessEvents.collect(mockedContext(SCOPE));
    expect(cloudtrail).toReceiveCommandTimes(LookupEventsCommand, 2);
    expect(result.records).toHaveLength(1);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'LookupEvents', kind: 'ACCESS_DENIED' }] });
  });

  it.each([
    ['an event without its EventId', { Events: [{ EventName: 'GetFoundationModelAvailability' }] }],
    ['a repeated NextToken', { Events: [], NextToken: 'same' }],
  ])('turns %s into INVALID_RESPONSE', async (_case, answer) => {
    cloudtrail.on(LookupEventsCommand).resolves(answer);
    const result = await cloudtrailBedrockModelAccessEvents.collect(mockedContext(SCOPE));
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'LookupEvents', kind: 'INVALID_RESPONSE' }] });
  });

  it('reads the allow-list as trimmed, de-duplicated, sorted ARNs, and records none when none is configured', async () => {
    expect(collectorSettingsFromEnv({ [MODEL_ACCESS_PRINCIPALS_ENV]: ' b , a,,b ' }).modelAccessPrincipals).toEqual(['a', 'b']);
    expect(collectorSettingsFromEnv({ [MODEL_ACCESS_PRINCIPALS_ENV]: ' , ' })).toEqual({});
    expect(collectorSettingsFromEnv({})).toEqual({});
    // The collector reads its context, not the environment: a variable set here does not reach it.
    process.env[MODEL_ACCESS_PRINCIPALS_ENV] = `arn:aws:iam::${SCOPE.accountId}:role/FromTheEnvironment`;
    try {
      cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
      const result = await cloudtrailBedrockModelAccessEvents.collect(mockedContext(SCOPE));
      expect(result.records.map((r) => r.data.AllowedPrincipals)).toEqual(MODEL_ACCESS_EVENT_NAMES.map(() => []));
    } finally {
      delete process.env[MODEL_ACCESS_PRINCIPALS_ENV];
    }
  });
});
