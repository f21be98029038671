import 'aws-sdk-client-mock-vitest/extend';
import {
  AccessDeniedException,
  BedrockClient,
  GetModelInvocationLoggingConfigurationCommand,
  type LoggingConfig,
  ThrottlingException,
} from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockModelInvocationLogging } from '../../lib/collectors/bedrock-model-invocation-logging.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, loggingSettingId, OTHER_SCOPE, SCOPE } from '../fixtures/evidence.js';

const bedrock = mockClient(BedrockClient);

beforeEach(() => {
  bedrock.reset();
});

afterAll(() => {
  bedrock.restore();
});

const LOGGING_CONFIG: LoggingConfig = {
  s3Config: { bucketName: 'acme-bedrock-logs', keyPrefix: 'invocations/' },
  cloudWatchConfig: {
    logGroupName: '/acme/bedrock/invocations',
    roleArn: 'arn:aws:iam::111122223333:role/bedrock-logging',
    largeDataDeliveryS3Config: { bucketName: 'acme-bedrock-large', keyPrefix: 'large/' },
  },
  textDataDeliveryEnabled: true,
  imageDataDeliveryEnabled: false,
  embeddingDataDeliveryEnabled: false,
};

describe('bedrock.model-invocation-logging collector', () => {
  it('records the configuration of the region, verbatim and without SDK metadata, with COMPLETE coverage', async () => {
    // Prepare
    bedrock
      .on(GetModelInvocationLoggingConfigurationCommand)
      .resolves({ $metadata: { httpStatusCode: 200 }, loggingConfig: LOGGING_CONFIG });
    const ctx = mockedContext();
    // Act
    const result = await bedrockModelInvocationLogging.collect(ctx);
    // Assess
    expect(bedrock).toReceiveCommandOnce(GetModelInvocationLoggingConfigurationCommand);
    expect(ctx.regionsAsked).toEqual([SCOPE.region]);
    expect(result.records).toEqual([
      {
        schemaVersion: 1,
        ...SCOPE,
        source: { collector: 'bedrock.model-invocation-logging', service: 'bedrock', operation: 'GetModelInvocationLoggingConfiguration' },
        resource: { type: 'AWS::Bedrock::ModelInvocationLoggingConfiguration', id: loggingSettingId(SCOPE) },
        collectedAt: COLLECTED_AT,
        data: { loggingConfig: LOGGING_CONFIG },
      },
    ]);
    expect(EvidenceRecordSchema.parse(result.records[0])).toEqual(result.records[0]);
    expect(result.coverage).toEqual({
      collector: 'bedrock.model-invocation-logging',
      ...SCOPE,
      status: 'COMPLETE',
      records: 1,
      errors: [],
    });
  });

  it('records an answer without loggingConfig (logging off) as evidence, not as a gap', async () => {
    // Prepare
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ $metadata: { httpStatusCode: 200 } });
    // Act
    const result = await bedrockModelInvocationLogging.collect(mockedContext());
    // Assess
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.data).toEqual({});
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
  });

  it('names the setting after the account and region it was read in', async () => {
    // Prepare
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: LOGGING_CONFIG });
    // Act
    const here = await bedrockModelInvocationLogging.collect(mockedContext(SCOPE));
    const there = await bedrockModelInvocationLogging.collect(mockedContext(OTHER_SCOPE));
    // Assess
    expect(here.records[0]?.resource.id).toBe(loggingSettingId(SCOPE));
    expect(there.records[0]?.resource.id).toBe(loggingSettingId(OTHER_SCOPE));
    expect(there.records[0]).toMatchObject(OTHER_SCOPE);
  });

  it('turns AccessDenied into FAILED coverage of kind ACCESS_DENIED, without throwing', async () => {
    // Prepare
    const denied = new AccessDeniedException({
      $metadata: { httpStatusCode: 403 },
      message: 'User is not authorized to perform: bedrock:GetModelInvocationLoggingConfiguration',
    });
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(denied);
    // Act
    const result = await bedrockModelInvocationLogging.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toEqual({
      collector: 'bedrock.model-invocation-logging',
      ...SCOPE,
      status: 'FAILED',
      records: 0,
      errors: [
        {
          operation: 'GetModelInvocationLoggingConfiguration',
          kind: 'ACCESS_DENIED',
          code: 'AccessDeniedException',
          message: 'User is not authorized to perform: bedrock:GetModelInvocationLoggingConfiguration',
          httpStatus: 403,
        },
      ],
    });
    expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
  });

  it('turns throttling that outlived the retries into FAILED coverage of kind THROTTLED', async () => {
    // Prepare
    bedrock
      .on(GetModelInvocationLoggingConfigurationCommand)
      .rejects(new ThrottlingException({ $metadata: { httpStatusCode: 429 }, message: 'Too many requests' }));
    // Act
    const result = await bedrockModelInvocationLogging.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'GetModelInvocationLoggingConfiguration', kind: 'THROTTLED', code: 'ThrottlingException' }],
    });
  });

  it('turns a network failure into FAILED coverage of kind ERROR, without throwing', async () => {
    // Prepare
    bedrock
      .on(GetModelInvocationLoggingConfigurationCommand)
      .rejects(Object.assign(new Error('getaddrinfo ENOTFOUND bedrock.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    // Act
    const result = await bedrockModelInvocationLogging.collect(mockedContext());
    // Assess
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ kind: 'ERROR', code: 'ENOTFOUND' }] });
  });
});
