import 'aws-sdk-client-mock-vitest/extend';
import {
  ConfigServiceClient,
  ConfigServiceServiceException,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configRecording } from '../../lib/collectors/config-recording.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';
import { channelStatus, recorder, recorderStatus, settingId } from '../fixtures/governance.js';

const config = mockClient(ConfigServiceClient);

beforeEach(() => {
  config.reset();
});

afterAll(() => {
  config.restore();
});

function awsError(name: string, message: string): ConfigServiceServiceException {
  return new ConfigServiceServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

const CHANNEL = { name: 'default', s3BucketName: 'acme-config-history' };

function answerAll(): void {
  config.on(DescribeConfigurationRecordersCommand).resolves({ $metadata: { httpStatusCode: 200 }, ConfigurationRecorders: [recorder()] });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [recorderStatus()] });
  config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [CHANNEL] });
  config.on(DescribeDeliveryChannelStatusCommand).resolves({ DeliveryChannelsStatus: [channelStatus()] });
}

describe('config.recording collector', () => {
  it('keeps each of the four answers as one record of the region, verbatim, with COMPLETE coverage', async () => {
    // Prepare
    answerAll();
    const ctx = mockedContext();
    // Act
    const result = await configRecording.collect(ctx);
    // Assess
    expect(result.coverage).toEqual({ collector: 'config.recording', ...SCOPE, status: 'COMPLETE', records: 4, errors: [] });
    expect(result.records.map((r) => [r.source.operation, r.resource.type, r.resource.id])).toEqual([
      ['DescribeConfigurationRecorders', 'AWS::Config::ConfigurationRecorder', settingId('configuration-recorders')],
      ['DescribeConfigurationRecorderStatus', 'AWS::Config::ConfigurationRecorder', settingId('configuration-recorder-status')],
      ['DescribeDeliveryChannels', 'AWS::Config::DeliveryChannel', settingId('delivery-channels')],
      ['DescribeDeliveryChannelStatus', 'AWS::Config::DeliveryChannel', settingId('delivery-channel-status')],
    ]);
    expect(result.records[0]).toEqual({
      schemaVersion: 1,
      ...SCOPE,
      source: { collector: 'config.recording', service: 'config', operation: 'DescribeConfigurationRecorders' },
      resource: { type: 'AWS::Config::ConfigurationRecorder', id: settingId('configuration-recorders') },
      collectedAt: COLLECTED_AT,
      data: { ConfigurationRecorders: [recorder()] },
    });
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(ctx.regionsAsked.every((r) => r === SCOPE.region)).toBe(true);
  });

  it('keeps an empty recorder list as evidence (nothing set up), not as a gap', async () => {
    // Prepare
    answerAll();
    config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    // Act
    const result = await configRecording.collect(mockedContext());
    // Assess
    expect(result.coverage.status).toBe('COMPLETE');
    expect(result.records[0]?.data).toEqual({ ConfigurationRecorders: [] });
  });

  it('turns AccessDenied on one read into FAILED coverage naming it, and keeps the other three records', async () => {
    // Prepare
    answerAll();
    config
      .on(DescribeDeliveryChannelStatusCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: config:DescribeDeliveryChannelStatus'));
    // Act
    const result = await configRecording.collect(mockedContext());
    // Assess
    expect(result.records.map((r) => r.source.operation)).toEqual([
      'DescribeConfigurationRecorders',
      'DescribeConfigurationRecorderStatus',
      'DescribeDeliveryChannels',
    ]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', records: 3 });
    expect(result.coverage.errors).toEqual([
      {
        operation: 'DescribeDeliveryChannelStatus',
        kind: 'ACCESS_DENIED',
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform: config:DescribeDeliveryChannelStatus',
        httpStatus: 400,
      },
    ]);
    expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
  });

  it('turns an answer without its list into INVALID_RESPONSE coverage instead of a record', async () => {
    // Prepare
    answerAll();
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({});
    // Act
    const result = await configRecording.collect(mockedContext());
    // Assess
    expect(result.records.map((r) => r.source.operation)).not.toContain('DescribeConfigurationRecorderStatus');
    expect(result.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'DescribeConfigurationRecorderStatus', kind: 'INVALID_RESPONSE' }),
    ]);
  });

  it('turns throttling that outlived the retries into THROTTLED coverage', async () => {
    // Prepare
    answerAll();
    config
      .on(DescribeConfigurationRecordersCommand)
      .rejects(Object.assign(awsError('ThrottlingException', 'Rate exceeded'), { $retryable: { throttling: true } }));
    // Act
    const result = await configRecording.collect(mockedContext());
    // Assess
    expect(result.coverage.errors).toEqual([
      {
        operation: 'DescribeConfigurationRecorders',
        kind: 'THROTTLED',
        code: 'ThrottlingException',
        message: 'Rate exceeded',
        httpStatus: 400,
      },
    ]);
  });
});
