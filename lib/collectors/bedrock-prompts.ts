import { GetPromptCommand, type GetPromptCommandOutput, type PromptSummary, paginateListPrompts } from '@aws-sdk/client-bedrock-agent';
import { listDescribeCollector, nonEmpty, pagesOf } from './bedrock-list-describe.js';

/** Bedrock Prompt Management prompts: ListPrompts, then GetPrompt for each (its draft). */
export const bedrockPrompts = listDescribeCollector<PromptSummary, GetPromptCommandOutput>({
  id: 'bedrock.prompts',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock Prompt Management prompts and the KMS key that encrypts each.',
  actions: ['bedrock:ListPrompts', 'bedrock:GetPrompt'],
  listOperation: 'ListPrompts',
  describeOperation: 'GetPrompt',
  resourceType: 'AWS::Bedrock::Prompt',
  list: (ctx) =>
    pagesOf(paginateListPrompts({ client: ctx.clients.client('bedrock-agent', ctx.region), pageSize: 100 }, {}), (p) => p.promptSummaries),
  name: (item) => {
    const id = nonEmpty(item.id);
    const arn = nonEmpty(item.arn);
    return id === undefined || arn === undefined ? undefined : { key: id, resourceId: arn };
  },
  describe: (ctx, key) => ctx.clients.client('bedrock-agent', ctx.region).send(new GetPromptCommand({ promptIdentifier: key })),
  recordId: (output) => nonEmpty(output.arn),
});
