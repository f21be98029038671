import { GetGatewayCommand, paginateListGateways } from '@aws-sdk/client-bedrock-agentcore-control';
import { arnPrefix, kind, listDescribeCollector, listedAs, text } from './list-describe.js';

export const AGENTCORE_GATEWAYS = 'bedrock-agentcore.gateways';

/** The ARN of a gateway, for coverage errors: ListGateways names gateways by id only. */
export function gatewayArn(scope: { accountId: string; region: string }, gatewayId: string): string {
  return `${arnPrefix('bedrock-agentcore', scope)}:gateway/${gatewayId}`;
}

/** Bedrock AgentCore gateways: ListGateways, then GetGateway for each (authorizer, KMS key). */
export const agentCoreGateways = /* @__PURE__ */ listDescribeCollector({
  id: AGENTCORE_GATEWAYS,
  service: 'bedrock-agentcore-control',
  description: 'Amazon Bedrock AgentCore gateways, their inbound authorizer and encryption key.',
  actions: ['bedrock-agentcore:ListGateways', 'bedrock-agentcore:GetGateway'],
  kinds: [
    /* @__PURE__ */ kind('bedrock-agentcore-control', {
      listOperation: 'ListGateways',
      pages: (client) => paginateListGateways({ client, pageSize: 50 }, {}),
      itemsKey: 'items',
      listed: (item, ctx) => {
        const id = text(item.gatewayId);
        return id === undefined ? undefined : listedAs(id, gatewayArn(ctx, id));
      },
      listedBy: 'its id or ARN',
      describeOperation: 'GetGateway',
      describe: (client, { key }) => client.send(new GetGatewayCommand({ gatewayIdentifier: key })),
      recordId: (output) => text(output.gatewayArn),
      recordedBy: 'ARN',
      resourceType: 'AWS::BedrockAgentCore::Gateway',
    }),
  ],
});
