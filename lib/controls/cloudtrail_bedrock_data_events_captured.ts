import { dataEventsControl } from './cloudtrail-helpers.js';

/** The Bedrock resource types whose invocations are CloudTrail data events and must be selected. */
export const BEDROCK_DATA_EVENT_TYPES = ['AWS::Bedrock::AgentAlias', 'AWS::Bedrock::KnowledgeBase', 'AWS::Bedrock::Guardrail'] as const;

/** A logging trail records Bedrock agent, knowledge base and guardrail invocations (data events). */
export const control = dataEventsControl(
  {
    id: 'cloudtrail_bedrock_data_events_captured',
    version: 3,
    title: 'CloudTrail records Amazon Bedrock data events (agent, knowledge base and guardrail invocations)',
    rationale:
      'InvokeAgent, Retrieve, RetrieveAndGenerate and ApplyGuardrail are data events, which trails do not log unless selected. Without them nobody can tell who queried a knowledge base holding customer data or drove an agent that acts on their behalf.',
    severity: 'MEDIUM',
    remediation:
      'Add advanced event selectors to a logging multi-region trail (PutEventSelectors) with eventCategory = Data and resources.type = AWS::Bedrock::AgentAlias, AWS::Bedrock::KnowledgeBase and AWS::Bedrock::Guardrail (one selector each, or resources.type StartsWith AWS::Bedrock::).',
    cafAi: ['threat-detection', 'incident-response', 'application-security'],
    aiRmf: ['MEASURE 2.4', 'MEASURE 2.8', 'MANAGE 4.1'],
    iso42001: ['A.6.2.8'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  'Amazon Bedrock',
  BEDROCK_DATA_EVENT_TYPES,
);
