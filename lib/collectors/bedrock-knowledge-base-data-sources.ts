import { GetDataSourceCommand, paginateListDataSources } from '@aws-sdk/client-bedrock-agent';
import type { CoverageError } from '../evidence/coverage.js';
import { knowledgeBaseArn, knowledgeBaseListing } from './bedrock-knowledge-bases.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult } from './errors.js';
import { DESCRIBE_CONCURRENCY, describeAll, type Listed, listAll, listing, reading, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'bedrock.knowledge-base-data-sources';

/** Data sources have no ARN; this id is stable: the knowledge base's ARN and the data source's id. */
export function dataSourceId(ctx: { accountId: string; region: string }, knowledgeBaseId: string, id: string): string {
  return `${knowledgeBaseArn(ctx, knowledgeBaseId)}/data-source/${id}`;
}

/** A listed data source: its id (the key) and the knowledge base it belongs to, which GetDataSource also takes. */
type ListedSource = Listed & { knowledgeBaseId: string };

function dataSourcesOf(knowledgeBaseId: string) {
  return listing('bedrock-agent', {
    listOperation: 'ListDataSources',
    pages: (client) => paginateListDataSources({ client, pageSize: 100 }, { knowledgeBaseId }),
    itemsKey: 'dataSourceSummaries',
    listed: (item, ctx): ListedSource | undefined => {
      const id = text(item.dataSourceId);
      return id === undefined ? undefined : { key: id, resourceId: dataSourceId(ctx, knowledgeBaseId, id), knowledgeBaseId };
    },
    listedBy: 'its identifier',
  });
}

const getDataSource = reading('bedrock-agent', {
  describeOperation: 'GetDataSource',
  describe: (client, source: ListedSource) =>
    client.send(new GetDataSourceCommand({ knowledgeBaseId: source.knowledgeBaseId, dataSourceId: source.key })),
  // The answer must be of the data source asked for; the record is keyed by the stable id.
  recordId: (output, source) => (text(output.dataSource?.dataSourceId) === source.key ? source.resourceId : undefined),
  recordedBy: 'data source or another one',
  resourceType: 'AWS::Bedrock::DataSource',
});

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
    const bases = await listAll(client, ctx, knowledgeBaseListing, errors);
    // Results keep the order of the knowledge bases, so records come out in the same order every run.
    const perBase = await mapWithConcurrency(bases, DESCRIBE_CONCURRENCY, (base) =>
      listAll(client, ctx, dataSourcesOf(base.key), errors, base.resourceId),
    );
    const records = await describeAll(client, ctx, { id: ID, service: 'bedrock-agent' }, getDataSource, perBase.flat(), errors);
    return collectorResult(ID, ctx, records, errors);
  },
};
