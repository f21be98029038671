import { describe, expect, it } from 'vitest';
import { MODEL_ACCESS_EVENT_NAMES } from '../../lib/collectors/cloudtrail-bedrock-model-access-events.js';
import { control, principalOf } from '../../lib/controls/cloudtrail_bedrock_model_access_by_allowed_principals.js';
import { accessDenied, complete, digestOf, failed, judge, SCOPE, throttled } from '../fixtures/evidence.js';
import { stored } from '../fixtures/supporting.js';

const COLLECTOR = 'cloudtrail.bedrock-model-access-events';
const ADMINS = `arn:aws:iam::${SCOPE.accountId}:role/ModelAdmins`;

const byRole = (role: string, id: string, name: string) => ({
  EventId: id,
  EventName: name,
  EventTime: '2026-05-30T03:00:00.000Z',
  CloudTrailEvent: JSON.stringify({
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${SCOPE.accountId}:assumed-role/${role}/session`,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${SCOPE.accountId}:role/${role}` } },
    },
  }),
});

/** One lookup record per event name; `events` go to the lookup of their own name. */
function lookups(
  events: Record<string, unknown>[] = [],
  fields: Record<string, unknown> = {},
  names: readonly string[] = MODEL_ACCESS_EVENT_NAMES,
) {
  return names.map((name) =>
    stored(
      { collector: COLLECTOR, service: 'cloudtrail', operation: 'LookupEvents' },
      {
        type: 'AiEvidence::CloudTrail::EventLookup',
        id: `arn:aws:cloudtrail:${SCOPE.region}:${SCOPE.accountId}:event-lookup/bedrock.amazonaws.com/${name}`,
      },
      {
        EventSource: 'bedrock.amazonaws.com',
        EventName: name,
        StartTime: '2026-05-03T08:30:00.000Z',
        EndTime: '2026-06-02T08:30:00.000Z',
        AllowedPrincipals: [ADMINS],
        Events: events.filter((e) => e.EventName === name),
        Truncated: false,
        ...fields,
      },
    ),
  );
}

const run = (evidence: ReturnType<typeof lookups>) => judge(control, { evidence, coverage: [complete(COLLECTOR, evidence.length)] });

describe('cloudtrail_bedrock_model_access_by_allowed_principals', () => {
  it('#1 compliant: no model access event in the window is PASS and cites every lookup', () => {
    const evidence = lookups();
    expect(run(evidence)).toEqual([expect.objectContaining({ status: 'PASS', evidence: evidence.map(digestOf).sort() })]);
  });

  it('#2 compliant: events made through an allow-listed role (any session) are PASS', () => {
    expect(run(lookups([byRole('ModelAdmins', 'e1', 'PutUseCaseForModelAccess')]))[0]?.status).toBe('PASS');
  });

  it('#3 non-compliant: an event by another principal is FAIL naming it, the event and its id', () => {
    const [finding] = run(
      lookups([byRole('ModelAdmins', 'e1', 'PutUseCaseForModelAccess'), byRole('ci-deployer', 'e2', 'GetFoundationModelAvailability')]),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain(`GetFoundationModelAvailability by arn:aws:sts::${SCOPE.accountId}:assumed-role/ci-deployer/session`);
    expect(finding?.reason).toContain('e2');
    expect(finding?.reason).not.toContain('e1');
  });

  it('#4 non-compliant: an event whose record cannot be read is not excused by any allow-list entry', () => {
    const unreadable = {
      EventId: 'e3',
      EventName: 'CreateFoundationModelAgreement',
      EventTime: 'x',
      Username: 'mallory',
      CloudTrailEvent: '{not json',
    };
    const [finding] = run(lookups([unreadable]));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('by mallory');
    expect(principalOf({ CloudTrailEvent: '{}' }).name).toBe('an unknown principal');
  });

  it.each([
    ['a lookup holds more events than were read', lookups([], { Truncated: true }), 'more events than were read'],
    ['a lookup of one event name is missing', lookups([], {}, MODEL_ACCESS_EVENT_NAMES.slice(1)), 'GetFoundationModelAvailability'],
    ['a lookup has no Events list', lookups([], { Events: undefined }), 'no Events'],
  ])('#5 gives INSUFFICIENT_EVIDENCE, not PASS, when %s', (_case, evidence, words) => {
    const [finding] = run(evidence);
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain(words);
  });

  it('#6 gives INSUFFICIENT_EVIDENCE when the lookup was refused or throttled, or the collector did not run', () => {
    for (const error of [accessDenied('LookupEvents'), throttled('LookupEvents')]) {
      expect(judge(control, { evidence: lookups().slice(0, 1), coverage: [failed(COLLECTOR, error, 1)] })[0]?.status).toBe(
        'INSUFFICIENT_EVIDENCE',
      );
    }
    expect(judge(control, {})[0]?.status).toBe('INSUFFICIENT_EVIDENCE');
  });
});
