import { TRAIL_TYPE, TRAILS_COLLECTOR } from '../collectors/cloudtrail-trails.js';
import type { Scope } from '../evidence/coverage.js';
import type { SealedEvidence } from '../evidence/record.js';
import {
  arrayField,
  describeErrors,
  listSome,
  resourceControl,
  type ScopeCheckVerdict,
  type ScopeView,
  scopeControl,
} from './governance-helpers.js';
import type { Verdict } from './per-resource.js';
import type { Control, ControlMetadata } from './types.js';

export { TRAIL_TYPE, TRAILS_COLLECTOR };

/** A trail that applies to the scope, with what was read of it. */
export interface TrailView {
  arn: string;
  name: string;
  trail: Record<string, unknown>;
  status: Record<string, unknown> | undefined;
  selectors: Record<string, unknown> | undefined;
  cite: SealedEvidence[];
}

export function trailsOf(view: ScopeView): TrailView[] {
  const byOperation = (operation: string) => new Map(view.records(TRAILS_COLLECTOR, operation).map((e) => [e.record.resource.id, e]));
  const statuses = byOperation('GetTrailStatus');
  const selectors = byOperation('GetEventSelectors');
  return view.records(TRAILS_COLLECTOR, 'DescribeTrails').map((e) => {
    const arn = e.record.resource.id;
    const status = statuses.get(arn);
    const selector = selectors.get(arn);
    return {
      arn,
      name: typeof e.record.data.Name === 'string' ? e.record.data.Name : arn,
      trail: e.record.data,
      status: status?.record.data,
      selectors: selector?.record.data,
      cite: [e, ...(status ? [status] : []), ...(selector ? [selector] : [])],
    };
  });
}

interface FieldSelector {
  Field?: unknown;
  Equals?: unknown;
  StartsWith?: unknown;
  NotEquals?: unknown;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function fieldsOf(selector: unknown): FieldSelector[] {
  return (arrayField(selector, 'FieldSelectors') ?? []) as FieldSelector[];
}

type Coverage = { reads: boolean; writes: boolean };

/** The management reads and writes one basic event selector records. */
function basicCoverage(selector: Record<string, unknown>): Coverage {
  if (selector.IncludeManagementEvents !== true) return { reads: false, writes: false };
  const type = selector.ReadWriteType ?? 'All';
  return { reads: type === 'All' || type === 'ReadOnly', writes: type === 'All' || type === 'WriteOnly' };
}

/**
 * The management reads and writes one advanced event selector records: a selector of category
 * Management records both unless a readOnly field narrows it (Equals true: reads, false: writes;
 * any other form of the field is not counted).
 */
function advancedCoverage(selector: unknown): Coverage {
  const fields = fieldsOf(selector);
  if (!fields.some((f) => f.Field === 'eventCategory' && strings(f.Equals).includes('Management'))) return { reads: false, writes: false };
  const readOnly = fields.filter((f) => f.Field === 'readOnly');
  if (readOnly.length === 0) return { reads: true, writes: true };
  if (readOnly.length > 1 || readOnly[0]?.StartsWith !== undefined || readOnly[0]?.NotEquals !== undefined) {
    return { reads: false, writes: false };
  }
  const equals = strings(readOnly[0]?.Equals);
  return { reads: equals.includes('true'), writes: equals.includes('false') };
}

/**
 * Whether the trail records management events, reads and writes, decided from every field the
 * APIs returned: the selectors of GetEventSelectors (reads and writes may come from different
 * selectors), and, when that answer holds no selector at all, the trail's DescribeTrails entry: a
 * trail with `HasCustomEventSelectors: false` has the default selector, which records all
 * management events. Undefined when the answers do not decide it (no selector in the answer, and
 * the trail says it has custom ones or does not say).
 */
export function capturesManagementEvents(selectors: Record<string, unknown>, trail?: Record<string, unknown>): boolean | undefined {
  const basic = arrayField(selectors, 'EventSelectors') ?? [];
  const advanced = arrayField(selectors, 'AdvancedEventSelectors') ?? [];
  if (basic.length === 0 && advanced.length === 0) return trail?.HasCustomEventSelectors === false ? true : undefined;
  const covered = [
    ...basic.map((s) => basicCoverage((typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>)),
    ...advanced.map(advancedCoverage),
  ];
  return covered.some((c) => c.reads) && covered.some((c) => c.writes);
}

/**
 * The data event resource types the trail's advanced selectors record, as a test. A selector
 * counts for a type when its eventCategory is Data and its resources.type field names the type
 * (Equals) or a prefix of it (StartsWith); narrowing by ARN, event name or readOnly still counts
 * (as CIS allows, to control cost). Basic selectors cannot select Bedrock or SageMaker data events.
 */
export function dataEventTypes(selectors: Record<string, unknown>): (type: string) => boolean {
  const advanced = arrayField(selectors, 'AdvancedEventSelectors') ?? [];
  const matchers: ((type: string) => boolean)[] = [];
  for (const selector of advanced) {
    const fields = fieldsOf(selector);
    if (!fields.some((f) => f.Field === 'eventCategory' && strings(f.Equals).includes('Data'))) continue;
    for (const field of fields.filter((f) => f.Field === 'resources.type')) {
      const equals = strings(field.Equals);
      const prefixes = strings(field.StartsWith);
      matchers.push((type) => equals.includes(type) || prefixes.some((p) => p !== '' && type.startsWith(p)));
    }
  }
  return (type) => matchers.some((m) => m(type));
}

const where = (scope: Scope) => `account ${scope.accountId} in ${scope.region}`;

/**
 * A control that needs one logging trail in the scope to record the data events of `types`. The
 * types may be split across logging trails. A trail whose status or selectors could not be read
 * makes the scope INSUFFICIENT_EVIDENCE unless the other trails already record everything.
 */
export function dataEventsControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  service: string,
  types: readonly string[],
): Control {
  return scopeControl(
    { ...meta, collectors: [TRAILS_COLLECTOR], resourceType: 'AWS::::Account' },
    {
      sources: [{ collector: TRAILS_COLLECTOR, operations: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors'] }],
      noun: 'CloudTrail trails',
      tolerate: (e) => e.resourceId !== undefined,
      check: (view): ScopeCheckVerdict => {
        const trails = trailsOf(view);
        const logging = trails.filter((t) => t.status?.IsLogging === true && t.selectors !== undefined);
        const covering = new Map<string, TrailView[]>();
        for (const type of types) {
          covering.set(
            type,
            logging.filter((t) => dataEventTypes(t.selectors as Record<string, unknown>)(type)),
          );
        }
        const missing = types.filter((t) => (covering.get(t) ?? []).length === 0);
        const cite = [...new Set([...covering.values()].flat())].flatMap((t) => t.cite);
        if (missing.length === 0) {
          const names = [...new Set([...covering.values()].flat().map((t) => t.name))];
          return {
            status: 'PASS',
            reason: `CloudTrail in ${where(view.scope)} records ${service} data events (${types.join(', ')}) in logging trail ${names.join(', ')}.`,
            cite,
          };
        }
        const unread = trails.filter((t) => t.status === undefined || t.selectors === undefined);
        if (view.tolerated.length > 0 || unread.length > 0) {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `CloudTrail in ${where(view.scope)}: no trail read records ${missing.join(', ')} data events, and ${view.tolerated.length > 0 ? describeErrors(view.tolerated) : `trail ${listSome(unread.map((t) => t.name))} was not read completely`}.`,
            cite: trails.flatMap((t) => t.cite),
          };
        }
        const why =
          trails.length === 0
            ? 'there is no trail'
            : logging.length === 0
              ? 'no trail is logging'
              : `no logging trail selects ${missing.join(', ')}`;
        return {
          status: 'FAIL',
          reason: `CloudTrail in ${where(view.scope)} does not record ${service} data events: ${why}.`,
          cite: trails.flatMap((t) => t.cite),
        };
      },
    },
  );
}

/**
 * A control over each trail whose home is the scope (a multi-region or organization trail is
 * judged once, in its home region and owner account, not in every region it shadows), judged from
 * its DescribeTrails entry.
 */
export function homeTrailControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  check: (trail: Record<string, unknown>, name: string) => Verdict,
): Control {
  return resourceControl(
    { ...meta, collectors: [TRAILS_COLLECTOR], resourceType: TRAIL_TYPE },
    {
      collector: TRAILS_COLLECTOR,
      primary: 'DescribeTrails',
      operations: ['DescribeTrails'],
      unrelated: ['GetTrailStatus', 'GetEventSelectors'],
      noun: 'CloudTrail trails with their home here',
      include: (e, scope) => e.record.data.HomeRegion === scope.region && e.record.resource.id.split(':')[4] === scope.accountId,
      check: (e) => check(e.record.data, typeof e.record.data.Name === 'string' ? e.record.data.Name : e.record.resource.id),
    },
  );
}
