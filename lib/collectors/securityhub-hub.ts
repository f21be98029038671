import { DescribeHubCommand, paginateGetEnabledStandards } from '@aws-sdk/client-securityhub';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { classifyAwsError, collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const HUB_COLLECTOR = 'securityhub.hub';
export const HUB_TYPE = 'AWS::SecurityHub::Hub';
export const STANDARD_TYPE = 'AWS::SecurityHub::Standard';

/** The ARN Security Hub gives the hub of an account and region. */
export function hubArn(scope: { accountId: string; region: string }): string {
  return `arn:aws:securityhub:${scope.region}:${scope.accountId}:hub/default`;
}

/**
 * Security Hub in the region: DescribeHub, then GetEnabledStandards (every page, one record per
 * standards subscription). Security Hub answers DescribeHub with InvalidAccessException when the
 * account is not subscribed: that answer is the evidence that it is off, so it is kept as a record
 * (data: the error code and message) rather than as a coverage gap, and the standards are not read.
 */
export const securityhubHub: Collector = {
  id: HUB_COLLECTOR,
  service: 'securityhub',
  description: 'AWS Security Hub subscription of the region and its enabled standards.',
  actions: ['securityhub:DescribeHub', 'securityhub:GetEnabledStandards'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('securityhub', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    let subscribed = false;
    try {
      const hub = await client.send(new DescribeHubCommand({}));
      if (!hub.HubArn) throw new InvalidResponseError('DescribeHub returned no HubArn.');
      records.push(record(ctx, 'DescribeHub', { type: HUB_TYPE, id: hub.HubArn }, hub));
      subscribed = true;
    } catch (error) {
      const { code, message } = classifyAwsError(error);
      if (code === 'InvalidAccessException') {
        records.push(record(ctx, 'DescribeHub', { type: HUB_TYPE, id: hubArn(ctx) }, { ErrorCode: code, ErrorMessage: message }));
      } else {
        errors.push(coverageError('DescribeHub', error));
      }
    }
    if (subscribed) {
      try {
        for await (const page of guardedPages('GetEnabledStandards', paginateGetEnabledStandards({ client, pageSize: 100 }, {}))) {
          for (const subscription of page.StandardsSubscriptions ?? []) {
            if (!subscription.StandardsSubscriptionArn || !subscription.StandardsArn) {
              throw new InvalidResponseError(
                'GetEnabledStandards returned a subscription without a StandardsSubscriptionArn or StandardsArn.',
              );
            }
            records.push(
              record(ctx, 'GetEnabledStandards', { type: STANDARD_TYPE, id: subscription.StandardsSubscriptionArn }, subscription),
            );
          }
        }
      } catch (error) {
        errors.push(coverageError('GetEnabledStandards', error));
      }
    }
    return collectorResult(HUB_COLLECTOR, ctx, records, errors);
  },
};

function record(ctx: CollectorContext, operation: string, resource: EvidenceRecord['resource'], data: object): EvidenceRecord {
  return governanceRecord(ctx, { collector: HUB_COLLECTOR, service: 'securityhub', operation, resource, data });
}
