import {
  type GatewaySummary,
  GetGatewayCommand,
  type GetGatewayCommandOutput,
  paginateListGateways,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { agentCoreCollector, agentCorePages, text } from './agentcore-list-get.js';

export const AGENTCORE_GATEWAYS = 'bedrock-agentcore.gateways';

/** The ARN of a gateway, for coverage errors: ListGateways names gateways by id only. */
export function gatewayArn(scope: { accountId: string; region: string }, gatewayId: string): string {
  return `arn:aws:bedrock-agentcore:${scope.region}:${scope.accountId}:gateway/${gatewayId}`;
}

/** Bedrock AgentCore gateways: ListGateways, then GetGateway for each (authorizer, KMS key). */
export const agentCoreGateways = agentCoreCollector<GatewaySummary, GetGatewayCommandOutput>({
  id: AGENTCORE_GATEWAYS,
  description: 'Amazon Bedrock AgentCore gateways, their inbound authorizer and encryption key.',
  actions: ['bedrock-agentcore:ListGateways', 'bedrock-agentcore:GetGateway'],
  listOperation: 'ListGateways',
  getOperation: 'GetGateway',
  resourceType: 'AWS::BedrockAgentCore::Gateway',
  list: (client) => agentCorePages(paginateListGateways({ client, pageSize: 50 }, {}), (page) => page.items),
  listed: (item, ctx) => {
    const key = text(item.gatewayId);
    return key === undefined ? undefined : { key, resourceId: gatewayArn(ctx, key) };
  },
  get: (client, gatewayIdentifier) => client.send(new GetGatewayCommand({ gatewayIdentifier })),
  arnOf: (output) => text(output.gatewayArn),
});
