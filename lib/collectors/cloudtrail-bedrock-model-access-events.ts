import { type Event, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import * as z from 'zod';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord, regionSettingId } from './governance-helpers.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const MODEL_ACCESS_EVENTS_COLLECTOR = 'cloudtrail.bedrock-model-access-events';
export const MODEL_ACCESS_LOOKUP_TYPE = 'AiEvidence::CloudTrail::EventLookup';

/**
 * The Bedrock management events that probe or open access to foundation models: what an attacker
 * with stolen credentials calls before running models on the victim's bill ("LLM-jacking").
 */
export const MODEL_ACCESS_EVENT_NAMES = [
  'GetFoundationModelAvailability',
  'ListFoundationModelAgreementOffers',
  'PutFoundationModelEntitlement',
  'PutUseCaseForModelAccess',
  'CreateFoundationModelAgreement',
] as const;
/** How far back the lookup reads, before the collection time. */
export const LOOKUP_WINDOW_DAYS = 30;
/** LookupEvents allows 2 requests a second per account and region: pages per event name are bounded (50 events each). */
export const MAX_PAGES_PER_EVENT = 4;

const EventItem = z.object({ EventId: z.string().min(1), EventName: z.string().min(1), CloudTrailEvent: z.string().optional() });

/**
 * CloudTrail LookupEvents (management events, the region's last 90 days kept by CloudTrail) for
 * each Bedrock model-access event name over the {@link LOOKUP_WINDOW_DAYS} days before collection,
 * one name at a time and one page at a time (LookupEvents is limited to 2 requests a second; the
 * SDK's adaptive retry slows down when throttled), at most {@link MAX_PAGES_PER_EVENT} pages a name.
 * One record per event name holds the window, the events read, whether more were left unread
 * (`Truncated`) and the allow-list of `AI_EVIDENCE_MODEL_ACCESS_PRINCIPALS` (the settings' `modelAccessPrincipals`) at collection, so the
 * control judges from the evidence alone. A refused or throttled lookup is a coverage error
 * without a resource: the region's events are unknown.
 */
export const cloudtrailBedrockModelAccessEvents: Collector = {
  id: MODEL_ACCESS_EVENTS_COLLECTOR,
  service: 'cloudtrail',
  description: `CloudTrail management events of bedrock.amazonaws.com that probe or enable foundation model access, over the last ${LOOKUP_WINDOW_DAYS} days.`,
  actions: ['cloudtrail:LookupEvents'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('cloudtrail', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const end = ctx.now();
    const start = new Date(end.getTime() - LOOKUP_WINDOW_DAYS * 86_400_000);
    const allowed = [...(ctx.settings?.modelAccessPrincipals ?? [])];
    for (const name of MODEL_ACCESS_EVENT_NAMES) {
      try {
        const events: Event[] = [];
        let pages = 0;
        let truncated = false;
        const paginator = paginateLookupEvents(
          { client, pageSize: 50 },
          { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], StartTime: start, EndTime: end },
        );
        for await (const page of guardedPages('LookupEvents', paginator)) {
          const items = page.Events ?? [];
          if (!Array.isArray(items)) throw new InvalidResponseError('LookupEvents returned Events that is not a list.');
          for (const item of items) {
            if (!EventItem.safeParse(item).success)
              throw new InvalidResponseError(`LookupEvents for ${name} returned an event without its EventId or EventName.`);
          }
          events.push(...items);
          pages += 1;
          if (pages >= MAX_PAGES_PER_EVENT) {
            truncated = page.NextToken !== undefined && page.NextToken !== '';
            break;
          }
        }
        records.push(
          governanceRecord(ctx, {
            collector: MODEL_ACCESS_EVENTS_COLLECTOR,
            service: 'cloudtrail',
            operation: 'LookupEvents',
            resource: {
              type: MODEL_ACCESS_LOOKUP_TYPE,
              id: regionSettingId('cloudtrail', `event-lookup/bedrock.amazonaws.com/${name}`, ctx),
            },
            data: {
              EventSource: 'bedrock.amazonaws.com',
              EventName: name,
              StartTime: start.toISOString(),
              EndTime: end.toISOString(),
              AllowedPrincipals: allowed,
              Events: events,
              Truncated: truncated,
            },
          }),
        );
      } catch (error) {
        // A refused or throttled lookup would be refused again: stop, rather than press a rate-limited API.
        errors.push(coverageError('LookupEvents', error));
        break;
      }
    }
    return collectorResult(MODEL_ACCESS_EVENTS_COLLECTOR, ctx, records, errors);
  },
};
