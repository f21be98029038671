import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeBucketsCommand,
  GetMacieSessionCommand,
  ListClassificationJobsCommand,
  Macie2Client,
  Macie2ServiceException,
} from '@aws-sdk/client-macie2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { macieBuckets } from '../../lib/collectors/macie-buckets.js';
import { macieClassificationJobs } from '../../lib/collectors/macie-classification-jobs.js';
import { macieSession } from '../../lib/collectors/macie-session.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { macieSessionId, TRAINING_TAG } from '../fixtures/supporting.js';

const macie = mockClient(Macie2Client);
beforeEach(() => macie.reset());
afterAll(() => macie.restore());

function awsError(name: string, message: string, throttling = false) {
  const error = new Macie2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: throttling ? 429 : 403 }, message });
  if (throttling) error.$retryable = { throttling: true };
  return error;
}

const bucket = (name: string) => ({
  accountId: SCOPE.accountId,
  bucketArn: `arn:aws:s3:::${name}`,
  bucketName: name,
  tags: [TRAINING_TAG],
});
const job = (id: string) => ({
  jobId: id,
  name: id,
  jobType: 'SCHEDULED' as const,
  jobStatus: 'IDLE' as const,
  bucketDefinitions: [{ accountId: SCOPE.accountId, buckets: ['b'] }],
});

describe('macie.session collector', () => {
  it('keeps the GetMacieSession answer as one record for the region', async () => {
    macie
      .on(GetMacieSessionCommand)
      .resolves({ status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES', createdAt: new Date('2025-10-02T09:00:00Z') });
    const result = await macieSession.collect(mockedContext());
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({
      source: { collector: 'macie.session', service: 'macie2', operation: 'GetMacieSession' },
      resource: { type: 'AWS::Macie::Session', id: macieSessionId(SCOPE) },
      data: { status: 'ENABLED', createdAt: '2025-10-02T09:00:00.000Z' },
    });
    expect(EvidenceRecordSchema.parse(result.records[0])).toEqual(result.records[0]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1 });
  });

  it('keeps "Macie is not enabled" as the region\'s record, since it is an answer and not a gap', async () => {
    macie.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', 'Macie is not enabled.'));
    const result = await macieSession.collect(mockedContext());
    expect(result.records[0]?.data).toEqual({ error: { code: 'AccessDeniedException', message: 'Macie is not enabled.' } });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
  });

  it.each([
    [
      'a missing permission',
      awsError('AccessDeniedException', 'User is not authorized to perform: macie2:GetMacieSession'),
      'ACCESS_DENIED',
    ],
    ['throttling past the retries', awsError('ThrottlingException', 'Rate exceeded', true), 'THROTTLED'],
  ])('turns %s into FAILED coverage, not into a record', async (_case, error, kind) => {
    macie.on(GetMacieSessionCommand).rejects(error);
    const result = await macieSession.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'GetMacieSession', kind }] });
  });
});

describe('macie.buckets collector', () => {
  it('pages through DescribeBuckets and keeps one record per bucket', async () => {
    macie
      .on(DescribeBucketsCommand)
      .resolvesOnce({ buckets: [bucket('a'), bucket('b')], nextToken: 't1' })
      .resolvesOnce({ buckets: [bucket('c')] });
    const result = await macieBuckets.collect(mockedContext());
    expect(macie).toReceiveCommandTimes(DescribeBucketsCommand, 2);
    expect(result.records.map((r) => r.resource.id)).toEqual(['a', 'b', 'c'].map((n) => `arn:aws:s3:::${n}`));
    expect(result.records[0]).toMatchObject({ resource: { type: 'AWS::S3::Bucket' }, data: bucket('a') });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3 });
  });

  it('reports FAILED when Macie is not enabled or the call is denied, keeping earlier pages', async () => {
    macie
      .on(DescribeBucketsCommand)
      .resolvesOnce({ buckets: [bucket('a')], nextToken: 't1' })
      .rejectsOnce(awsError('AccessDeniedException', 'Macie is not enabled.'));
    const result = await macieBuckets.collect(mockedContext());
    expect(result.records).toHaveLength(1);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'DescribeBuckets', kind: 'ACCESS_DENIED', message: 'Macie is not enabled.' }],
    });
  });

  it('turns a bucket without a name, or a repeated nextToken, into INVALID_RESPONSE', async () => {
    macie.on(DescribeBucketsCommand).resolves({ buckets: [{ accountId: SCOPE.accountId }] });
    expect((await macieBuckets.collect(mockedContext())).coverage.errors).toEqual([expect.objectContaining({ kind: 'INVALID_RESPONSE' })]);
    macie.reset();
    macie.on(DescribeBucketsCommand).resolves({ buckets: [bucket('a')], nextToken: 'same' });
    const looped = await macieBuckets.collect(mockedContext());
    expect(macie).toReceiveCommandTimes(DescribeBucketsCommand, 2);
    expect(looped.coverage.errors).toEqual([expect.objectContaining({ kind: 'INVALID_RESPONSE' })]);
  });
});

describe('macie.classification-jobs collector', () => {
  it('pages through ListClassificationJobs and keeps one record per job under its ARN', async () => {
    macie
      .on(ListClassificationJobsCommand)
      .resolvesOnce({ items: [job('j1')], nextToken: 't1' })
      .resolvesOnce({ items: [job('j2')] });
    const result = await macieClassificationJobs.collect(mockedContext());
    expect(result.records.map((r) => r.resource.id)).toEqual(
      ['j1', 'j2'].map((j) => `arn:aws:macie2:${SCOPE.region}:${SCOPE.accountId}:classification-job/${j}`),
    );
    expect(result.records[0]).toMatchObject({
      source: { operation: 'ListClassificationJobs' },
      resource: { type: 'AWS::Macie::ClassificationJob' },
      data: job('j1'),
    });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2 });
  });

  it('turns throttling past the retries into FAILED, and a job without an id into INVALID_RESPONSE', async () => {
    macie.on(ListClassificationJobsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', true));
    expect((await macieClassificationJobs.collect(mockedContext())).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ kind: 'THROTTLED' }],
    });
    macie.reset();
    macie.on(ListClassificationJobsCommand).resolves({ items: [job('j1'), { name: 'nameless' }] });
    const result = await macieClassificationJobs.collect(mockedContext());
    expect(result.records).toHaveLength(1);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ kind: 'INVALID_RESPONSE' }] });
  });
});
