import { GetOnlineEvaluationConfigCommand, paginateListOnlineEvaluationConfigs } from '@aws-sdk/client-bedrock-agentcore-control';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

export const AGENTCORE_ONLINE_EVALUATIONS = 'bedrock-agentcore.online-evaluations';
export const ONLINE_EVALUATION_TYPE = 'AWS::BedrockAgentCore::OnlineEvaluationConfig';

/** AgentCore Evaluations' online evaluation configurations: ListOnlineEvaluationConfigs, then GetOnlineEvaluationConfig (data source, status). */
export const agentCoreOnlineEvaluations = /* @__PURE__ */ listDescribeCollector({
  id: AGENTCORE_ONLINE_EVALUATIONS,
  service: 'bedrock-agentcore-control',
  description: 'Amazon Bedrock AgentCore online evaluation configurations: the agent traces they evaluate and whether they run.',
  actions: ['bedrock-agentcore:ListOnlineEvaluationConfigs', 'bedrock-agentcore:GetOnlineEvaluationConfig'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agentcore-control', {
      listOperation: 'ListOnlineEvaluationConfigs',
      pages: (client) => paginateListOnlineEvaluationConfigs({ client, pageSize: 100 }, {}),
      itemsKey: 'onlineEvaluationConfigs',
      listed: (item) => listedAs(item.onlineEvaluationConfigId, item.onlineEvaluationConfigArn),
      itemCalled: 'a configuration',
      listedBy: 'its id or ARN',
      describeOperation: 'GetOnlineEvaluationConfig',
      describe: (client, { key }) => client.send(new GetOnlineEvaluationConfigCommand({ onlineEvaluationConfigId: key })),
      recordId: (output) => text(output.onlineEvaluationConfigArn),
      recordedBy: 'ARN',
      resourceType: ONLINE_EVALUATION_TYPE,
    }),
  ],
});
