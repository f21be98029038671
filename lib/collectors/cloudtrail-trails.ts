import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord, requiredList } from './governance-helpers.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const TRAILS_COLLECTOR = 'cloudtrail.trails';
export const TRAIL_TYPE = 'AWS::CloudTrail::Trail';
const CONCURRENCY = 4;

/**
 * The CloudTrail trails that apply to the region: DescribeTrails with shadow trails (multi-region
 * and organization trails created elsewhere), then GetTrailStatus and GetEventSelectors of each.
 * Each trail gives up to three records with its ARN as resource id, one per operation. A trail's
 * status and selectors are read in its home region by ARN, which is where AWS answers for a shadow
 * trail.
 */
export const cloudtrailTrails: Collector = {
  id: TRAILS_COLLECTOR,
  service: 'cloudtrail',
  description: 'CloudTrail trails that log the region, with their logging status and event selectors.',
  actions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('cloudtrail', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const trails: { arn: string; home: string }[] = [];
    try {
      const output = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
      const list = requiredList('DescribeTrails', output, 'trailList') as Trail[];
      for (const trail of list) {
        if (!trail.TrailARN || !trail.HomeRegion) {
          throw new InvalidResponseError('DescribeTrails returned a trail without a TrailARN or HomeRegion.');
        }
      }
      for (const trail of list) {
        const arn = trail.TrailARN as string;
        trails.push({ arn, home: trail.HomeRegion as string });
        records.push(record(ctx, 'DescribeTrails', arn, trail));
      }
    } catch (error) {
      errors.push(coverageError('DescribeTrails', error));
    }

    const perTrail = await mapWithConcurrency(trails, CONCURRENCY, async ({ arn, home }) => {
      const homeClient = ctx.clients.client('cloudtrail', home);
      const out: EvidenceRecord[] = [];
      try {
        const status = await homeClient.send(new GetTrailStatusCommand({ Name: arn }));
        if (typeof status.IsLogging !== 'boolean') throw new InvalidResponseError(`GetTrailStatus for ${arn} returned no IsLogging.`);
        out.push(record(ctx, 'GetTrailStatus', arn, status));
      } catch (error) {
        errors.push(coverageError('GetTrailStatus', error, arn));
      }
      try {
        const selectors = await homeClient.send(new GetEventSelectorsCommand({ TrailName: arn }));
        out.push(record(ctx, 'GetEventSelectors', arn, selectors));
      } catch (error) {
        errors.push(coverageError('GetEventSelectors', error, arn));
      }
      return out;
    });
    records.push(...perTrail.flat());
    return collectorResult(TRAILS_COLLECTOR, ctx, records, errors);
  },
};

function record(ctx: CollectorContext, operation: string, arn: string, data: object): EvidenceRecord {
  return governanceRecord(ctx, {
    collector: TRAILS_COLLECTOR,
    service: 'cloudtrail',
    operation,
    resource: { type: TRAIL_TYPE, id: arn },
    data,
  });
}
