import { BEDROCK_NAMESPACE } from '../collectors/cloudwatch-bedrock-alarms.js';
import { bedrockAlarmControl } from './bedrock-alarms.js';

/** A region with Bedrock model invocations has a CloudWatch alarm on their volume that notifies someone. */
export const control = bedrockAlarmControl(
  {
    id: 'bedrock_invocation_alarm_configured',
    version: 1,
    title: 'A CloudWatch alarm on Amazon Bedrock invocation volume notifies someone where models are invoked',
    rationale:
      'Stolen credentials used to run models at the account’s cost (LLM-jacking), a runaway agent loop or a prompt flood show first as a jump in invocations, tokens or throttling. Without an alarm on these AWS/Bedrock metrics, with an action that reaches a person or a runbook, the first sign is the bill. Alarms whose actions are disabled or that have none do not count. Judged in regions whose Invocations metric had data in the past two weeks.',
    severity: 'MEDIUM',
    remediation:
      'Create a CloudWatch alarm on AWS/Bedrock Invocations, InputTokenCount or OutputTokenCount (per ModelId, or across models with metric math; an anomaly detection band suits traffic that varies), or on InvocationThrottles, with an alarm action to an SNS topic the operations or security team watches.',
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.4', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  {
    namespace: BEDROCK_NAMESPACE,
    usageMetric: 'Invocations',
    metrics: ['Invocations', 'InputTokenCount', 'OutputTokenCount', 'InvocationThrottles'],
    use: 'Bedrock model invocations',
  },
);
