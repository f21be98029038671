/**
 * The controls that judge the job a monitoring schedule runs (SageMaker.22, .25 and the schedule's
 * VPC, volume and output keys): a schedule with an inline job definition is judged by itself; one
 * that names a typed job definition by that definition's record, which must have been read.
 */
import { describe, expect, it } from 'vitest';
import { MONITORING_JOB_DEFINITION_COLLECTOR, MONITORING_JOB_KINDS, MONITORING_SCHEDULES } from '../../lib/controls/sagemaker.js';
import { control as vpc } from '../../lib/controls/sagemaker_monitoring_schedule_in_vpc.js';
import { control as ice } from '../../lib/controls/sagemaker_monitoring_schedule_inter_container_encryption_enabled.js';
import { control as isolation } from '../../lib/controls/sagemaker_monitoring_schedule_network_isolation_enabled.js';
import { control as output } from '../../lib/controls/sagemaker_monitoring_schedule_output_encrypted_with_cmk.js';
import { control as volume } from '../../lib/controls/sagemaker_monitoring_schedule_volume_encrypted_with_cmk.js';
import type { Control } from '../../lib/controls/types.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, failed, findingFor, judge, SCOPE, throttled } from '../fixtures/evidence.js';
import { describedJobDefinition, describedSchedule, sagemakerSubject, smEvidence } from '../fixtures/sagemaker.js';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const VPC = { Subnets: ['subnet-0aa11bb22cc33dd44'], SecurityGroupIds: ['sg-0c1d2e3f4a5b6c7d8'] };
const NETWORK = { EnableInterContainerTrafficEncryption: true, EnableNetworkIsolation: true, VpcConfig: VPC };
const CLUSTER = { InstanceCount: 2, InstanceType: 'ml.m5.large', VolumeSizeInGB: 20, VolumeKmsKeyId: KEY };
const OUTPUT = {
  MonitoringOutputs: [{ S3Output: { S3Uri: 's3://monitoring/out', LocalPath: '/opt/ml/processing/output' } }],
  KmsKeyId: KEY,
};

/** A schedule (an older one) that holds its job inline; `job` changes the inline job. */
function inlineSchedule(name: string, job: Record<string, unknown> = {}, scope: Scope = SCOPE) {
  return describedSchedule(
    name,
    'fraud-scoring',
    'DataQuality',
    {
      MonitoringType: undefined,
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
        MonitoringJobDefinition: {
          MonitoringInputs: [{ EndpointInput: { EndpointName: 'fraud-scoring', LocalPath: '/opt/ml/processing/input' } }],
          MonitoringAppSpecification: { ImageUri: 'monitor-image' },
          RoleArn: 'arn:aws:iam::111122223333:role/monitoring',
          NetworkConfig: NETWORK,
          MonitoringResources: { ClusterConfig: CLUSTER },
          MonitoringOutputConfig: OUTPUT,
          ...job,
        },
      },
    },
    scope,
  );
}

/** A model quality schedule that names job definition `definition`. */
const namedSchedule = (definition: string) =>
  smEvidence(
    MONITORING_SCHEDULES,
    describedSchedule('fraud-mq-hourly', 'fraud-scoring', 'ModelQuality', {
      MonitoringScheduleConfig: { MonitoringJobDefinitionName: definition, MonitoringType: 'ModelQuality' },
    }),
  );
const definition = (overrides: Record<string, unknown> = {}) =>
  smEvidence(
    MONITORING_JOB_KINDS.ModelQuality,
    describedJobDefinition('ModelQuality', 'fraud-mq', {
      NetworkConfig: NETWORK,
      JobResources: { ClusterConfig: CLUSTER },
      ModelQualityJobOutputConfig: OUTPUT,
      ...overrides,
    }),
  );

interface Family {
  control: Control;
  /** What breaks the inline job, and what breaks the named definition. */
  inline: Record<string, unknown>;
  named: Record<string, unknown>;
  /** What a failure says. */
  fails: string;
  passes: string;
}

const FAMILY: readonly [string, Family][] = [
  [
    isolation.id,
    {
      control: isolation,
      inline: { NetworkConfig: { EnableInterContainerTrafficEncryption: true } },
      named: { NetworkConfig: undefined },
      fails: 'network calls',
      passes: 'network isolation',
    },
  ],
  [
    ice.id,
    {
      control: ice,
      inline: { NetworkConfig: { EnableNetworkIsolation: true } },
      named: { NetworkConfig: { EnableInterContainerTrafficEncryption: false } },
      fails: 'runs on 2 instances',
      passes: 'encrypts traffic',
    },
  ],
  [
    volume.id,
    {
      control: volume,
      inline: { MonitoringResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 20 } } },
      named: { JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 20 } } },
      fails: 'AWS managed key',
      passes: 'storage volumes of its monitoring jobs',
    },
  ],
  [
    output.id,
    {
      control: output,
      inline: { MonitoringOutputConfig: { MonitoringOutputs: [] } },
      named: { ModelQualityJobOutputConfig: { MonitoringOutputs: [] } },
      fails: 'AWS managed key',
      passes: 'its monitoring output',
    },
  ],
  [
    vpc.id,
    {
      control: vpc,
      inline: { NetworkConfig: { EnableNetworkIsolation: true } },
      named: { NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true } },
      fails: 'no VPC configuration',
      passes: 'VPC subnets',
    },
  ],
];

describe.each(FAMILY)('%s', (_id, { control, inline, named, fails, passes }) => {
  const judgeSchedule = (
    schedule: ReturnType<typeof smEvidence>,
    definitions: ReturnType<typeof smEvidence>[] = [],
    definitionsRead = true,
  ) => {
    const findings = judge(control, {
      evidence: [schedule, ...definitions],
      coverage: [
        complete(MONITORING_SCHEDULES.collector, 1),
        definitionsRead
          ? complete(MONITORING_JOB_DEFINITION_COLLECTOR, definitions.length)
          : failed(MONITORING_JOB_DEFINITION_COLLECTOR, throttled('ListModelQualityJobDefinitions')),
      ],
    });
    expect(findings).toHaveLength(1);
    return findingFor(findings, schedule.record.resource.id);
  };

  it.each([
    ['#1 compliant: an inline job with the setting is PASS', {}, 'PASS', passes],
    ['#2 non-compliant: an inline job without it is FAIL', inline, 'FAIL', fails],
  ] as const)('%s', (_case, job, status, says) => {
    // Act
    const schedule = smEvidence(MONITORING_SCHEDULES, inlineSchedule('fraud-legacy', job));
    const finding = judgeSchedule(schedule);
    // Assess
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain('fraud-legacy');
    expect(finding.reason).toContain(says);
    expect(finding.evidence).toEqual([digestOf(schedule)]);
  });

  it.each([
    ['#3 compliant: the named job definition has the setting: PASS', {}, 'PASS', passes],
    ['#4 non-compliant: the named job definition lacks it: FAIL', named, 'FAIL', fails],
  ] as const)('%s, citing the schedule and the definition', (_case, overrides, status, says) => {
    // Prepare
    const schedule = namedSchedule('fraud-mq');
    const def = definition(overrides);
    // Act
    const finding = judgeSchedule(schedule, [def]);
    // Assess
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain('model quality job definition fraud-mq');
    expect(finding.reason).toContain(says);
    expect(finding.evidence).toEqual([digestOf(schedule), digestOf(def)]);
  });

  it('#5 missing evidence: the job definitions could not all be read: INSUFFICIENT_EVIDENCE', () => {
    // Act
    const finding = judgeSchedule(namedSchedule('fraud-mq'), [], false);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('ThrottlingException');
  });

  it('#6 missing evidence: a named definition the region does not hold, or one of another kind: INSUFFICIENT_EVIDENCE', () => {
    // Prepare: a data quality definition of the same name is not the model quality one the schedule runs.
    const other = smEvidence(MONITORING_JOB_KINDS.DataQuality, describedJobDefinition('DataQuality', 'fraud-mq'));
    // Act
    const finding = judgeSchedule(namedSchedule('fraud-mq'), [other]);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('does not hold');
  });

  it('#7 missing evidence: a schedule with neither an inline job nor a definition name: INSUFFICIENT_EVIDENCE', () => {
    // Prepare
    const schedule = smEvidence(
      MONITORING_SCHEDULES,
      describedSchedule('fraud-empty', 'fraud-scoring', 'DataQuality', { MonitoringScheduleConfig: { MonitoringType: 'DataQuality' } }),
    );
    // Act
    const finding = judgeSchedule(schedule);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('MonitoringJobDefinitionName');
  });

  describeSharedCases(sagemakerSubject(control, MONITORING_SCHEDULES, (n, scope) => inlineSchedule(`fraud-schedule-${n}`, {}, scope)));
});
