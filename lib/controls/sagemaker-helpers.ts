import { scopeKey } from '../evidence/coverage.js';
import type { EvidenceRecord, SealedEvidence } from '../evidence/record.js';
import { perResource, stringField, type Verdict } from './per-resource.js';
import {
  ENDPOINTS,
  interContainerEncryption,
  MONITORING_JOB_KINDS,
  MONITORING_SCHEDULES,
  type MonitoringJobKind,
  sagemakerControl,
  textAt,
  valueAt,
} from './sagemaker.js';
import type { Control, ControlMetadata, EvaluationInput, Finding } from './types.js';

export type MonitoringType = MonitoringJobKind;

/** The monitoring type of a schedule: schedules made before typed job definitions have only an inline data quality job. */
function monitoringTypeOf(record: EvidenceRecord): string | undefined {
  return (
    textAt(record, 'MonitoringType') ??
    textAt(record, 'MonitoringScheduleConfig.MonitoringType') ??
    (valueAt(record, 'MonitoringScheduleConfig.MonitoringJobDefinition') !== undefined ? 'DataQuality' : undefined)
  );
}

/** What the schedules of one scope say about one endpoint. */
function judgeEndpoint(
  endpoint: EvidenceRecord,
  label: string,
  schedules: readonly SealedEvidence[],
  type: MonitoringType,
  what: string,
): { verdict: Verdict; cite: string[] } {
  const status = textAt(endpoint, 'EndpointStatus');
  if (status === undefined) {
    return {
      verdict: { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeEndpoint for ${label} did not report EndpointStatus.` },
      cite: [],
    };
  }
  if (status !== 'InService') return { verdict: { status: 'NOT_APPLICABLE', reason: `${label} is ${status}, not serving.` }, cite: [] };
  const name = stringField(endpoint, 'EndpointName');
  if (name === undefined) {
    return { verdict: { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeEndpoint for ${label} did not report EndpointName.` }, cite: [] };
  }
  const mine = schedules.filter((s) => textAt(s.record, 'EndpointName') === name && monitoringTypeOf(s.record) === type);
  const cite = mine.map((s) => s.sha256);
  if (mine.length === 0) return { verdict: { status: 'FAIL', reason: `${label} has no ${what} monitoring schedule.` }, cite };
  const problems: string[] = [];
  for (const schedule of mine) {
    const scheduleName = textAt(schedule.record, 'MonitoringScheduleName') ?? schedule.record.resource.id;
    const scheduleStatus = textAt(schedule.record, 'MonitoringScheduleStatus');
    const lastRun = textAt(schedule.record, 'LastMonitoringExecutionSummary.MonitoringExecutionStatus');
    if (scheduleStatus !== 'Scheduled') {
      problems.push(`${scheduleName} is ${scheduleStatus ?? 'of unknown status'}`);
    } else if (lastRun === 'Failed') {
      problems.push(`${scheduleName} is scheduled but its last run failed`);
    } else {
      return { verdict: { status: 'PASS', reason: `${label} has ${what} monitoring scheduled by ${scheduleName}.` }, cite };
    }
  }
  return { verdict: { status: 'FAIL', reason: `${label} has no working ${what} monitoring: ${problems.join('; ')}.` }, cite };
}

/**
 * One finding per endpoint: an InService endpoint passes when a Model Monitor schedule of `type`
 * watches it, is Scheduled and did not fail its last run. The schedules of the scope must have been
 * read completely, or the endpoint's finding is INSUFFICIENT_EVIDENCE. Findings cite the endpoint and
 * the schedules judged.
 */
export function endpointMonitoredControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  type: MonitoringType,
  what: string,
): Control {
  const full: ControlMetadata = {
    ...meta,
    collectors: [ENDPOINTS.collector, MONITORING_SCHEDULES.collector],
    resourceType: ENDPOINTS.resourceType,
  };
  const evaluate = (input: EvaluationInput): Finding[] => {
    const cited = new Map<string, string[]>();
    const schedulesOf = (
      record: EvidenceRecord,
    ): { state: 'read'; schedules: readonly SealedEvidence[] } | { state: 'unread'; why: string } => {
      const scope = { accountId: record.accountId, region: record.region };
      const coverage = input.coverageOf(MONITORING_SCHEDULES.collector, scope);
      if (coverage === undefined) return { state: 'unread', why: `the ${MONITORING_SCHEDULES.collector} collector did not run` };
      if (coverage.errors.length > 0) {
        const first = coverage.errors[0];
        return { state: 'unread', why: `${first?.operation} failed with ${first?.code}` };
      }
      return {
        state: 'read',
        schedules: input
          .evidenceOf(MONITORING_SCHEDULES.collector, scope)
          .filter((e) => e.record.resource.type === MONITORING_SCHEDULES.resourceType),
      };
    };
    const inner = perResource(full, {
      collector: ENDPOINTS.collector,
      noun: ENDPOINTS.noun,
      check: (record) => {
        const label = `${ENDPOINTS.singular} ${stringField(record, 'EndpointName') ?? record.resource.id}`;
        const read = schedulesOf(record);
        if (read.state === 'unread') {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `The monitoring schedules of ${label} could not all be read (${read.why}), so its ${what} monitoring cannot be judged.`,
          };
        }
        const { verdict, cite } = judgeEndpoint(record, label, read.schedules, type, what);
        cited.set(`${scopeKey({ accountId: record.accountId, region: record.region })}\u0000${record.resource.id}`, cite);
        return verdict;
      },
    });
    return inner.evaluate(input).map((finding) => {
      const extra = cited.get(`${scopeKey(finding)}\u0000${finding.resource.id}`) ?? [];
      if (extra.length === 0) return finding;
      return { ...finding, evidence: [...finding.evidence, ...[...new Set(extra)].sort()] };
    });
  };
  return { ...full, evaluate };
}

/**
 * A network setting of a Model Monitor job definition: `NetworkConfig.<setting>` must be true (for
 * traffic encryption, only where the job runs on two or more instances). The describe answer
 * leaves NetworkConfig and its fields out when they were not set, which means off.
 */
export function monitoringJobNetworkControl(
  kind: MonitoringJobKind,
  setting: 'EnableInterContainerTrafficEncryption' | 'EnableNetworkIsolation',
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
): Control {
  const source = MONITORING_JOB_KINDS[kind];
  if (setting === 'EnableInterContainerTrafficEncryption') {
    return sagemakerControl(source, meta, (record, label) =>
      interContainerEncryption(record, source, label, { flag: `NetworkConfig.${setting}`, cluster: 'JobResources.ClusterConfig' }, true),
    );
  }
  return sagemakerControl(source, meta, (record, label) =>
    valueAt(record, `NetworkConfig.${setting}`) === true
      ? { status: 'PASS', reason: `${label} has network isolation enabled.` }
      : { status: 'FAIL', reason: `${label} lets its containers make network calls (NetworkConfig.${setting} is not true).` },
  );
}
