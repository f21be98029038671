import { GetDataSourceCommand, paginateListDataSources, paginateListKnowledgeBases } from '@aws-sdk/client-bedrock-agent';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { BEDROCK_DESCRIBE_CONCURRENCY, bedrockArnPrefix, type Listed, listAll, nonEmpty, pagesOf } from './bedrock-list-describe.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'bedrock.knowledge-base-data-sources';

/** Data sources have no ARN; this id is stable: the knowledge base's ARN and the data source's id. */
export function dataSourceId(ctx: { accountId: string; region: string }, knowledgeBaseId: string, id: string): string {
  return `${knowledgeBaseArn(ctx, knowledgeBaseId)}/data-source/${id}`;
}

export function knowledgeBaseArn(ctx: { accountId: string; region: string }, knowledgeBaseId: string): string {
  return `${bedrockArnPrefix(ctx)}:knowledge-base/${knowledgeBaseId}`;
}

/**
 * The data sources of every Bedrock knowledge base: ListKnowledgeBases, ListDataSources for each
 * knowledge base, GetDataSource for each data source (its server-side encryption setting). A
 * knowledge base whose data sources cannot be listed is a gap named by the knowledge base's ARN.
 */
export const bedrockKnowledgeBaseDataSources: Collector = {
  id: ID,
  service: 'bedrock-agent',
  description: 'Amazon Bedrock knowledge base data sources and the KMS key that encrypts their transient data.',
  actions: ['bedrock:ListKnowledgeBases', 'bedrock:ListDataSources', 'bedrock:GetDataSource'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('bedrock-agent', ctx.region);
    const errors: CoverageError[] = [];
    const bases: Listed[] = [];
    try {
      await listAll(
        'ListKnowledgeBases',
        pagesOf(paginateListKnowledgeBases({ client, pageSize: 100 }, {}), (p) => p.knowledgeBaseSummaries),
        (item) => {
          const id = nonEmpty(item.knowledgeBaseId);
          return id === undefined ? undefined : { key: id, resourceId: knowledgeBaseArn(ctx, id) };
        },
        bases,
      );
    } catch (error) {
      errors.push(coverageError('ListKnowledgeBases', error));
    }

    // Results keep the order of the knowledge bases, so records come out in the same order every run.
    const perBase = await mapWithConcurrency(bases, BEDROCK_DESCRIBE_CONCURRENCY, async (base) => {
      const listed: Listed[] = [];
      try {
        await listAll(
          'ListDataSources',
          pagesOf(paginateListDataSources({ client, pageSize: 100 }, { knowledgeBaseId: base.key }), (p) => p.dataSourceSummaries),
          (item) => {
            const id = nonEmpty(item.dataSourceId);
            return id === undefined ? undefined : { key: id, resourceId: dataSourceId(ctx, base.key, id) };
          },
          listed,
        );
      } catch (error) {
        errors.push(coverageError('ListDataSources', error, base.resourceId));
      }
      return listed.map((item) => ({ knowledgeBaseId: base.key, dataSourceId: item.key, resourceId: item.resourceId }));
    });
    const sources = perBase.flat();

    const read = await mapWithConcurrency(sources, BEDROCK_DESCRIBE_CONCURRENCY, async (source) => {
      try {
        const output = await client.send(
          new GetDataSourceCommand({ knowledgeBaseId: source.knowledgeBaseId, dataSourceId: source.dataSourceId }),
        );
        if (nonEmpty(output.dataSource?.dataSourceId) !== source.dataSourceId) {
          throw new InvalidResponseError(`GetDataSource for ${source.resourceId} returned no data source or another one.`);
        }
        return makeEvidence({
          accountId: ctx.accountId,
          region: ctx.region,
          source: { collector: ID, service: 'bedrock-agent', operation: 'GetDataSource' },
          resource: { type: 'AWS::Bedrock::DataSource', id: source.resourceId },
          collectedAt: ctx.now(),
          data: output,
        });
      } catch (error) {
        errors.push(coverageError('GetDataSource', error, source.resourceId));
        return undefined;
      }
    });
    const records = read.filter((r): r is EvidenceRecord => r !== undefined);
    return collectorResult(ID, ctx, records, errors);
  },
};
