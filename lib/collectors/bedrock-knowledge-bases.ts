import {
  GetKnowledgeBaseCommand,
  type GetKnowledgeBaseCommandOutput,
  type KnowledgeBaseSummary,
  paginateListKnowledgeBases,
} from '@aws-sdk/client-bedrock-agent';
import { knowledgeBaseArn } from './bedrock-knowledge-base-data-sources.js';
import { listDescribeCollector, nonEmpty, pagesOf } from './bedrock-list-describe.js';

/** Bedrock knowledge bases: ListKnowledgeBases, then GetKnowledgeBase for each (embedding model, vector store, role). */
export const bedrockKnowledgeBases = listDescribeCollector<KnowledgeBaseSummary, GetKnowledgeBaseCommandOutput>({
  id: 'bedrock.knowledge-bases',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock knowledge bases: embedding model, vector store and service role.',
  actions: ['bedrock:ListKnowledgeBases', 'bedrock:GetKnowledgeBase'],
  listOperation: 'ListKnowledgeBases',
  describeOperation: 'GetKnowledgeBase',
  resourceType: 'AWS::Bedrock::KnowledgeBase',
  list: (ctx) =>
    pagesOf(
      paginateListKnowledgeBases({ client: ctx.clients.client('bedrock-agent', ctx.region), pageSize: 100 }, {}),
      (p) => p.knowledgeBaseSummaries,
    ),
  name: (item, ctx) => {
    const id = nonEmpty(item.knowledgeBaseId);
    return id === undefined ? undefined : { key: id, resourceId: knowledgeBaseArn(ctx, id) };
  },
  describe: (ctx, key) => ctx.clients.client('bedrock-agent', ctx.region).send(new GetKnowledgeBaseCommand({ knowledgeBaseId: key })),
  recordId: (output) => nonEmpty(output.knowledgeBase?.knowledgeBaseArn),
});
