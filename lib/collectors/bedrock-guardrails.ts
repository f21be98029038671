import { GetGuardrailCommand, paginateListGuardrails } from '@aws-sdk/client-bedrock';
import { kind, listDescribeCollector, listedAs, text } from './list-describe.js';

/**
 * Bedrock guardrails: ListGuardrails, then GetGuardrail for each. Both name no version, so each
 * record is the guardrail's working draft (DRAFT), the configuration its next version is made
 * from; numbered versions are immutable snapshots of an earlier draft.
 */
export const bedrockGuardrails = /* @__PURE__ */ listDescribeCollector({
  id: 'bedrock.guardrails',
  service: 'bedrock',
  description: 'Amazon Bedrock guardrails and their content, denied topic, sensitive information and contextual grounding policies.',
  actions: ['bedrock:ListGuardrails', 'bedrock:GetGuardrail'],
  kinds: [
    /* @__PURE__ */ kind('bedrock', {
      listOperation: 'ListGuardrails',
      pages: (client) => paginateListGuardrails({ client, pageSize: 100 }, {}),
      itemsKey: 'guardrails',
      listed: (item) => listedAs(item.id, item.arn),
      listedBy: 'its identifier',
      describeOperation: 'GetGuardrail',
      describe: (client, { key }) => client.send(new GetGuardrailCommand({ guardrailIdentifier: key })),
      recordId: (output) => text(output.guardrailArn),
      recordedBy: 'identifier',
      resourceType: 'AWS::Bedrock::Guardrail',
    }),
  ],
});
