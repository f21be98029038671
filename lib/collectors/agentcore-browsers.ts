import {
  type BrowserSummary,
  GetBrowserCommand,
  type GetBrowserCommandOutput,
  paginateListBrowsers,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { agentCoreCollector, agentCorePages, text } from './agentcore-list-get.js';

export const AGENTCORE_BROWSERS = 'bedrock-agentcore.browsers';

/**
 * Bedrock AgentCore custom browsers: ListBrowsers of type CUSTOM, then GetBrowser for each. The
 * AWS-managed system browser is left out: its settings are AWS's, not the account's.
 */
export const agentCoreBrowsers = agentCoreCollector<BrowserSummary, GetBrowserCommandOutput>({
  id: AGENTCORE_BROWSERS,
  description: 'Amazon Bedrock AgentCore custom browsers, their network mode and session recording.',
  actions: ['bedrock-agentcore:ListBrowsers', 'bedrock-agentcore:GetBrowser'],
  listOperation: 'ListBrowsers',
  getOperation: 'GetBrowser',
  resourceType: 'AWS::BedrockAgentCore::BrowserCustom',
  list: (client) => agentCorePages(paginateListBrowsers({ client, pageSize: 50 }, { type: 'CUSTOM' }), (page) => page.browserSummaries),
  listed: (item) => {
    const key = text(item.browserId);
    const resourceId = text(item.browserArn);
    return key === undefined || resourceId === undefined ? undefined : { key, resourceId };
  },
  get: (client, browserId) => client.send(new GetBrowserCommand({ browserId })),
  arnOf: (output) => text(output.browserArn),
});
