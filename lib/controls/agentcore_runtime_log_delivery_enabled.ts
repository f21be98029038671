import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import { AGENTCORE_DELIVERIES, judgeRuntimeDelivery } from './agentcore-deliveries.js';
import { joinedResourceControl } from './joined-helpers.js';

/**
 * A Bedrock AgentCore runtime delivers its application logs (CloudWatch Logs vended logs) to a
 * destination that exists. A delivery to a log group that was deleted does not pass.
 */
export const control = joinedResourceControl(
  {
    id: 'agentcore_runtime_log_delivery_enabled',
    version: 1,
    title: 'Bedrock AgentCore runtimes deliver application logs to a destination that exists',
    rationale:
      "An agent's application logs record the requests it served, the tools it called and the errors it met: what an investigation of a misused or manipulated agent starts from. AgentCore sends them only through a CloudWatch Logs delivery (delivery source of the runtime, delivery, destination); a delivery whose log group was deleted drops every record silently, so the destination is checked as well as the configuration.",
    severity: 'MEDIUM',
    remediation:
      'Create a delivery source for the runtime with logType APPLICATION_LOGS (PutDeliverySource), a delivery destination (PutDeliveryDestination) for a CloudWatch Logs group, S3 bucket or Firehose stream that exists, and a delivery between them (CreateDelivery); recreate the log group or repoint the delivery where the group is gone.',
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.4', 'MANAGE 4.1', 'GOVERN 1.5'],
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
    judgeRuntimeDelivery(
      `Bedrock AgentCore runtime ${name}`,
      record.resource.id,
      'APPLICATION_LOGS',
      'application logs',
      relatedOf(AGENTCORE_DELIVERIES),
    ),
);
