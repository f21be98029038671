import 'aws-sdk-client-mock-vitest/extend';
import {
  CloudTrailClient,
  CloudTrailServiceException,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudtrailTrails } from '../../lib/collectors/cloudtrail-trails.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';
import { allSelectors, trail, trailArn } from '../fixtures/governance.js';

const cloudtrail = mockClient(CloudTrailClient);

beforeEach(() => {
  cloudtrail.reset();
});

afterAll(() => {
  cloudtrail.restore();
});

function awsError(name: string, message: string): CloudTrailServiceException {
  return new CloudTrailServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

const LOCAL = trail('claims-audit', { IsMultiRegionTrail: false }) as Trail;
const SHADOW = trail('org-trail', { HomeRegion: 'us-east-1' }) as Trail;

function answer(trails: Trail[], failures: Record<string, Error> = {}): string[] {
  const regions: string[] = [];
  cloudtrail.on(DescribeTrailsCommand).resolves({ $metadata: { httpStatusCode: 200 }, trailList: trails });
  cloudtrail.on(GetTrailStatusCommand).callsFake(async (input: { Name: string }, getClient) => {
    regions.push(await getClient().config.region());
    const failure = failures[`status ${input.Name}`];
    if (failure) throw failure;
    return { IsLogging: true, LatestDeliveryTime: new Date('2025-06-02T08:00:00.000Z') };
  });
  cloudtrail.on(GetEventSelectorsCommand).callsFake((input: { TrailName: string }) => {
    const failure = failures[`selectors ${input.TrailName}`];
    if (failure) throw failure;
    return allSelectors(input.TrailName);
  });
  return regions;
}

describe('cloudtrail.trails collector', () => {
  it('lists trails with shadow trails, then reads the status and selectors of each, three records a trail', async () => {
    // Prepare
    const regions = answer([LOCAL, SHADOW]);
    const ctx = mockedContext();
    // Act
    const result = await cloudtrailTrails.collect(ctx);
    // Assess
    expect(cloudtrail).toReceiveCommandWith(DescribeTrailsCommand, { includeShadowTrails: true });
    expect(cloudtrail).toReceiveCommandWith(GetTrailStatusCommand, { Name: trailArn('org-trail', SCOPE, 'us-east-1') });
    expect(cloudtrail).toReceiveCommandWith(GetEventSelectorsCommand, { TrailName: trailArn('claims-audit') });
    expect(result.coverage).toEqual({ collector: 'cloudtrail.trails', ...SCOPE, status: 'COMPLETE', records: 6, errors: [] });
    expect(result.records.map((r) => [r.source.operation, r.resource.id])).toEqual([
      ['DescribeTrails', trailArn('claims-audit')],
      ['DescribeTrails', trailArn('org-trail', SCOPE, 'us-east-1')],
      ['GetTrailStatus', trailArn('claims-audit')],
      ['GetEventSelectors', trailArn('claims-audit')],
      ['GetTrailStatus', trailArn('org-trail', SCOPE, 'us-east-1')],
      ['GetEventSelectors', trailArn('org-trail', SCOPE, 'us-east-1')],
    ]);
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(result.records[2]).toEqual({
      schemaVersion: 1,
      ...SCOPE,
      source: { collector: 'cloudtrail.trails', service: 'cloudtrail', operation: 'GetTrailStatus' },
      resource: { type: 'AWS::CloudTrail::Trail', id: trailArn('claims-audit') },
      collectedAt: COLLECTED_AT,
      data: { IsLogging: true, LatestDeliveryTime: '2025-06-02T08:00:00.000Z' },
    });
    // A shadow trail is read in its home region, where AWS answers for it.
    expect(regions.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(ctx.regionsAsked).toContain('us-east-1');
  });

  it('gives COMPLETE coverage and no records for a region no trail logs', async () => {
    answer([]);
    const result = await cloudtrailTrails.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
    expect(cloudtrail).not.toReceiveCommand(GetTrailStatusCommand);
  });

  it('turns AccessDenied on DescribeTrails into FAILED coverage, without throwing', async () => {
    cloudtrail
      .on(DescribeTrailsCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: cloudtrail:DescribeTrails'));
    const result = await cloudtrailTrails.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'DescribeTrails', kind: 'ACCESS_DENIED', code: 'AccessDeniedException' }],
    });
    expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
  });

  it('turns a failed status or selectors read of one trail into PARTIAL coverage naming it, keeping the rest', async () => {
    const shadowArn = trailArn('org-trail', SCOPE, 'us-east-1');
    answer([LOCAL, SHADOW], {
      [`selectors ${shadowArn}`]: awsError('TrailNotFoundException', `Unknown trail: ${shadowArn}`),
      [`status ${trailArn('claims-audit')}`]: Object.assign(awsError('ThrottlingException', 'Rate exceeded'), {
        $retryable: { throttling: true },
      }),
    });
    const result = await cloudtrailTrails.collect(mockedContext());
    expect(result.coverage.status).toBe('PARTIAL');
    expect(result.coverage.errors).toEqual([
      {
        operation: 'GetEventSelectors',
        resourceId: shadowArn,
        kind: 'ERROR',
        code: 'TrailNotFoundException',
        message: `Unknown trail: ${shadowArn}`,
        httpStatus: 400,
      },
      {
        operation: 'GetTrailStatus',
        resourceId: trailArn('claims-audit'),
        kind: 'THROTTLED',
        code: 'ThrottlingException',
        message: 'Rate exceeded',
        httpStatus: 400,
      },
    ]);
    expect(result.records).toHaveLength(4);
  });

  it.each<[string, object]>([
    ['no trailList', {}],
    ['a trail without an ARN', { trailList: [{ Name: 'x', HomeRegion: 'eu-west-1' }] }],
    ['a trail without a home region', { trailList: [{ Name: 'x', TrailARN: trailArn('x') }] }],
  ])('turns a DescribeTrails answer with %s into FAILED coverage of kind INVALID_RESPONSE', async (_case, output) => {
    cloudtrail.on(DescribeTrailsCommand).resolves(output);
    const result = await cloudtrailTrails.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'DescribeTrails', kind: 'INVALID_RESPONSE' }] });
  });

  it('turns a status answer without IsLogging into INVALID_RESPONSE for that trail', async () => {
    answer([LOCAL]);
    cloudtrail.on(GetTrailStatusCommand).resolves({});
    const result = await cloudtrailTrails.collect(mockedContext());
    expect(result.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'GetTrailStatus', resourceId: trailArn('claims-audit'), kind: 'INVALID_RESPONSE' }),
    ]);
  });
});
