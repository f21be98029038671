import { capturesManagementEvents, TRAILS_COLLECTOR, type TrailView, trailsOf } from './cloudtrail-helpers.js';
import { describeErrors, scopeControl } from './governance-helpers.js';

function problemOf(trail: TrailView): string | undefined {
  if (trail.trail.IsMultiRegionTrail !== true) return `${trail.name} logs one region only`;
  if (trail.status === undefined) return undefined;
  if (trail.status.IsLogging !== true) return `${trail.name} is not logging`;
  if (trail.selectors === undefined) return undefined;
  const management = capturesManagementEvents(trail.selectors, trail.trail);
  if (management === false) return `${trail.name} does not record both read and write management events`;
  return undefined;
}

/** A multi-region trail is logging management events (reads and writes) in every assessed region. */
export const control = scopeControl(
  {
    id: 'cloudtrail_multi_region_trail_logging',
    version: 3,
    title: 'A multi-region CloudTrail trail is logging read and write management events',
    rationale:
      'CloudTrail is the record of who changed or called what. Bedrock model invocations (InvokeModel, Converse) and every SageMaker and Bedrock control-plane change are management events; without a logging multi-region trail they are kept for 90 days at most and not in a store the organisation controls.',
    severity: 'HIGH',
    remediation:
      'Create a multi-region trail (or an organization trail) with CreateTrail --is-multi-region-trail, record all management events (ReadWriteType All), and StartLogging; if a trail exists but is stopped, start it.',
    cafAi: ['threat-detection', 'incident-response', 'security-assurance'],
    aiRmf: ['MEASURE 2.4', 'MANAGE 4.1', 'GOVERN 4.3'],
    iso42001: ['A.6.2.8', 'A.6.2.6'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: ['CloudTrail.1', 'CloudTrail.3'],
    configRules: ['multi-region-cloudtrail-enabled'],
    collectors: [TRAILS_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    sources: [{ collector: TRAILS_COLLECTOR, operations: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors'] }],
    noun: 'CloudTrail trails',
    tolerate: (e) => e.resourceId !== undefined,
    check: (view) => {
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      const trails = trailsOf(view);
      const good = trails.filter(
        (t) =>
          t.trail.IsMultiRegionTrail === true &&
          t.status?.IsLogging === true &&
          t.selectors !== undefined &&
          capturesManagementEvents(t.selectors, t.trail) === true,
      );
      if (good.length > 0) {
        return {
          status: 'PASS',
          reason: `Multi-region CloudTrail trail ${good.map((t) => t.name).join(', ')} is logging read and write management events in ${where}.`,
          cite: good.flatMap((t) => t.cite),
        };
      }
      const cite = trails.flatMap((t) => t.cite);
      if (trails.length === 0) return { status: 'FAIL', reason: `No CloudTrail trail logs ${where}.`, cite };
      const problems = trails.map(problemOf);
      const unknown = trails.filter((_, i) => problems[i] === undefined);
      if (unknown.length > 0 || view.tolerated.length > 0) {
        const fields = unknown.map((t) =>
          t.status === undefined
            ? `${t.name} has no trail status`
            : t.selectors === undefined
              ? `the event selectors of ${t.name} were not read`
              : `GetEventSelectors returned no selector for ${t.name}, and DescribeTrails does not say it has only the default one (HasCustomEventSelectors ${String(t.trail.HasCustomEventSelectors ?? 'absent')})`,
        );
        const detail = view.tolerated.length > 0 ? describeErrors(view.tolerated) : fields.join('; ');
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `No CloudTrail trail read is known to log ${where} as required, and not every trail could be judged: ${detail}.`,
          cite,
        };
      }
      return {
        status: 'FAIL',
        reason: `No multi-region CloudTrail trail logs management events in ${where}: ${problems.join('; ')}.`,
        cite,
      };
    },
  },
);
