import { GUARDRAILS_NAMESPACE } from '../collectors/cloudwatch-bedrock-alarms.js';
import { bedrockAlarmControl } from './bedrock-alarms.js';

/** A region where guardrails are evaluated has a CloudWatch alarm on their interventions that notifies someone. */
export const control = bedrockAlarmControl(
  {
    id: 'bedrock_guardrail_intervention_alarm_configured',
    version: 1,
    title: 'A CloudWatch alarm on Amazon Bedrock guardrail interventions notifies someone where guardrails are used',
    rationale:
      'A guardrail that blocks a prompt attack or a leak of personal data protects that one request; a run of interventions is someone probing the application for a way through, or a model that has started to produce what it should not. AWS/Bedrock/Guardrails InvocationsIntervened counts them. An alarm on it, with an action that reaches a person, turns blocked attacks into an incident someone looks at. Judged in regions whose guardrail metrics had data in the past two weeks.',
    severity: 'MEDIUM',
    remediation:
      'Create a CloudWatch alarm on AWS/Bedrock/Guardrails InvocationsIntervened (per GuardrailArn or across guardrails, static threshold or anomaly detection) with an alarm action to an SNS topic the security team watches, and a runbook for reviewing the blocked requests in the invocation logs.',
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  { namespace: GUARDRAILS_NAMESPACE, usageMetric: 'Invocations', metrics: ['InvocationsIntervened'], use: 'Bedrock guardrail evaluations' },
);
