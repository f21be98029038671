import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

/** Bedrock's Get* calls share a per-account rate; a few at a time stays under it. */
export const BEDROCK_DESCRIBE_CONCURRENCY = 4;

/** One resource a listing named: what to pass to the per-resource read, and the id coverage names it by. */
export interface Listed {
  /** The identifier the Get* call takes (an id or an ARN). */
  key: string;
  /** The resource's ARN (or stable id where it has none), named in coverage when its read fails. */
  resourceId: string;
}

/** A page of a listing: the items it holds and the token to the next page. */
export interface ListPage<Item> {
  items: readonly Item[] | undefined;
  nextToken: string | undefined;
}

/**
 * Follows a listing's pages (an SDK paginator), mapping each item with `name` (undefined for a
 * malformed item). A token the listing already gave, or a malformed item, is an InvalidResponseError:
 * what was listed before it is kept in `into`.
 */
export async function listAll<Item>(
  operation: string,
  pages: AsyncIterable<ListPage<Item>>,
  name: (item: Item) => Listed | undefined,
  into: Listed[],
): Promise<void> {
  const tokens = new Set<string>();
  for await (const page of pages) {
    for (const item of page.items ?? []) {
      const listed = name(item);
      if (listed === undefined) throw new InvalidResponseError(`${operation} returned an item without its identifier.`);
      into.push(listed);
    }
    // The SDK paginator would follow a token it was already given forever.
    if (page.nextToken !== undefined && tokens.has(page.nextToken)) {
      throw new InvalidResponseError(`${operation} returned a nextToken it had already returned.`);
    }
    if (page.nextToken !== undefined) tokens.add(page.nextToken);
  }
}

/** Adapts an SDK paginator to {@link ListPage}s. */
export async function* pagesOf<Page extends { nextToken?: string | undefined }, Item>(
  paginator: AsyncIterable<Page>,
  items: (page: Page) => readonly Item[] | undefined,
): AsyncIterable<ListPage<Item>> {
  for await (const page of paginator) yield { items: items(page), nextToken: page.nextToken };
}

/** Keeps `value` if it is a non-empty string. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface ListDescribeSpec<Item, Output extends object> {
  id: string;
  service: 'bedrock' | 'bedrock-agent';
  description: string;
  actions: readonly string[];
  listOperation: string;
  describeOperation: string;
  /** The CloudFormation type of the records. */
  resourceType: string;
  /** The listing's pages. */
  list(ctx: CollectorContext): AsyncIterable<ListPage<Item>>;
  /** Names a listed item; undefined when the item lacks its identifier. */
  name(item: Item, ctx: CollectorContext): Listed | undefined;
  /** The per-resource read. */
  describe(ctx: CollectorContext, key: string): Promise<Output>;
  /** The record's resource id from the read's answer; undefined when the answer lacks it. */
  recordId(output: Output, listed: Listed, ctx: CollectorContext): string | undefined;
}

/**
 * A collector that lists a Bedrock resource type and reads each resource: one record per read
 * answer (kept as returned), listing errors without a resource id, read errors with one.
 */
export function listDescribeCollector<Item, Output extends object>(spec: ListDescribeSpec<Item, Output>): Collector {
  return {
    id: spec.id,
    service: spec.service,
    description: spec.description,
    actions: spec.actions,
    async collect(ctx: CollectorContext): Promise<CollectorResult> {
      const errors: CoverageError[] = [];
      const listed: Listed[] = [];
      try {
        await listAll(spec.listOperation, spec.list(ctx), (item) => spec.name(item, ctx), listed);
      } catch (error) {
        errors.push(coverageError(spec.listOperation, error));
      }
      const read = await mapWithConcurrency(listed, BEDROCK_DESCRIBE_CONCURRENCY, async (item) => {
        try {
          const output = await spec.describe(ctx, item.key);
          const id = spec.recordId(output, item, ctx);
          if (id === undefined) {
            throw new InvalidResponseError(`${spec.describeOperation} for ${item.resourceId} returned no identifier.`);
          }
          return makeEvidence({
            accountId: ctx.accountId,
            region: ctx.region,
            source: { collector: spec.id, service: spec.service, operation: spec.describeOperation },
            resource: { type: spec.resourceType, id },
            collectedAt: ctx.now(),
            data: output as Record<string, unknown>,
          });
        } catch (error) {
          errors.push(coverageError(spec.describeOperation, error, item.resourceId));
          return undefined;
        }
      });
      const records = read.filter((r): r is EvidenceRecord => r !== undefined);
      return collectorResult(spec.id, ctx, records, errors);
    },
  };
}

/** The ARN prefix of Bedrock resources in the scope (partition `aws`: the collectors run in the commercial partition). */
export function bedrockArnPrefix(ctx: { accountId: string; region: string }): string {
  return `arn:aws:bedrock:${ctx.region}:${ctx.accountId}`;
}
