import { AGENTCORE_MEMORIES } from '../collectors/agentcore-memories.js';
import { field, resourceControl, textField } from './supporting-helpers.js';

/** A Bedrock AgentCore memory encrypts what it remembers with a customer managed KMS key. */
export const control = resourceControl(
  {
    id: 'agentcore_memory_encrypted_with_cmk',
    version: 1,
    title: 'Bedrock AgentCore memories are encrypted with a customer managed KMS key',
    rationale:
      'Agent memory keeps conversation events and the facts, preferences and summaries extracted from them: personal data of the users an agent talks to. A customer managed key lets the organisation control, audit and revoke access to it.',
    severity: 'MEDIUM',
    remediation:
      'Create a customer managed KMS key whose policy lets AgentCore Memory use it, create a new memory with encryptionKeyArn set to it and move the agents to the new memory.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.4.3', 'A.7.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: ['BedrockAgentCore.3'],
    configRules: ['bedrock-agentcore-memory-encryption-enabled'],
  },
  {
    collector: AGENTCORE_MEMORIES,
    resourceType: 'AWS::BedrockAgentCore::Memory',
    noun: 'Bedrock AgentCore memories',
    nameField: 'memory.name',
  },
  (record, name) => {
    if (field(record, 'memory') === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetMemory for Bedrock AgentCore memory ${name} returned no memory.` };
    }
    const key = textField(record, 'memory.encryptionKeyArn');
    return key !== undefined
      ? { status: 'PASS', reason: `Bedrock AgentCore memory ${name} is encrypted with KMS key ${key}.` }
      : { status: 'FAIL', reason: `Bedrock AgentCore memory ${name} is encrypted with an AWS owned key, not a customer managed KMS key.` };
  },
);
