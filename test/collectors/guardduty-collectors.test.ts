import 'aws-sdk-client-mock-vitest/extend';
import {
  GetDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  GuardDutyServiceException,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { guardDutyDetectors } from '../../lib/collectors/guardduty-detectors.js';
import { guardDutyFindings } from '../../lib/collectors/guardduty-findings.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { detectorArn, features } from '../fixtures/supporting.js';

const guardduty = mockClient(GuardDutyClient);
beforeEach(() => guardduty.reset());
afterAll(() => guardduty.restore());

function awsError(name: string, message: string, throttling = false) {
  const error = new GuardDutyServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
  if (throttling) error.$retryable = { throttling: true };
  return error;
}

const detectorAnswer = (status = 'ENABLED') => ({
  $metadata: {},
  Status: status,
  ServiceRole: 'arn:aws:iam::111122223333:role/gd',
  Features: features(),
});
const findingOf = (id: string) => ({
  AccountId: SCOPE.accountId,
  Arn: `${detectorArn(SCOPE, 'd1')}/finding/${id}`,
  Id: id,
  Region: SCOPE.region,
  SchemaVersion: '2.0',
  Severity: 8,
  Type: 'Impact:IAMUser/AnomalousModelInvocation',
  CreatedAt: '2026-10-30T21:14:00.000Z',
  UpdatedAt: '2026-10-30T21:14:00.000Z',
  Resource: { ResourceType: 'AccessKey' },
});

describe('guardduty.detectors collector', () => {
  it('lists detectors over every page and reads each with GetDetector, keeping the answer under the detector ARN', async () => {
    guardduty
      .on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: ['d1'], NextToken: 'n1' })
      .resolvesOnce({ DetectorIds: ['d2'] });
    guardduty
      .on(GetDetectorCommand)
      .callsFake((input: { DetectorId: string }) => detectorAnswer(input.DetectorId === 'd1' ? 'ENABLED' : 'DISABLED'));
    const result = await guardDutyDetectors.collect(mockedContext());
    expect(guardduty).toReceiveCommandTimes(ListDetectorsCommand, 2);
    expect(result.records.map((r) => r.resource.id)).toEqual([detectorArn(SCOPE, 'd1'), detectorArn(SCOPE, 'd2')]);
    expect(result.records[0]).toMatchObject({
      source: { collector: 'guardduty.detectors', service: 'guardduty', operation: 'GetDetector' },
      resource: { type: 'AWS::GuardDuty::Detector' },
      data: { Status: 'ENABLED', Features: features() },
    });
    expect(EvidenceRecordSchema.parse(result.records[0])).toEqual(result.records[0]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
  });

  it('gives COMPLETE coverage without records for a region with no detector', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const result = await guardDutyDetectors.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 0 });
    expect(guardduty).not.toReceiveCommand(GetDetectorCommand);
  });

  it('turns AccessDenied on ListDetectors into FAILED coverage of kind ACCESS_DENIED', async () => {
    guardduty.on(ListDetectorsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform guardduty:ListDetectors'));
    const result = await guardDutyDetectors.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListDetectors', kind: 'ACCESS_DENIED' }] });
  });

  it('turns GetDetector throttled past the retries into PARTIAL coverage naming the detector ARN', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
    guardduty.on(GetDetectorCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', true));
    const result = await guardDutyDetectors.collect(mockedContext());
    expect(result.coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'GetDetector', resourceId: detectorArn(SCOPE, 'd1'), kind: 'THROTTLED' }],
    });
  });

  it('turns a GetDetector answer without Status, or a repeated NextToken, into INVALID_RESPONSE', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'], NextToken: 'same' });
    guardduty.on(GetDetectorCommand).resolves({ ServiceRole: 'x' });
    const result = await guardDutyDetectors.collect(mockedContext());
    expect(guardduty).toReceiveCommandTimes(ListDetectorsCommand, 2);
    expect(result.coverage.errors.map((e) => `${e.operation} ${e.kind}`).sort()).toEqual([
      'GetDetector INVALID_RESPONSE',
      'GetDetector INVALID_RESPONSE',
      'ListDetectors INVALID_RESPONSE',
    ]);
  });
});

describe('guardduty.findings collector', () => {
  it('asks each detector only for unarchived findings of severity 7 or more, and reads them in batches of 50', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `f${i}`);
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
    guardduty
      .on(ListFindingsCommand)
      .resolvesOnce({ FindingIds: ids.slice(0, 50), NextToken: 'p1' })
      .resolvesOnce({ FindingIds: ids.slice(50) });
    guardduty.on(GetFindingsCommand).callsFake((input: { FindingIds: string[] }) => ({ Findings: input.FindingIds.map(findingOf) }));
    const result = await guardDutyFindings.collect(mockedContext());
    expect(guardduty).toReceiveCommandWith(ListFindingsCommand, {
      DetectorId: 'd1',
      FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 }, 'service.archived': { Equals: ['false'] } } },
    });
    const batches = guardduty.commandCalls(GetFindingsCommand).map((c) => c.args[0].input.FindingIds?.length);
    expect(batches).toEqual([50, 50, 20]);
    expect(result.records).toHaveLength(120);
    expect(result.records[0]).toMatchObject({
      source: { collector: 'guardduty.findings', operation: 'GetFindings' },
      resource: { type: 'AWS::GuardDuty::Finding', id: `${detectorArn(SCOPE, 'd1')}/finding/f0` },
      data: findingOf('f0'),
    });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 120 });
  });

  it('names the detector when its findings cannot be listed, and when a batch cannot be read', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1', 'd2'] });
    guardduty.on(ListFindingsCommand).callsFake((input: { DetectorId: string }) => {
      if (input.DetectorId === 'd1') throw awsError('AccessDeniedException', 'denied');
      return { FindingIds: ['f1'] };
    });
    guardduty.on(GetFindingsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', true));
    const result = await guardDutyFindings.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'GetFindings', resourceId: detectorArn(SCOPE, 'd2'), kind: 'THROTTLED' }),
      expect.objectContaining({ operation: 'ListFindings', resourceId: detectorArn(SCOPE, 'd1'), kind: 'ACCESS_DENIED' }),
    ]);
  });

  it('turns a finding without its Arn into INVALID_RESPONSE and a denied ListDetectors into FAILED', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
    guardduty.on(ListFindingsCommand).resolves({ FindingIds: ['f1'] });
    guardduty.on(GetFindingsCommand).resolves({ Findings: [{ ...findingOf('f1'), Arn: undefined }] });
    expect((await guardDutyFindings.collect(mockedContext())).coverage.errors).toEqual([
      expect.objectContaining({ operation: 'GetFindings', kind: 'INVALID_RESPONSE' }),
    ]);
    guardduty.reset();
    guardduty.on(ListDetectorsCommand).rejects(awsError('AccessDeniedException', 'denied'));
    expect((await guardDutyFindings.collect(mockedContext())).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'ListDetectors' }],
    });
  });
});
