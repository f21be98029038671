import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe } from 'vitest';
import { listDescribeCases } from '../fixtures/bedrock-collector-cases.js';
import { bedrockListDescribeCases } from '../fixtures/bedrock-collector-list.js';

const bedrock = mockClient(BedrockClient);
const agent = mockClient(BedrockAgentClient);

beforeEach(() => {
  bedrock.reset();
  agent.reset();
});

afterAll(() => {
  bedrock.restore();
  agent.restore();
});

describe.each(bedrockListDescribeCases(bedrock, agent).map((c) => [c.collector.id, c] as const))('%s collector', (_id, c) => {
  listDescribeCases(c);
});
