import { describe, expect, it } from 'vitest';
import { ENDPOINTS, MONITORING_SCHEDULES } from '../../lib/controls/sagemaker.js';
import { control as dataQuality } from '../../lib/controls/sagemaker_endpoint_data_quality_monitored.js';
import { control as modelBias } from '../../lib/controls/sagemaker_endpoint_model_bias_monitored.js';
import { control as modelExplainability } from '../../lib/controls/sagemaker_endpoint_model_explainability_monitored.js';
import { control as modelQuality } from '../../lib/controls/sagemaker_endpoint_model_quality_monitored.js';
import type { Control } from '../../lib/controls/types.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, OTHER_SCOPE, partial, SCOPE } from '../fixtures/evidence.js';
import { describedEndpoint, describedSchedule, smEvidence } from '../fixtures/sagemaker.js';

const endpoint = (overrides: Record<string, unknown> = {}) => smEvidence(ENDPOINTS, describedEndpoint('fraud-scoring', overrides));
const schedule = (name: string, type: string, overrides: Record<string, unknown> = {}, endpointName = 'fraud-scoring') =>
  smEvidence(MONITORING_SCHEDULES, describedSchedule(name, endpointName, type, overrides));

/** Judges the endpoint with the given schedules, both sources read completely. */
function judgeWith(control: Control, target: ReturnType<typeof endpoint>, schedules: ReturnType<typeof schedule>[]) {
  const findings = judge(control, {
    evidence: [target, ...schedules],
    coverage: [complete(ENDPOINTS.collector, 1), complete(MONITORING_SCHEDULES.collector, schedules.length)],
  });
  expect(findings).toHaveLength(1);
  return findingFor(findings, target.record.resource.id);
}

/**
 * The four monitoring controls differ only in the schedule type they need. A schedule with only an
 * inline job definition (from before MonitoringType existed) is a data quality schedule.
 */
const KINDS = [
  { control: dataQuality, type: 'DataQuality', noun: 'data quality', other: 'ModelQuality', otherNoun: 'model quality', legacy: 'PASS' },
  { control: modelQuality, type: 'ModelQuality', noun: 'model quality', other: 'DataQuality', otherNoun: 'data quality', legacy: 'FAIL' },
  { control: modelBias, type: 'ModelBias', noun: 'bias drift', other: 'ModelQuality', otherNoun: 'model quality', legacy: 'FAIL' },
  {
    control: modelExplainability,
    type: 'ModelExplainability',
    noun: 'feature attribution drift',
    other: 'ModelBias',
    otherNoun: 'bias drift',
    legacy: 'FAIL',
  },
] as const;

/** Titled by the bare control id: a `$control.id` title is quoted and cut at 40 characters. */
const TITLED = KINDS.map((kind) => [kind.control.id, kind] as const);

describe.each(TITLED)('%s', (_id, { control, type, noun, other, otherNoun, legacy: legacyStatus }) => {
  it(`#1 compliant: a Scheduled ${noun} schedule whose last run completed is PASS, citing the endpoint and the schedule`, () => {
    // Prepare
    const target = endpoint();
    const dq = schedule('fraud-dq', type);
    // Act
    const finding = judgeWith(control, target, [dq]);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-dq');
    expect(finding.evidence).toEqual([digestOf(target), digestOf(dq)]);
  });

  it(`#2 an older schedule with only an inline job definition is data quality: ${legacyStatus} for ${noun}`, () => {
    // Prepare
    const legacy = schedule('fraud-legacy', type, {
      MonitoringType: undefined,
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
        MonitoringJobDefinition: { RoleArn: 'arn' },
      },
    });
    // Act
    const finding = judgeWith(control, endpoint(), [legacy]);
    // Assess
    expect(finding.status).toBe(legacyStatus);
  });

  it.each([
    ['#3 non-compliant: no schedule at all', [], `no ${noun} monitoring schedule`],
    [`#4 non-compliant: only a ${otherNoun} schedule`, [schedule('fraud-mq', other)], `no ${noun} monitoring schedule`],
    [
      `#5 non-compliant: a ${noun} schedule for another endpoint`,
      [schedule('claims-dq', type, {}, 'claims-triage')],
      `no ${noun} monitoring schedule`,
    ],
    ['#6 non-compliant: a Stopped schedule', [schedule('fraud-dq', type, { MonitoringScheduleStatus: 'Stopped' })], 'fraud-dq is Stopped'],
    [
      '#7 non-compliant: a schedule whose last run failed',
      [schedule('fraud-dq', type, { LastMonitoringExecutionSummary: { MonitoringExecutionStatus: 'Failed' } })],
      'last run failed',
    ],
  ])('%s is FAIL', (_case, schedules, reason) => {
    // Act
    const finding = judgeWith(control, endpoint(), schedules);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(reason);
  });

  it('#8 compliant: one working schedule is enough beside a stopped one', () => {
    // Act
    const finding = judgeWith(control, endpoint(), [
      schedule('fraud-dq-old', type, { MonitoringScheduleStatus: 'Stopped' }),
      schedule('fraud-dq', type),
    ]);
    // Assess
    expect(finding.status).toBe('PASS');
  });

  it('#9 not applicable: an endpoint that is not InService is NOT_APPLICABLE', () => {
    // Act
    const finding = judgeWith(control, endpoint({ EndpointStatus: 'Failed' }), []);
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('Failed');
  });

  it('#10 missing evidence: an endpoint without EndpointStatus is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const finding = judgeWith(control, endpoint({ EndpointStatus: undefined }), []);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('EndpointStatus');
  });

  it.each([
    ['the schedules collector did not run', []],
    ['listing the schedules was denied', [failed(MONITORING_SCHEDULES.collector, accessDenied('ListMonitoringSchedules'))]],
    [
      'one schedule could not be described',
      [partial(MONITORING_SCHEDULES.collector, [accessDenied('DescribeMonitoringSchedule', 'arn:aws:sagemaker:schedule/x')], 0)],
    ],
  ])('#11 missing evidence: gives INSUFFICIENT_EVIDENCE, not FAIL, for an endpoint when %s', (_case, scheduleCoverage) => {
    // Prepare
    const target = endpoint();
    // Act
    const findings = judge(control, { evidence: [target], coverage: [complete(ENDPOINTS.collector, 1), ...scheduleCoverage] });
    // Assess
    const finding = findingFor(findings, target.record.resource.id);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('monitoring schedules');
  });

  it('#11b missing evidence: an endpoint answer without EndpointName is INSUFFICIENT_EVIDENCE, even beside a schedule without one', () => {
    // Prepare: a batch transform schedule names no endpoint; it must not match an endpoint that names none either.
    const batch = schedule('batch-monitor', type, { EndpointName: undefined });
    // Act
    const finding = judgeWith(control, endpoint({ EndpointName: undefined }), [batch]);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('EndpointName');
  });

  it('#12 does not count a schedule of another account and region', () => {
    // Prepare
    const elsewhere = smEvidence(MONITORING_SCHEDULES, describedSchedule('fraud-dq', 'fraud-scoring', type, {}, OTHER_SCOPE), OTHER_SCOPE);
    const target = endpoint();
    // Act
    const findings = judge(control, {
      evidence: [target, elsewhere],
      coverage: [complete(ENDPOINTS.collector, 1), complete(MONITORING_SCHEDULES.collector, 0)],
    });
    // Assess
    expect(findingFor(findings, target.record.resource.id).status).toBe('FAIL');
  });

  it('#13 not applicable: a region read completely without endpoints is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(ENDPOINTS.collector, 0), complete(MONITORING_SCHEDULES.collector, 0)] });
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } }),
    ]);
  });

  // describeSharedCases expects a finding to cite one record; these findings also cite the schedules
  // judged, so the same cases are spelled out here.
  describe('evidence of the endpoints that is missing or incomplete', () => {
    const schedulesRead = complete(MONITORING_SCHEDULES.collector, 0);

    it('gives INSUFFICIENT_EVIDENCE for the scope when the endpoints collector never ran', () => {
      // Act
      const findings = judge(control, { coverage: [schedulesRead] });
      // Assess
      expect(findings).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', evidence: [] })]);
      expect(findings[0]?.reason).toContain(ENDPOINTS.collector);
    });

    it('judges what was read and gives INSUFFICIENT_EVIDENCE for the scope when listing endpoints failed', () => {
      // Prepare
      const target = endpoint();
      const dq = schedule('fraud-dq', type);
      // Act
      const findings = judge(control, {
        evidence: [target, dq],
        coverage: [failed(ENDPOINTS.collector, accessDenied('ListEndpoints'), 1), complete(MONITORING_SCHEDULES.collector, 1)],
      });
      // Assess
      expect(findingFor(findings, target.record.resource.id).status).toBe('PASS');
      expect(findingFor(findings, regionResourceId(SCOPE))).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE' });
      expect(findings).toHaveLength(2);
    });

    it('names an endpoint that could not be described', () => {
      // Prepare
      const unreadable = 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/claims-triage';
      // Act
      const findings = judge(control, {
        coverage: [partial(ENDPOINTS.collector, [accessDenied('DescribeEndpoint', unreadable)], 0), schedulesRead],
      });
      // Assess
      expect(findings).toEqual([
        expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', resource: { type: ENDPOINTS.resourceType, id: unreadable } }),
      ]);
    });

    it('gives the same findings whatever order the evidence arrives in', () => {
      // Prepare
      const evidence = [endpoint(), schedule('fraud-dq', type), schedule('fraud-dq-2', type)];
      const coverage = [complete(ENDPOINTS.collector, 1), complete(MONITORING_SCHEDULES.collector, 2)];
      // Act
      const forward = judge(control, { evidence, coverage });
      const backward = judge(control, { evidence: [...evidence].reverse(), coverage: [...coverage].reverse() });
      // Assess
      expect(backward).toEqual(forward);
      expect(forward[0]?.evidence).toHaveLength(3);
    });
  });
});
