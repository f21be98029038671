import { GetKnowledgeBaseCommand, paginateListKnowledgeBases } from '@aws-sdk/client-bedrock-agent';
import { arnPrefix, listDescribeCollector, listedAs, listing, reading, text } from './list-describe.js';

/** The ARN AWS gives a knowledge base: ListKnowledgeBases names knowledge bases by id only. */
export function knowledgeBaseArn(ctx: { accountId: string; region: string }, knowledgeBaseId: string): string {
  return `${arnPrefix('bedrock', ctx)}:knowledge-base/${knowledgeBaseId}`;
}

/** ListKnowledgeBases: each knowledge base by its id, named in coverage by its ARN (the summary has none). */
export const knowledgeBaseListing = /* @__PURE__ */ listing('bedrock-agent', {
  listOperation: 'ListKnowledgeBases',
  pages: (client) => paginateListKnowledgeBases({ client, pageSize: 100 }, {}),
  itemsKey: 'knowledgeBaseSummaries',
  listed: (item, ctx) => {
    const id = text(item.knowledgeBaseId);
    return id === undefined ? undefined : listedAs(id, knowledgeBaseArn(ctx, id));
  },
  listedBy: 'its identifier',
});

/** Bedrock knowledge bases: ListKnowledgeBases, then GetKnowledgeBase for each (embedding model, vector store, role). */
export const bedrockKnowledgeBases = /* @__PURE__ */ listDescribeCollector({
  id: 'bedrock.knowledge-bases',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock knowledge bases: embedding model, vector store and service role.',
  actions: ['bedrock:ListKnowledgeBases', 'bedrock:GetKnowledgeBase'],
  kinds: [
    {
      ...knowledgeBaseListing,
      ...reading('bedrock-agent', {
        describeOperation: 'GetKnowledgeBase',
        describe: (client, { key }) => client.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: key })),
        recordId: (output) => text(output.knowledgeBase?.knowledgeBaseArn),
        recordedBy: 'identifier',
        resourceType: 'AWS::Bedrock::KnowledgeBase',
      }),
    },
  ],
});
