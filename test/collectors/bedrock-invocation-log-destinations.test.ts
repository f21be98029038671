import 'aws-sdk-client-mock-vitest/extend';
import { BedrockClient, GetModelInvocationLoggingConfigurationCommand, type LoggingConfig } from '@aws-sdk/client-bedrock';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, type DescribeLogGroupsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockInvocationLogBuckets, bedrockInvocationLogGroups } from '../../lib/collectors/bedrock-invocation-log-destinations.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { awsError } from '../fixtures/bedrock-collector-cases.js';
import {
  BUCKET_TYPE,
  bucketEncryption,
  bucketId,
  CMK_ARN,
  LOG_GROUP_TYPE,
  logGroup,
  logGroupId,
} from '../fixtures/bedrock-destinations.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';

const bedrock = mockClient(BedrockClient);
const s3 = mockClient(S3Client);
const logs = mockClient(CloudWatchLogsClient);

beforeEach(() => {
  bedrock.reset();
  s3.reset();
  logs.reset();
});

afterAll(() => {
  bedrock.restore();
  s3.restore();
  logs.restore();
});

const GROUP = '/acme/bedrock/invocations';
const CONFIG: LoggingConfig = {
  s3Config: { bucketName: 'acme-bedrock-logs', keyPrefix: 'invocations/' },
  cloudWatchConfig: {
    logGroupName: GROUP,
    roleArn: 'arn:aws:iam::111122223333:role/bedrock-logging',
    largeDataDeliveryS3Config: { bucketName: 'acme-bedrock-large', keyPrefix: 'large/' },
  },
  textDataDeliveryEnabled: true,
};
const idsOf = (records: readonly { resource: { id: string } }[]) => records.map((r) => r.resource.id).sort();

/** Both destination collectors over the same region, with their records and coverage side by side. */
async function collectBoth() {
  const buckets = await bedrockInvocationLogBuckets.collect(mockedContext());
  const groups = await bedrockInvocationLogGroups.collect(mockedContext());
  return { buckets, groups, records: [...buckets.records, ...groups.records] };
}

describe('bedrock.invocation-log-buckets and bedrock.invocation-log-groups collectors', () => {
  it('records the encryption of both buckets and the log group found by exact name over several pages', async () => {
    // Prepare
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: CONFIG });
    s3.on(GetBucketEncryptionCommand, { Bucket: 'acme-bedrock-logs' }).resolves(bucketEncryption('aws:kms', CMK_ARN) as never);
    s3.on(GetBucketEncryptionCommand, { Bucket: 'acme-bedrock-large' }).resolves(bucketEncryption('AES256') as never);
    const inputs: DescribeLogGroupsCommandInput[] = [];
    logs.on(DescribeLogGroupsCommand).callsFake((input: DescribeLogGroupsCommandInput) => {
      inputs.push({ ...input });
      // The prefix also matches longer names; the destination is on the second page.
      return input.nextToken === undefined
        ? { logGroups: [logGroup(`${GROUP}-archive`, CMK_ARN)], nextToken: 'page-1' }
        : { logGroups: [logGroup(GROUP)] };
    });
    // Act
    const result = await collectBoth();
    // Assess
    expect(inputs.map((i) => [i.logGroupNamePrefix, i.nextToken])).toEqual([
      [GROUP, undefined],
      [GROUP, 'page-1'],
    ]);
    expect(idsOf(result.records)).toEqual([bucketId('acme-bedrock-large'), bucketId('acme-bedrock-logs'), logGroupId(GROUP)].sort());
    expect(result.buckets.coverage).toEqual({
      collector: 'bedrock.invocation-log-buckets',
      ...SCOPE,
      status: 'COMPLETE',
      records: 2,
      errors: [],
    });
    expect(result.groups.coverage).toEqual({
      collector: 'bedrock.invocation-log-groups',
      ...SCOPE,
      status: 'COMPLETE',
      records: 1,
      errors: [],
    });
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(result.records.find((r) => r.resource.id === bucketId('acme-bedrock-logs'))).toMatchObject({
      source: { collector: 'bedrock.invocation-log-buckets', service: 's3', operation: 'GetBucketEncryption' },
      resource: { type: BUCKET_TYPE },
      collectedAt: COLLECTED_AT,
      data: bucketEncryption('aws:kms', CMK_ARN),
    });
    expect(result.records.find((r) => r.resource.id === logGroupId(GROUP))).toMatchObject({
      source: { collector: 'bedrock.invocation-log-groups', service: 'logs', operation: 'DescribeLogGroups' },
      resource: { type: LOG_GROUP_TYPE },
      data: logGroup(GROUP),
    });
  });

  it('reads nothing more, and keeps no record, for a region without logging', async () => {
    // Prepare
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
    // Act
    const result = await collectBoth();
    // Assess
    expect(result.records).toEqual([]);
    expect(result.buckets.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
    expect(result.groups.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
    expect(s3).toReceiveCommandTimes(GetBucketEncryptionCommand, 0);
    expect(logs).toReceiveCommandTimes(DescribeLogGroupsCommand, 0);
  });

  it('turns a denied logging configuration read into FAILED coverage without a resource', async () => {
    // Prepare
    bedrock
      .on(GetModelInvocationLoggingConfigurationCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: bedrock:GetModelInvocationLoggingConfiguration'));
    // Act
    const { buckets, groups, records } = await collectBoth();
    // Assess
    expect(records).toEqual([]);
    expect(groups.coverage).toEqual({ ...buckets.coverage, collector: 'bedrock.invocation-log-groups' });
    expect(buckets.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'GetModelInvocationLoggingConfiguration', kind: 'ACCESS_DENIED', code: 'AccessDeniedException' }],
    });
    expect(buckets.coverage.errors[0]).not.toHaveProperty('resourceId');
  });

  it('names the destination whose read was denied or throttled, and keeps the others (PARTIAL)', async () => {
    // Prepare
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: CONFIG });
    s3.on(GetBucketEncryptionCommand, { Bucket: 'acme-bedrock-logs' }).rejects(awsError('AccessDenied', 'Access Denied'));
    s3.on(GetBucketEncryptionCommand, { Bucket: 'acme-bedrock-large' }).resolves(bucketEncryption('AES256') as never);
    logs.on(DescribeLogGroupsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', true));
    // Act
    const { buckets, groups } = await collectBoth();
    // Assess
    expect(idsOf(buckets.records)).toEqual([bucketId('acme-bedrock-large')]);
    expect(buckets.coverage.status).toBe('PARTIAL');
    expect(buckets.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'GetBucketEncryption', resourceId: bucketId('acme-bedrock-logs'), kind: 'ACCESS_DENIED' }),
    ]);
    expect(groups.records).toEqual([]);
    expect(groups.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'DescribeLogGroups', resourceId: logGroupId(GROUP), kind: 'THROTTLED' }),
    ]);
  });

  it('reports a log group the listing does not hold, a repeated nextToken, or logGroups not a list, as an error naming the group', async () => {
    // Prepare
    const onlyGroup: LoggingConfig = { cloudWatchConfig: { logGroupName: GROUP, roleArn: 'arn:aws:iam::111122223333:role/x' } };
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: onlyGroup });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [logGroup(`${GROUP}-other`, CMK_ARN)] } as never);
    // Act
    const missing = await bedrockInvocationLogGroups.collect(mockedContext());
    logs.reset();
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [], nextToken: 'same' });
    const looping = await bedrockInvocationLogGroups.collect(mockedContext());
    logs.reset();
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: { logGroupName: GROUP } } as never);
    const malformed = await bedrockInvocationLogGroups.collect(mockedContext());
    // Assess
    expect(missing.records).toEqual([]);
    expect(missing.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'DescribeLogGroups', resourceId: logGroupId(GROUP), code: 'ResourceNotFoundException' }),
    ]);
    expect(looping.coverage.errors).toEqual([expect.objectContaining({ resourceId: logGroupId(GROUP), kind: 'INVALID_RESPONSE' })]);
    expect(malformed.coverage.errors).toEqual([expect.objectContaining({ resourceId: logGroupId(GROUP), kind: 'INVALID_RESPONSE' })]);
  });

  it('reads a bucket named twice (log and large-payload bucket) once', async () => {
    // Prepare
    const same: LoggingConfig = {
      s3Config: { bucketName: 'acme-bedrock-logs' },
      cloudWatchConfig: { logGroupName: undefined as never, roleArn: 'r', largeDataDeliveryS3Config: { bucketName: 'acme-bedrock-logs' } },
    };
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: same });
    s3.on(GetBucketEncryptionCommand).resolves(bucketEncryption('aws:kms', CMK_ARN) as never);
    // Act
    const result = await collectBoth();
    // Assess
    expect(s3).toReceiveCommandTimes(GetBucketEncryptionCommand, 1);
    expect(idsOf(result.records)).toEqual([bucketId('acme-bedrock-logs')]);
    expect(logs).toReceiveCommandTimes(DescribeLogGroupsCommand, 0);
  });
});
