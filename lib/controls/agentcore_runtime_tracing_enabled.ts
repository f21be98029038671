import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import { AGENTCORE_DELIVERIES, judgeRuntimeDelivery } from './agentcore-deliveries.js';
import { joinedResourceControl } from './joined-helpers.js';

/** A Bedrock AgentCore runtime delivers its traces (spans of every invocation and tool call) to AWS X-Ray. */
export const control = joinedResourceControl(
  {
    id: 'agentcore_runtime_tracing_enabled',
    version: 1,
    title: 'Bedrock AgentCore runtimes deliver traces to AWS X-Ray',
    rationale:
      "Traces follow one agent invocation through its model calls, tool calls and memory reads, which is how an unexpected action is traced back to the prompt or tool result that caused it. AgentCore sends a runtime's spans only through a CloudWatch Logs delivery of logType TRACES to an X-Ray destination.",
    severity: 'LOW',
    remediation:
      'Create a delivery source for the runtime with logType TRACES (PutDeliverySource), a delivery destination of type XRAY (PutDeliveryDestination) and a delivery between them (CreateDelivery); enable CloudWatch Transaction Search once per account to search the spans.',
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.4', 'MEASURE 3.1'],
    iso42001: ['A.6.2.8'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  {
    collector: AGENTCORE_RUNTIMES,
    resourceType: 'AWS::BedrockAgentCore::Runtime',
    noun: 'Bedrock AgentCore runtimes',
    nameField: 'agentRuntimeName',
  },
  [AGENTCORE_DELIVERIES],
  (record, name, relatedOf) =>
    judgeRuntimeDelivery(`Bedrock AgentCore runtime ${name}`, record.resource.id, 'TRACES', 'traces', relatedOf(AGENTCORE_DELIVERIES)),
);
