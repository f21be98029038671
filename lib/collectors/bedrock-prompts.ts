import { GetPromptCommand, paginateListPrompts } from '@aws-sdk/client-bedrock-agent';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

/** Bedrock Prompt Management prompts: ListPrompts, then GetPrompt for each (its draft). */
export const bedrockPrompts = /* @__PURE__ */ listDescribeCollector({
  id: 'bedrock.prompts',
  service: 'bedrock-agent',
  description: 'Amazon Bedrock Prompt Management prompts and the KMS key that encrypts each.',
  actions: ['bedrock:ListPrompts', 'bedrock:GetPrompt'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agent', {
      listOperation: 'ListPrompts',
      pages: (client) => paginateListPrompts({ client, pageSize: 100 }, {}),
      itemsKey: 'promptSummaries',
      listed: (item) => listedAs(item.id, item.arn),
      listedBy: 'its identifier',
      describeOperation: 'GetPrompt',
      describe: (client, { key }) => client.send(new GetPromptCommand({ promptIdentifier: key })),
      recordId: (output) => text(output.arn),
      recordedBy: 'identifier',
      resourceType: 'AWS::Bedrock::Prompt',
    }),
  ],
});
