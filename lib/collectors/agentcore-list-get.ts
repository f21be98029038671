import type { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

/** AgentCore control-plane Get* calls share a per-account rate; a few at a time stays under it. */
const GET_CONCURRENCY = 4;

/** One listed resource: the identifier its Get* call takes and the ARN coverage names it by. */
export interface AgentCoreListed {
  key: string;
  resourceId: string;
}

/** A page of an AgentCore listing. */
export interface AgentCorePage<Item> {
  items: readonly Item[] | undefined;
  nextToken: string | undefined;
}

export interface AgentCoreSpec<Item, Output extends object> {
  id: string;
  description: string;
  actions: readonly string[];
  listOperation: string;
  getOperation: string;
  /** The CloudFormation type of the records. */
  resourceType: string;
  /** The listing's pages (an SDK paginator, adapted). */
  list(client: BedrockAgentCoreControlClient): AsyncIterable<AgentCorePage<Item>>;
  /** Names a listed item; undefined when it lacks its id or ARN (a malformed answer). */
  listed(item: Item, ctx: CollectorContext): AgentCoreListed | undefined;
  get(client: BedrockAgentCoreControlClient, key: string): Promise<Output>;
  /** The ARN in the Get* answer; undefined when the answer lacks it. */
  arnOf(output: Output): string | undefined;
}

/** Keeps `value` if it is a non-empty string. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A collector that lists one kind of Bedrock AgentCore resource and reads each with its Get* call:
 * one record per Get* answer, kept as returned. A listing error (or a repeated nextToken, or an item
 * without its id) is a coverage error without a resource; a Get* error names the resource's ARN.
 */
export function agentCoreCollector<Item, Output extends object>(spec: AgentCoreSpec<Item, Output>): Collector {
  return {
    id: spec.id,
    service: 'bedrock-agentcore-control',
    description: spec.description,
    actions: spec.actions,
    async collect(ctx: CollectorContext): Promise<CollectorResult> {
      const client = ctx.clients.client('bedrock-agentcore-control', ctx.region);
      const errors: CoverageError[] = [];
      const listed: AgentCoreListed[] = [];
      const tokens = new Set<string>();
      try {
        for await (const page of spec.list(client)) {
          for (const item of page.items ?? []) {
            const named = spec.listed(item, ctx);
            if (named === undefined) throw new InvalidResponseError(`${spec.listOperation} returned an item without its id or ARN.`);
            listed.push(named);
          }
          // The SDK paginator would follow a token it was already given forever.
          if (page.nextToken !== undefined && tokens.has(page.nextToken)) {
            throw new InvalidResponseError(`${spec.listOperation} returned a nextToken it had already returned.`);
          }
          if (page.nextToken !== undefined) tokens.add(page.nextToken);
        }
      } catch (error) {
        errors.push(coverageError(spec.listOperation, error));
      }

      const read = await mapWithConcurrency(listed, GET_CONCURRENCY, async (item) => {
        try {
          const output = await spec.get(client, item.key);
          const arn = spec.arnOf(output);
          if (arn === undefined) throw new InvalidResponseError(`${spec.getOperation} for ${item.resourceId} returned no ARN.`);
          return makeEvidence({
            accountId: ctx.accountId,
            region: ctx.region,
            source: { collector: spec.id, service: 'bedrock-agentcore-control', operation: spec.getOperation },
            resource: { type: spec.resourceType, id: arn },
            collectedAt: ctx.now(),
            data: output,
          });
        } catch (error) {
          errors.push(coverageError(spec.getOperation, error, item.resourceId));
          return undefined;
        }
      });
      const records = read.filter((r): r is EvidenceRecord => r !== undefined);
      return collectorResult(spec.id, ctx, records, errors);
    },
  };
}

/** Adapts an SDK paginator to {@link AgentCorePage}s. */
export async function* agentCorePages<Page extends { nextToken?: string | undefined }, Item>(
  paginator: AsyncIterable<Page>,
  items: (page: Page) => readonly Item[] | undefined,
): AsyncIterable<AgentCorePage<Item>> {
  for await (const page of paginator) yield { items: items(page), nextToken: page.nextToken };
}
