import {
  type CodeInterpreterSummary,
  GetCodeInterpreterCommand,
  type GetCodeInterpreterCommandOutput,
  paginateListCodeInterpreters,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { agentCoreCollector, agentCorePages, text } from './agentcore-list-get.js';

export const AGENTCORE_CODE_INTERPRETERS = 'bedrock-agentcore.code-interpreters';

/**
 * Bedrock AgentCore custom code interpreters: ListCodeInterpreters of type CUSTOM, then
 * GetCodeInterpreter for each (the AWS-managed system interpreter is left out).
 */
export const agentCoreCodeInterpreters = agentCoreCollector<CodeInterpreterSummary, GetCodeInterpreterCommandOutput>({
  id: AGENTCORE_CODE_INTERPRETERS,
  description: 'Amazon Bedrock AgentCore custom code interpreters and their network mode.',
  actions: ['bedrock-agentcore:ListCodeInterpreters', 'bedrock-agentcore:GetCodeInterpreter'],
  listOperation: 'ListCodeInterpreters',
  getOperation: 'GetCodeInterpreter',
  resourceType: 'AWS::BedrockAgentCore::CodeInterpreterCustom',
  list: (client) =>
    agentCorePages(paginateListCodeInterpreters({ client, pageSize: 50 }, { type: 'CUSTOM' }), (page) => page.codeInterpreterSummaries),
  listed: (item) => {
    const key = text(item.codeInterpreterId);
    const resourceId = text(item.codeInterpreterArn);
    return key === undefined || resourceId === undefined ? undefined : { key, resourceId };
  },
  get: (client, codeInterpreterId) => client.send(new GetCodeInterpreterCommand({ codeInterpreterId })),
  arnOf: (output) => text(output.codeInterpreterArn),
});
