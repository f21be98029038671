/**
 * The monitoring job a Model Monitor schedule runs, for the controls that judge a schedule's own
 * network, storage and output settings (Security Hub SageMaker.22 and .25). A schedule either holds
 * its job inline (`MonitoringScheduleConfig.MonitoringJobDefinition`, the older form) or names a
 * typed job definition (`MonitoringJobDefinitionName` with its `MonitoringType`), whose settings
 * are then the ones its runs get: the schedule is judged by that definition's record, read by the
 * job definitions collector in the same account and region, and the finding cites both.
 */
import type { EvidenceRecord, SealedEvidence } from '../evidence/record.js';
import { type JoinedVerdict, joinedResourceControl, type Related } from './joined-helpers.js';
import type { Verdict } from './per-resource.js';
import {
  isUnset,
  MONITORING_JOB_DEFINITION_COLLECTOR,
  MONITORING_JOB_KINDS,
  MONITORING_SCHEDULES,
  type MonitoringJobKind,
  type SageMakerSource,
  textAt,
  valueAt,
} from './sagemaker.js';
import type { Control, ControlMetadata } from './types.js';

/** The job a schedule runs: the record that holds its settings and the paths to them. */
export interface ScheduleJob {
  record: EvidenceRecord;
  /** Whose describe answer holds the settings, for reasons about fields it did not return. */
  source: SageMakerSource;
  /** Names the schedule and, for a named definition, the definition. */
  label: string;
  /** `NetworkConfig`, the cluster config and the output config of the job, as paths into `record`. */
  network: string;
  cluster: string;
  output: string;
}

const INLINE = 'MonitoringScheduleConfig.MonitoringJobDefinition';

function isKind(value: string | undefined): value is MonitoringJobKind {
  return value !== undefined && Object.hasOwn(MONITORING_JOB_KINDS, value);
}

/** Finds the job a schedule runs, or the verdict that says why it cannot be judged. */
export function scheduleJob(
  schedule: EvidenceRecord,
  label: string,
  relatedOf: (collector: string) => Related,
): { job: ScheduleJob; cite: SealedEvidence[] } | { verdict: Verdict } {
  if (!isUnset(valueAt(schedule, INLINE))) {
    return {
      job: {
        record: schedule,
        source: MONITORING_SCHEDULES,
        label,
        network: `${INLINE}.NetworkConfig`,
        cluster: `${INLINE}.MonitoringResources.ClusterConfig`,
        output: `${INLINE}.MonitoringOutputConfig`,
      },
      cite: [],
    };
  }
  const name = textAt(schedule, 'MonitoringScheduleConfig.MonitoringJobDefinitionName');
  if (name === undefined) {
    return {
      verdict: {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeMonitoringSchedule for ${label} reported neither MonitoringJobDefinition nor MonitoringJobDefinitionName.`,
      },
    };
  }
  const type = textAt(schedule, 'MonitoringScheduleConfig.MonitoringType') ?? textAt(schedule, 'MonitoringType');
  if (!isKind(type)) {
    return {
      verdict: {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeMonitoringSchedule for ${label} names job definition ${name} without a MonitoringType that says which kind it is.`,
      },
    };
  }
  const related = relatedOf(MONITORING_JOB_DEFINITION_COLLECTOR);
  if (related.state === 'unread') {
    return {
      verdict: {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `${label} runs job definition ${name}, and the job definitions could not all be read (${related.why}).`,
      },
    };
  }
  const source = MONITORING_JOB_KINDS[type];
  const found = related.records.find(
    (e) => e.record.resource.type === source.resourceType && textAt(e.record, 'JobDefinitionName') === name,
  );
  if (found === undefined) {
    return {
      verdict: {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `${label} runs ${source.singular} ${name}, which the region does not hold, so the settings its runs get cannot be read.`,
      },
    };
  }
  return {
    job: {
      record: found.record,
      source,
      label: `${label} (${source.singular} ${name})`,
      network: 'NetworkConfig',
      cluster: 'JobResources.ClusterConfig',
      output: `${type}JobOutputConfig`,
    },
    cite: [found],
  };
}

/** A control with one finding per monitoring schedule, judged by the settings of the job it runs. */
export function scheduleJobControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  judge: (job: ScheduleJob) => Verdict,
): Control {
  return joinedResourceControl(
    meta,
    { ...MONITORING_SCHEDULES, nameField: MONITORING_SCHEDULES.nameKey },
    [MONITORING_JOB_DEFINITION_COLLECTOR],
    (record, name, relatedOf): JoinedVerdict => {
      const found = scheduleJob(record, `${MONITORING_SCHEDULES.singular} ${name}`, relatedOf);
      if ('verdict' in found) return found.verdict;
      return { ...judge(found.job), cite: found.cite };
    },
  );
}
