import {
  MODEL_ACCESS_EVENT_NAMES,
  MODEL_ACCESS_EVENTS_COLLECTOR,
  MODEL_ACCESS_LOOKUP_TYPE,
} from '../collectors/cloudtrail-bedrock-model-access-events.js';
import { MODEL_ACCESS_PRINCIPALS_ENV } from '../collectors/settings.js';
import { arrayField, listSome, scopeControl } from './governance-helpers.js';

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;

/**
 * Who made a CloudTrail event: the ARNs an allow-list entry may name (the caller's ARN and, for an
 * assumed role, the role's ARN), and a name for reasons. An event whose record cannot be read has
 * no ARN, so no allow-list entry can excuse it.
 */
export function principalOf(event: Fields): { arns: string[]; name: string } {
  let detail: Fields | undefined;
  try {
    detail = fieldsOf(JSON.parse(String(event.CloudTrailEvent)));
  } catch {
    detail = undefined;
  }
  const identity = fieldsOf(detail?.userIdentity);
  const issuer = fieldsOf(fieldsOf(identity?.sessionContext)?.sessionIssuer);
  const arns = [identity?.arn, issuer?.arn].filter((a): a is string => typeof a === 'string' && a !== '');
  const name = arns[0] ?? (typeof event.Username === 'string' && event.Username !== '' ? event.Username : 'an unknown principal');
  return { arns, name };
}

/**
 * No principal outside the allow-list probed or enabled Bedrock foundation model access in the
 * lookup window: every GetFoundationModelAvailability, ListFoundationModelAgreementOffers,
 * PutFoundationModelEntitlement, PutUseCaseForModelAccess or CreateFoundationModelAgreement event
 * (successful or refused) must come from a principal the allow-list names.
 */
export const control = scopeControl(
  {
    id: 'cloudtrail_bedrock_model_access_by_allowed_principals',
    version: 2,
    title: 'Only allow-listed principals probe or enable Bedrock foundation model access',
    rationale:
      'Attackers with stolen credentials check which foundation models an account can use and enable more (GetFoundationModelAvailability, ListFoundationModelAgreementOffers, PutUseCaseForModelAccess, PutFoundationModelEntitlement, CreateFoundationModelAgreement) before running them at the victim\'s cost ("LLM-jacking"). These calls are rare and belong to the few people who manage model access, so any made by another principal in the last 30 days, refused or not, is a signal to investigate. The allow-list is the comma-separated ARNs of ' +
      `${MODEL_ACCESS_PRINCIPALS_ENV} at collection (a user, a role, or a role whose sessions count), recorded with the evidence; CloudTrail's LookupEvents (management events, per region) is read, up to 200 events a name.`,
    severity: 'HIGH',
    remediation:
      'Find who made the calls (CloudTrail event history, the event ids named), and if they were not expected rotate or revoke the credentials, review Bedrock usage and cost, and restrict model access management (aws-marketplace:Subscribe, bedrock:PutFoundationModelEntitlement, bedrock:PutUseCaseForModelAccess) with a service control policy; add the principals that legitimately manage model access to ' +
      `${MODEL_ACCESS_PRINCIPALS_ENV}.`,
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.4', 'MANAGE 4.1', 'MEASURE 2.7'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
    collectors: [MODEL_ACCESS_EVENTS_COLLECTOR],
    resourceType: MODEL_ACCESS_LOOKUP_TYPE,
  },
  {
    sources: [{ collector: MODEL_ACCESS_EVENTS_COLLECTOR, operations: ['LookupEvents'] }],
    noun: 'Bedrock model access events',
    check: (view) => {
      const lookups = view.records(MODEL_ACCESS_EVENTS_COLLECTOR, 'LookupEvents');
      const flagged: string[] = [];
      const problems: string[] = [];
      const read = new Set<string>();
      for (const lookup of lookups) {
        const data = lookup.record.data;
        const name = String(data.EventName);
        read.add(name);
        const allowed = arrayField(data, 'AllowedPrincipals');
        const events = arrayField(data, 'Events');
        if (allowed === undefined || events === undefined) {
          problems.push(`the lookup of ${name} has no Events or AllowedPrincipals list`);
          continue;
        }
        if (data.Truncated === true) problems.push(`the lookup of ${name} holds more events than were read`);
        for (const item of events) {
          const event = fieldsOf(item);
          if (event === undefined || event.EventName !== name) continue;
          const who = principalOf(event);
          if (who.arns.some((arn) => allowed.includes(arn))) continue;
          flagged.push(`${name} by ${who.name} at ${String(event.EventTime)} (event ${String(event.EventId)})`);
        }
      }
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      if (flagged.length > 0) {
        return {
          status: 'FAIL',
          reason: `Bedrock model access was probed or changed in ${where} by principals not on the allow-list: ${listSome(flagged)}.`,
        };
      }
      const missing = MODEL_ACCESS_EVENT_NAMES.filter((n) => !read.has(n));
      if (missing.length > 0) problems.push(`no lookup of ${missing.join(', ')} was kept`);
      if (problems.length > 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `Bedrock model access events in ${where} were not all read: ${problems.join('; ')}.`,
        };
      }
      return {
        status: 'PASS',
        reason: `No principal outside the allow-list probed or enabled Bedrock model access in ${where} in the lookup window.`,
      };
    },
  },
);
