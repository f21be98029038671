import { CONFIG_RECORDING_COLLECTOR } from '../collectors/config-recording.js';
import type { SealedEvidence } from '../evidence/record.js';
import { arrayField, objectField, type ScopeView } from './governance-helpers.js';
import type { Verdict } from './per-resource.js';

export { CONFIG_RECORDING_COLLECTOR };

/** One recorder with its status (undefined when the status answer did not list it). */
export interface Recorder {
  name: string;
  config: Record<string, unknown>;
  status: Record<string, unknown> | undefined;
}

export type RecordersRead = { recorders: Recorder[]; cite: SealedEvidence[] } | { insufficient: Verdict };

/** The one record of `operation` in the scope; a complete read always keeps it. */
export function settingRecord(view: ScopeView, operation: string): SealedEvidence | undefined {
  return view.records(CONFIG_RECORDING_COLLECTOR, operation)[0];
}

const where = (view: ScopeView) => `account ${view.scope.accountId} in ${view.scope.region}`;

/** The region's recorders joined with their status, or why they cannot be judged. */
export function readRecorders(view: ScopeView): RecordersRead {
  const config = settingRecord(view, 'DescribeConfigurationRecorders');
  const status = settingRecord(view, 'DescribeConfigurationRecorderStatus');
  const recorders = arrayField(config?.record.data, 'ConfigurationRecorders');
  const statuses = arrayField(status?.record.data, 'ConfigurationRecordersStatus');
  if (config === undefined || status === undefined || recorders === undefined || statuses === undefined) {
    const missing =
      recorders === undefined
        ? 'DescribeConfigurationRecorders ConfigurationRecorders'
        : 'DescribeConfigurationRecorderStatus ConfigurationRecordersStatus';
    return {
      insufficient: { status: 'INSUFFICIENT_EVIDENCE', reason: `AWS Config in ${where(view)}: no ${missing} answer was kept.` },
    };
  }
  const out: Recorder[] = [];
  for (const item of recorders) {
    const name = typeof (item as Record<string, unknown>)?.name === 'string' ? String((item as Record<string, unknown>).name) : undefined;
    if (name === undefined) {
      return {
        insufficient: {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `AWS Config in ${where(view)} listed a configuration recorder without a name.`,
        },
      };
    }
    const match = statuses.find((s) => (s as Record<string, unknown>)?.name === name) as Record<string, unknown> | undefined;
    out.push({ name, config: item as Record<string, unknown>, status: match });
  }
  return { recorders: out, cite: [config, status] };
}

/** Whether the recorder is on: its status says recording and its last attempt did not fail. */
export function isRecording(recorder: Recorder): boolean {
  return recorder.status?.recording === true && recorder.status.lastStatus !== 'Failure' && recorder.status.lastStatus !== 'FAILURE';
}

export type RecordedTypes = { kind: 'all'; except: ReadonlySet<string> } | { kind: 'only'; types: ReadonlySet<string> };

const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * The resource types a recorder records, from its recording group; undefined when the answer does
 * not say (no recordingGroup, or neither a strategy nor allSupported).
 */
export function recordedTypes(recorder: Recorder): RecordedTypes | undefined {
  const group = objectField(recorder.config, 'recordingGroup');
  if (group === undefined) return undefined;
  const strategy = objectField(group, 'recordingStrategy')?.useOnly;
  const included = new Set(stringsOf(group.resourceTypes));
  if (strategy === 'EXCLUSION_BY_RESOURCE_TYPES') {
    return { kind: 'all', except: new Set(stringsOf(objectField(group, 'exclusionByResourceTypes')?.resourceTypes)) };
  }
  if (strategy === 'INCLUSION_BY_RESOURCE_TYPES') return { kind: 'only', types: included };
  if (strategy === 'ALL_SUPPORTED_RESOURCE_TYPES') return { kind: 'all', except: new Set() };
  if (group.allSupported === true) return { kind: 'all', except: new Set() };
  if (group.allSupported === false) return { kind: 'only', types: included };
  return undefined;
}

export function records(types: RecordedTypes, type: string): boolean {
  return types.kind === 'all' ? !types.except.has(type) : types.types.has(type);
}

/**
 * Which of `wanted` the recording recorders of the region record, or why that cannot be told. A
 * stopped recorder records nothing, whatever its recording group says.
 */
export function recordedAmong(
  view: ScopeView,
  wanted: readonly string[],
): { recorded: string[]; missing: string[]; active: Recorder[]; cite: SealedEvidence[] } | { insufficient: Verdict } {
  const read = readRecorders(view);
  if ('insufficient' in read) return read;
  const active = read.recorders.filter(isRecording);
  const groups: RecordedTypes[] = [];
  for (const recorder of active) {
    const types = recordedTypes(recorder);
    if (types === undefined) {
      return {
        insufficient: {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `AWS Config recorder ${recorder.name} in ${where(view)} has no recordingGroup that says what it records.`,
        },
      };
    }
    groups.push(types);
  }
  const recorded = wanted.filter((t) => groups.some((g) => records(g, t)));
  return { recorded, missing: wanted.filter((t) => !recorded.includes(t)), active, cite: read.cite };
}
