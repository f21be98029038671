import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

/** SageMaker's Describe* calls share a low per-account rate; a few at a time stays under it. */
export const DESCRIBE_CONCURRENCY = 4;

/** A page of a SageMaker List* answer, as the SDK paginators yield it. */
type Page = { NextToken?: string | undefined } & object;
/** A SageMaker Describe* answer. */
type Described = { $metadata?: unknown } & object;

/** One kind of SageMaker resource read by a List* call (paginated) and a Describe* call per item. */
export interface ListDescribeKind {
  /** e.g. `ListEndpoints`. */
  listOperation: string;
  /** The SDK paginator over the listing, with the input it needs (filters such as CreationTimeAfter). */
  pages(client: SageMakerClient, ctx: CollectorContext): AsyncIterable<Page>;
  /** The key of the page that holds the summaries, e.g. `Endpoints`. */
  itemsKey: string;
  /** The summary field the describe call takes, e.g. `EndpointName` (for domains, `DomainId`). */
  nameKey: string;
  /** The summary field holding the ARN, e.g. `EndpointArn`. */
  arnKey: string;
  /** e.g. `DescribeEndpoint`. */
  describeOperation: string;
  describe(client: SageMakerClient, name: string): Promise<Described>;
  /** The field of the describe answer holding the ARN, e.g. `EndpointArn`. */
  describedArnKey: string;
  /** The CloudFormation type of the resource, e.g. `AWS::SageMaker::Endpoint`. */
  resourceType: string;
}

export interface ListDescribeSpec {
  id: string;
  description: string;
  actions: readonly string[];
  kinds: readonly ListDescribeKind[];
}

function field(item: object, key: string): string | undefined {
  const value = (item as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Lists every resource of each kind with the SDK paginator, then describes each (a few at a time).
 * A listing error is a coverage error without a resource (what the scope holds is unknown); a
 * describe error names the resource's ARN; nothing already read is lost and nothing throws.
 */
export async function listAll(
  client: SageMakerClient,
  ctx: CollectorContext,
  kind: Pick<ListDescribeKind, 'listOperation' | 'pages' | 'itemsKey' | 'nameKey' | 'arnKey'>,
  errors: CoverageError[],
): Promise<{ name: string; arn: string; summary: Record<string, unknown> }[]> {
  const listed: { name: string; arn: string; summary: Record<string, unknown> }[] = [];
  const tokens = new Set<string>();
  try {
    for await (const page of kind.pages(client, ctx)) {
      const items = (page as Record<string, unknown>)[kind.itemsKey] ?? [];
      if (!Array.isArray(items)) throw new InvalidResponseError(`${kind.listOperation} returned ${kind.itemsKey} that is not a list.`);
      for (const item of items as object[]) {
        const name = field(item, kind.nameKey);
        const arn = field(item, kind.arnKey);
        if (name === undefined || arn === undefined) {
          throw new InvalidResponseError(`${kind.listOperation} returned an item without ${kind.nameKey} or ${kind.arnKey}.`);
        }
        listed.push({ name, arn, summary: item as Record<string, unknown> });
      }
      // The paginator would follow a NextToken it was already given forever.
      if (page.NextToken !== undefined && tokens.has(page.NextToken)) {
        throw new InvalidResponseError(`${kind.listOperation} returned a NextToken it had already returned.`);
      }
      if (page.NextToken !== undefined) tokens.add(page.NextToken);
    }
  } catch (error) {
    errors.push(coverageError(kind.listOperation, error));
  }
  return listed;
}

/** Describes each listed resource of `kind`, turning failures into coverage errors naming its ARN. */
export async function describeAll(
  client: SageMakerClient,
  ctx: CollectorContext,
  collectorId: string,
  kind: ListDescribeKind,
  listed: readonly { name: string; arn: string }[],
  errors: CoverageError[],
): Promise<EvidenceRecord[]> {
  const described = await mapWithConcurrency(listed, DESCRIBE_CONCURRENCY, async ({ name, arn }) => {
    try {
      const output = await kind.describe(client, name);
      const describedArn = field(output, kind.describedArnKey);
      if (describedArn === undefined) {
        throw new InvalidResponseError(`${kind.describeOperation} for ${name} returned no ${kind.describedArnKey}.`);
      }
      return makeEvidence({
        accountId: ctx.accountId,
        region: ctx.region,
        source: { collector: collectorId, service: 'sagemaker', operation: kind.describeOperation },
        resource: { type: kind.resourceType, id: describedArn },
        collectedAt: ctx.now(),
        data: output,
      });
    } catch (error) {
      errors.push(coverageError(kind.describeOperation, error, arn));
      return undefined;
    }
  });
  return described.filter((r): r is EvidenceRecord => r !== undefined);
}

/** A collector that lists and describes one or more kinds of SageMaker resource in a region. */
export function listDescribeCollector(spec: ListDescribeSpec): Collector {
  return {
    id: spec.id,
    service: 'sagemaker',
    description: spec.description,
    actions: spec.actions,
    async collect(ctx: CollectorContext): Promise<CollectorResult> {
      const client = ctx.clients.client('sagemaker', ctx.region);
      const errors: CoverageError[] = [];
      const records: EvidenceRecord[] = [];
      for (const kind of spec.kinds) {
        const listed = await listAll(client, ctx, kind, errors);
        records.push(...(await describeAll(client, ctx, spec.id, kind, listed, errors)));
      }
      return collectorResult(spec.id, ctx, records, errors);
    },
  };
}
