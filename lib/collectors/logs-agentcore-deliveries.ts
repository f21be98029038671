import {
  type CloudWatchLogsClient,
  paginateDescribeDeliveries,
  paginateDescribeDeliveryDestinations,
  paginateDescribeDeliverySources,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { guardedPages, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const AGENTCORE_DELIVERIES = 'logs.agentcore-deliveries';

export const DELIVERY_SOURCE_TYPE = 'AWS::Logs::DeliverySource';
export const DELIVERY_TYPE = 'AWS::Logs::Delivery';
export const DELIVERY_DESTINATION_TYPE = 'AWS::Logs::DeliveryDestination';
/** A DescribeLogGroups lookup of one destination group by exact name: its entry, or none when the group does not exist. */
export const LOG_GROUP_LOOKUP_TYPE = 'AWS::Logs::LogGroup';

/** Delivery sources of AgentCore resources: the service name CloudWatch Logs gives them, or an AgentCore ARN. */
function isAgentCoreSource(source: { service?: unknown; resourceArns?: unknown }): boolean {
  if (source.service === 'bedrock-agentcore') return true;
  return Array.isArray(source.resourceArns) && source.resourceArns.some((a) => typeof a === 'string' && a.includes(':bedrock-agentcore:'));
}

/** The log group name of a CloudWatch Logs ARN (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]`), or undefined. */
export function logGroupNameOf(arn: string): string | undefined {
  const match = /^arn:[^:]+:logs:[^:]*:[0-9]*:log-group:(.+?)(:\*)?$/.exec(arn);
  return match?.[1];
}

/** The ARN of a log group a lookup record is about (no `:*`). */
export function lookupArn(scope: { accountId: string; region: string }, name: string): string {
  return `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${name}`;
}

async function listed<T>(operation: string, pages: AsyncIterable<T>, key: keyof T & string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of guardedPages(operation, pages as AsyncIterable<T & object>)) {
    const list = (page as Record<string, unknown>)[key] ?? [];
    if (!Array.isArray(list)) throw new InvalidResponseError(`${operation} returned ${key} that is not a list.`);
    for (const item of list) {
      if (item === null || typeof item !== 'object') throw new InvalidResponseError(`${operation} returned an item that is not an object.`);
      items.push(item as Record<string, unknown>);
    }
  }
  return items;
}

/**
 * The CloudWatch Logs vended-log deliveries of Bedrock AgentCore resources in the region: the
 * delivery sources of AgentCore resources (DescribeDeliverySources), the deliveries from them
 * (DescribeDeliveries), their destinations (DescribeDeliveryDestinations), and, for every CloudWatch
 * Logs destination, a lookup of its log group by exact name (DescribeLogGroups over every page of
 * the name prefix). The lookup is kept as a record whether or not the group exists (`logGroups` holds
 * the entries named exactly so, none for a missing group), so a delivery to a deleted group is
 * evidence, not a gap. Each listing is complete or a coverage error without a resource; a failed
 * lookup is an error naming the group.
 */
export const logsAgentCoreDeliveries: Collector = {
  id: AGENTCORE_DELIVERIES,
  service: 'logs',
  description:
    'CloudWatch Logs deliveries of Amazon Bedrock AgentCore resources (sources, deliveries, destinations) and whether each destination log group exists.',
  actions: ['logs:DescribeDeliverySources', 'logs:DescribeDeliveries', 'logs:DescribeDeliveryDestinations', 'logs:DescribeLogGroups'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client: CloudWatchLogsClient = ctx.clients.client('logs', ctx.region);
    const records: EvidenceRecord[] = [];
    const errors: CoverageError[] = [];
    const keep = (operation: string, type: string, id: string, data: object) =>
      records.push(governanceRecord(ctx, { collector: AGENTCORE_DELIVERIES, service: 'logs', operation, resource: { type, id }, data }));
    const read = async (operation: string, list: () => Promise<Record<string, unknown>[]>) => {
      try {
        return await list();
      } catch (error) {
        errors.push(coverageError(operation, error));
        return undefined;
      }
    };

    const sources = await read('DescribeDeliverySources', () =>
      listed('DescribeDeliverySources', paginateDescribeDeliverySources({ client, pageSize: 50 }, {}), 'deliverySources'),
    );
    if (sources === undefined) return collectorResult(AGENTCORE_DELIVERIES, ctx, records, errors);
    const ours = sources.filter(isAgentCoreSource);
    for (const source of ours) {
      const arn = text(source.arn);
      if (arn === undefined) {
        errors.push(
          coverageError('DescribeDeliverySources', new InvalidResponseError('DescribeDeliverySources returned a source without an arn.')),
        );
        return collectorResult(AGENTCORE_DELIVERIES, ctx, records, errors);
      }
      keep('DescribeDeliverySources', DELIVERY_SOURCE_TYPE, arn, source);
    }
    if (ours.length === 0) return collectorResult(AGENTCORE_DELIVERIES, ctx, records, errors);

    const names = new Set(ours.map((s) => text(s.name)).filter((n): n is string => n !== undefined));
    const deliveries = await read('DescribeDeliveries', () =>
      listed('DescribeDeliveries', paginateDescribeDeliveries({ client, pageSize: 50 }, {}), 'deliveries'),
    );
    const destinations = await read('DescribeDeliveryDestinations', () =>
      listed('DescribeDeliveryDestinations', paginateDescribeDeliveryDestinations({ client, pageSize: 50 }, {}), 'deliveryDestinations'),
    );
    const used = new Set<string>();
    for (const delivery of deliveries ?? []) {
      if (!names.has(String(delivery.deliverySourceName))) continue;
      const arn = text(delivery.arn) ?? text(delivery.id);
      if (arn === undefined) {
        errors.push(
          coverageError('DescribeDeliveries', new InvalidResponseError('DescribeDeliveries returned a delivery without an arn or id.')),
        );
        continue;
      }
      keep('DescribeDeliveries', DELIVERY_TYPE, arn, delivery);
      const to = text(delivery.deliveryDestinationArn);
      if (to !== undefined) used.add(to);
    }
    const groups = new Set<string>();
    for (const destination of destinations ?? []) {
      const arn = text(destination.arn);
      if (arn === undefined || !used.has(arn)) continue;
      keep('DescribeDeliveryDestinations', DELIVERY_DESTINATION_TYPE, arn, destination);
      const config = destination.deliveryDestinationConfiguration as { destinationResourceArn?: unknown } | undefined;
      const target = text(config?.destinationResourceArn);
      const group = destination.deliveryDestinationType === 'CWL' && target !== undefined ? logGroupNameOf(target) : undefined;
      if (group !== undefined) groups.add(group);
    }
    for (const name of [...groups].sort()) {
      const id = lookupArn(ctx, name);
      try {
        const found: object[] = [];
        const pages = paginateDescribeLogGroups({ client, pageSize: 50 }, { logGroupNamePrefix: name });
        for await (const page of guardedPages('DescribeLogGroups', pages)) {
          if (page.logGroups !== undefined && !Array.isArray(page.logGroups)) {
            throw new InvalidResponseError('DescribeLogGroups returned logGroups that is not a list.');
          }
          found.push(...(page.logGroups ?? []).filter((g) => g?.logGroupName === name));
          if (found.length > 0) break;
        }
        keep('DescribeLogGroups', LOG_GROUP_LOOKUP_TYPE, id, { logGroupNamePrefix: name, logGroups: found });
      } catch (error) {
        errors.push(coverageError('DescribeLogGroups', error, id));
      }
    }
    return collectorResult(AGENTCORE_DELIVERIES, ctx, records, errors);
  },
};
