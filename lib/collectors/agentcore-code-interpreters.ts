import { GetCodeInterpreterCommand, paginateListCodeInterpreters } from '@aws-sdk/client-bedrock-agentcore-control';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

export const AGENTCORE_CODE_INTERPRETERS = 'bedrock-agentcore.code-interpreters';

/**
 * Bedrock AgentCore custom code interpreters: ListCodeInterpreters of type CUSTOM, then
 * GetCodeInterpreter for each (the AWS-managed system interpreter is left out).
 */
export const agentCoreCodeInterpreters = /* @__PURE__ */ listDescribeCollector({
  id: AGENTCORE_CODE_INTERPRETERS,
  service: 'bedrock-agentcore-control',
  description: 'Amazon Bedrock AgentCore custom code interpreters and their network mode.',
  actions: ['bedrock-agentcore:ListCodeInterpreters', 'bedrock-agentcore:GetCodeInterpreter'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agentcore-control', {
      listOperation: 'ListCodeInterpreters',
      pages: (client) => paginateListCodeInterpreters({ client, pageSize: 50 }, { type: 'CUSTOM' }),
      itemsKey: 'codeInterpreterSummaries',
      listed: (item) => listedAs(item.codeInterpreterId, item.codeInterpreterArn),
      listedBy: 'its id or ARN',
      describeOperation: 'GetCodeInterpreter',
      describe: (client, { key }) => client.send(new GetCodeInterpreterCommand({ codeInterpreterId: key })),
      recordId: (output) => text(output.codeInterpreterArn),
      recordedBy: 'ARN',
      resourceType: 'AWS::BedrockAgentCore::CodeInterpreterCustom',
    }),
  ],
});
