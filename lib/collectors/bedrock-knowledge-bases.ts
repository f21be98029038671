import { GetKnowledgeBaseCommand, paginateListKnowledgeBases } from '@aws-sdk/client-bedrock-agent';
import { knowledgeBaseArn } from './bedrock-knowledge-base-data-sources.js';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

/** Bedrock knowledge bases: ListKnowledgeBases, then GetKnowledgeBase for each (embedding model, vector store, role). */
export const bedrockKnowledgeBases = listDescribeCollector({
  id: 'bedrock.knowledge-bases',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock knowledge bases: embedding model, vector store and service role.',
  actions: ['bedrock:ListKnowledgeBases', 'bedrock:GetKnowledgeBase'],
  kinds: [
    kind('bedrock-agent', {
      listOperation: 'ListKnowledgeBases',
      pages: (client) => paginateListKnowledgeBases({ client, pageSize: 100 }, {}),
      itemsKey: 'knowledgeBaseSummaries',
      listed: (item, ctx) => {
        const id = text(item.knowledgeBaseId);
        return id === undefined ? undefined : listedAs(id, knowledgeBaseArn(ctx, id));
      },
      listedBy: 'its identifier',
      describeOperation: 'GetKnowledgeBase',
      describe: (client, { key }) => client.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: key })),
      recordId: (output) => text(output.knowledgeBase?.knowledgeBaseArn),
      recordedBy: 'identifier',
      resourceType: 'AWS::Bedrock::KnowledgeBase',
    }),
  ],
});
