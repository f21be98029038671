import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import type { Collector, CollectorContext, CollectorResult, ServiceClients, ServiceName } from './types.js';

/**
 * Describe and Get calls share a low per-account rate in SageMaker, Bedrock and AgentCore alike;
 * a few at a time stays under it.
 */
export const DESCRIBE_CONCURRENCY = 4;

/** Keeps `value` if it is a non-empty string. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The ARN prefix of a service's resources in the scope (partition `aws`: the collectors run in the commercial partition). */
export function arnPrefix(service: string, scope: { accountId: string; region: string }): string {
  return `arn:aws:${service}:${scope.region}:${scope.accountId}`;
}

/** One resource a listing named. */
export interface Listed {
  /** What the per-resource read takes (a name, an id or an ARN). */
  key: string;
  /** The resource's ARN (or a stable id where it has none): coverage names it by this when its read fails. */
  resourceId: string;
  /** How error messages name the resource, when not by its resourceId. */
  name?: string;
}

/** A listed item read by `key` and named in coverage by `resourceId`; undefined when either is missing. */
export function listedAs(key: unknown, resourceId: unknown): Listed | undefined {
  const k = text(key);
  const id = text(resourceId);
  return k === undefined || id === undefined ? undefined : { key: k, resourceId: id };
}

/** A listed item read by its name (which messages name it by) and named in coverage by its ARN (SageMaker's way). */
export function listedByName(name: unknown, arn: unknown): Listed | undefined {
  const listed = listedAs(name, arn);
  return listed === undefined ? undefined : { ...listed, name: listed.key };
}

/** The items of the list a page holds at `K` (never when `K` holds no list). */
type ItemOf<Page, K> = K extends keyof Page ? (NonNullable<Page[K]> extends readonly (infer Item)[] ? Item : never) : never;

/** The pages of a listing: an SDK paginator and the key of its pages that holds the items. */
export interface PagesSpec<S extends ServiceName, Page extends object, K extends string> {
  /** e.g. `ListEndpoints`. */
  listOperation: string;
  /** The SDK paginator over the listing, with the input it needs. */
  pages(client: ServiceClients[S], ctx: CollectorContext): AsyncIterable<Page>;
  /** The key of the page that holds the items, e.g. `Endpoints`. */
  itemsKey: K & keyof Page;
  /** What identifies a listed item, named in the error for an item without it, e.g. `EndpointName or EndpointArn`. */
  listedBy: string;
  /** What an item is called in that error (`an item` unless said). */
  itemCalled?: string;
}

/** A listing: its pages, and how an item is named. */
export interface ListSpec<S extends ServiceName, Page extends object, K extends string, L extends Listed> extends PagesSpec<S, Page, K> {
  /** Names a listed item; undefined when it lacks what identifies it (a malformed answer). */
  listed(item: ItemOf<Page, K>, ctx: CollectorContext): L | undefined;
}

/** The read of each listed resource, kept as one record. */
export interface ReadSpec<S extends ServiceName, L extends Listed, Output extends object> {
  /** e.g. `DescribeEndpoint`. */
  describeOperation: string;
  describe(client: ServiceClients[S], listed: L): Promise<Output>;
  /** The record's resource id from the read's answer; undefined when the answer lacks it. */
  recordId(output: Output, listed: L, ctx: CollectorContext): string | undefined;
  /** What gives the record's id, named in the error for an answer without it, e.g. `EndpointArn`. */
  recordedBy: string;
  /** The CloudFormation type of the records. */
  resourceType: string;
}

/** A listing and a read of each listed resource. */
export interface ListDescribeSpec<S extends ServiceName, Page extends object, K extends string, L extends Listed, Output extends object>
  extends ListSpec<S, Page, K, L>,
    ReadSpec<S, L, Output> {}

/** A listing with the types of its pages and items erased, so that kinds of resource of one service can share a list. */
export interface Listing<S extends ServiceName, L extends Listed = Listed> {
  listOperation: string;
  pages(client: ServiceClients[S], ctx: CollectorContext): AsyncIterable<object>;
  itemsKey: string;
  listed(item: unknown, ctx: CollectorContext): L | undefined;
  listedBy: string;
  itemCalled?: string;
}

/** A read with the type of its answer erased. */
export interface Reading<S extends ServiceName, L extends Listed = Listed> {
  describeOperation: string;
  describe(client: ServiceClients[S], listed: L): Promise<object>;
  recordId(output: object, listed: L, ctx: CollectorContext): string | undefined;
  recordedBy: string;
  resourceType: string;
}

/** A kind of resource read by a listing and a read per resource, its types erased. */
export interface ListDescribe<S extends ServiceName, L extends Listed = Listed> extends Listing<S, L>, Reading<S, L> {}

/** Checks a listing's types against the client of `service` and its SDK paginator, and erases them. */
export function listing<S extends ServiceName, Page extends object, K extends string, L extends Listed>(
  _service: S,
  spec: ListSpec<S, Page, K, L>,
): Listing<S, L> {
  return spec as unknown as Listing<S, L>;
}

/** Checks a read's types against the client of `service`, and erases them. */
export function reading<S extends ServiceName, L extends Listed, Output extends object>(
  _service: S,
  spec: ReadSpec<S, L, Output>,
): Reading<S, L> {
  return spec as unknown as Reading<S, L>;
}

/** Checks a kind's types against the client of `service`, its SDK paginator and its read, and erases them. */
export function kind<S extends ServiceName, Page extends object, K extends string, L extends Listed, Output extends object>(
  _service: S,
  spec: ListDescribeSpec<S, Page, K, L, Output>,
): ListDescribe<S, L> {
  return spec as unknown as ListDescribe<S, L>;
}

/** The token to the next page (`NextToken`, `nextToken`, IAM's `Marker` or the Tagging API's `PaginationToken`, as the service spells it), with its name. */
function nextToken(page: object): { name: string; value: string } | undefined {
  for (const name of ['NextToken', 'nextToken', 'Marker', 'PaginationToken']) {
    const value = text((page as Record<string, unknown>)[name]);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/**
 * Passes the pages of an SDK paginator through, and stops with an InvalidResponseError when a page
 * hands back a token that an earlier page already gave (the paginator would follow it forever).
 * The page that repeats the token is still yielded: its items were read.
 */
export async function* guardedPages<P extends object>(operation: string, pages: AsyncIterable<P>): AsyncGenerator<P> {
  const seen = new Set<string>();
  for await (const page of pages) {
    yield page;
    const token = nextToken(page);
    if (token === undefined) continue;
    if (seen.has(token.value)) throw new InvalidResponseError(`${operation} returned a ${token.name} it had already returned.`);
    seen.add(token.value);
  }
}

/** The items of a listing's page; an InvalidResponseError when they are not a list. */
function itemsOf(spec: { listOperation: string; itemsKey: string }, page: object): unknown[] {
  const items = (page as Record<string, unknown>)[spec.itemsKey] ?? [];
  if (!Array.isArray(items)) throw new InvalidResponseError(`${spec.listOperation} returned ${spec.itemsKey} that is not a list.`);
  return items;
}

/** The error for a listed item without what identifies it. */
function malformedItem(spec: { listOperation: string; listedBy: string; itemCalled?: string | undefined }): InvalidResponseError {
  return new InvalidResponseError(`${spec.listOperation} returned ${spec.itemCalled ?? 'an item'} without ${spec.listedBy}.`);
}

/**
 * Lists every resource with the SDK paginator. A listing error (a repeated token, an item that is
 * not named, a page whose items are not a list) is a coverage error, naming `scopeId` if given
 * (what the listing was of) and otherwise no resource: what the scope holds is unknown. What was
 * listed before it is kept; nothing throws.
 */
export async function listAll<S extends ServiceName, L extends Listed>(
  client: ServiceClients[S],
  ctx: CollectorContext,
  spec: Listing<S, L>,
  errors: CoverageError[],
  scopeId?: string,
): Promise<L[]> {
  const listed: L[] = [];
  try {
    for await (const page of guardedPages(spec.listOperation, spec.pages(client, ctx))) {
      for (const item of itemsOf(spec, page)) {
        const named = spec.listed(item, ctx);
        if (named === undefined) throw malformedItem(spec);
        listed.push(named);
      }
    }
  } catch (error) {
    errors.push(coverageError(spec.listOperation, error, scopeId));
  }
  return listed;
}

/**
 * Reads each listed resource (a few at a time; records keep the listing's order), one record per
 * answer, kept as returned. A failed read is a coverage error naming the resource's id.
 */
export async function describeAll<S extends ServiceName, L extends Listed>(
  client: ServiceClients[S],
  ctx: CollectorContext,
  collector: { id: string; service: S },
  spec: Reading<S, L>,
  listed: readonly L[],
  errors: CoverageError[],
): Promise<EvidenceRecord[]> {
  const read = await mapWithConcurrency(listed, DESCRIBE_CONCURRENCY, async (item) => {
    try {
      const output = await spec.describe(client, item);
      const id = spec.recordId(output, item, ctx);
      if (id === undefined) {
        throw new InvalidResponseError(`${spec.describeOperation} for ${item.name ?? item.resourceId} returned no ${spec.recordedBy}.`);
      }
      return governanceRecord(ctx, {
        collector: collector.id,
        service: collector.service,
        operation: spec.describeOperation,
        resource: { type: spec.resourceType, id },
        data: output,
      });
    } catch (error) {
      errors.push(coverageError(spec.describeOperation, error, item.resourceId));
      return undefined;
    }
  });
  return read.filter((r): r is EvidenceRecord => r !== undefined);
}

/** What a collector says of itself. */
export interface CollectorSpec<S extends ServiceName> {
  id: string;
  /** The service whose client lists and reads (the key of ctx.clients), also the records' source service. */
  service: S;
  description: string;
  actions: readonly string[];
}

export interface ListDescribeCollectorSpec<S extends ServiceName> extends CollectorSpec<S> {
  /** The kinds of resource, listed and read in this order. */
  kinds: readonly ListDescribe<S>[];
}

/**
 * A collector of `spec.service` in the context's region: `read` fills the records and the errors
 * it met (never throwing for AWS errors), and the collector's coverage follows from them.
 */
function serviceCollector<S extends ServiceName>(
  spec: CollectorSpec<S>,
  read: (client: ServiceClients[S], ctx: CollectorContext, records: EvidenceRecord[], errors: CoverageError[]) => Promise<void>,
): Collector {
  return {
    id: spec.id,
    service: spec.service,
    description: spec.description,
    actions: spec.actions,
    async collect(ctx: CollectorContext): Promise<CollectorResult> {
      const errors: CoverageError[] = [];
      const records: EvidenceRecord[] = [];
      await read(ctx.clients.client(spec.service, ctx.region), ctx, records, errors);
      return collectorResult(spec.id, ctx, records, errors);
    },
  };
}

/**
 * A collector that lists one or more kinds of resource of a service in a region and reads each
 * resource: one record per read answer, listing errors without a resource id, read errors with one.
 */
export function listDescribeCollector<S extends ServiceName>(spec: ListDescribeCollectorSpec<S>): Collector {
  return serviceCollector(spec, async (client, ctx, records, errors) => {
    for (const k of spec.kinds) {
      const listed = await listAll(client, ctx, k, errors);
      records.push(...(await describeAll(client, ctx, spec, k, listed, errors)));
    }
  });
}

/** A listing whose summaries are the records: no per-resource read. */
export interface SummarySpec<S extends ServiceName, Page extends object, K extends string> extends CollectorSpec<S>, PagesSpec<S, Page, K> {
  /** The record's resource id from a summary; undefined when the summary lacks what gives it (named by `listedBy`). */
  recordId(item: ItemOf<Page, K>, ctx: CollectorContext): string | undefined;
  /** The CloudFormation type of the records. */
  resourceType: string;
  /** The type of one record, where a listing holds several kinds of resource; `resourceType` otherwise. */
  resourceTypeOf?(item: ItemOf<Page, K>): string;
}

/**
 * A collector that lists a kind of resource and keeps each summary, as returned, as its record
 * (for listings whose summaries hold all the controls judge). A listing error, or a summary
 * without its id, is a coverage error without a resource; the summaries before it are kept.
 */
export function summaryCollector<S extends ServiceName, Page extends object, K extends string>(spec: SummarySpec<S, Page, K>): Collector {
  return serviceCollector(spec, async (client, ctx, records, errors) => {
    try {
      for await (const page of guardedPages(spec.listOperation, spec.pages(client, ctx))) {
        for (const item of itemsOf(spec, page) as ItemOf<Page, K>[]) {
          const id = spec.recordId(item, ctx);
          if (id === undefined) throw malformedItem(spec);
          const resource = { type: spec.resourceTypeOf?.(item) ?? spec.resourceType, id };
          records.push(
            governanceRecord(ctx, {
              collector: spec.id,
              service: spec.service,
              operation: spec.listOperation,
              resource,
              data: item as object,
            }),
          );
        }
      }
    } catch (error) {
      errors.push(coverageError(spec.listOperation, error));
    }
  });
}
