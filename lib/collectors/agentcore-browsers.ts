import { GetBrowserCommand, paginateListBrowsers } from '@aws-sdk/client-bedrock-agentcore-control';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

export const AGENTCORE_BROWSERS = 'bedrock-agentcore.browsers';

/**
 * Bedrock AgentCore custom browsers: ListBrowsers of type CUSTOM, then GetBrowser for each. The
 * AWS-managed system browser is left out: its settings are AWS's, not the account's.
 */
export const agentCoreBrowsers = /* @__PURE__ */ listDescribeCollector({
  id: AGENTCORE_BROWSERS,
  service: 'bedrock-agentcore-control',
  description: 'Amazon Bedrock AgentCore custom browsers, their network mode and session recording.',
  actions: ['bedrock-agentcore:ListBrowsers', 'bedrock-agentcore:GetBrowser'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agentcore-control', {
      listOperation: 'ListBrowsers',
      pages: (client) => paginateListBrowsers({ client, pageSize: 50 }, { type: 'CUSTOM' }),
      itemsKey: 'browserSummaries',
      listed: (item) => listedAs(item.browserId, item.browserArn),
      listedBy: 'its id or ARN',
      describeOperation: 'GetBrowser',
      describe: (client, { key }) => client.send(new GetBrowserCommand({ browserId: key })),
      recordId: (output) => text(output.browserArn),
      recordedBy: 'ARN',
      resourceType: 'AWS::BedrockAgentCore::BrowserCustom',
    }),
  ],
});
