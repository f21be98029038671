import {
  GetGuardrailCommand,
  type GetGuardrailCommandOutput,
  type GuardrailSummary,
  paginateListGuardrails,
} from '@aws-sdk/client-bedrock';
import { listDescribeCollector, nonEmpty, pagesOf } from './bedrock-list-describe.js';

/**
 * Bedrock guardrails: ListGuardrails, then GetGuardrail for each. Both name no version, so each
 * record is the guardrail's working draft (DRAFT), the configuration its next version is made
 * from; numbered versions are immutable snapshots of an earlier draft.
 */
export const bedrockGuardrails = listDescribeCollector<GuardrailSummary, GetGuardrailCommandOutput>({
  id: 'bedrock.guardrails',
  service: 'bedrock',
  description: 'Amazon Bedrock guardrails and their content, denied topic, sensitive information and contextual grounding policies.',
  actions: ['bedrock:ListGuardrails', 'bedrock:GetGuardrail'],
  listOperation: 'ListGuardrails',
  describeOperation: 'GetGuardrail',
  resourceType: 'AWS::Bedrock::Guardrail',
  list: (ctx) =>
    pagesOf(paginateListGuardrails({ client: ctx.clients.client('bedrock', ctx.region), pageSize: 100 }, {}), (p) => p.guardrails),
  name: (item) => {
    const id = nonEmpty(item.id);
    const arn = nonEmpty(item.arn);
    return id === undefined || arn === undefined ? undefined : { key: id, resourceId: arn };
  },
  describe: (ctx, key) => ctx.clients.client('bedrock', ctx.region).send(new GetGuardrailCommand({ guardrailIdentifier: key })),
  recordId: (output) => nonEmpty(output.guardrailArn),
});
