import { AGENTCORE_GATEWAYS } from '../collectors/agentcore-gateways.js';
import { resourceControl, textField } from './supporting-helpers.js';

/** A Bedrock AgentCore gateway returns generic errors to callers, not DEBUG detail. */
export const control = resourceControl(
  {
    id: 'agentcore_gateway_debug_errors_disabled',
    version: 1,
    title: 'Bedrock AgentCore gateways do not return DEBUG error details',
    rationale:
      'With exceptionLevel DEBUG a gateway returns granular error messages from its targets to whoever calls it: internal API names, stack traces, target configuration. That helps an attacker (or a prompt-injected agent) map the tools behind the gateway. Without it, callers get a generic error.',
    severity: 'LOW',
    remediation: 'Update the gateway (UpdateGateway) without exceptionLevel, and use CloudWatch logs of the gateway for debugging instead.',
    cafAi: ['application-security'],
    aiRmf: ['MEASURE 2.7'],
    iso42001: ['A.6.2.5'],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  { collector: AGENTCORE_GATEWAYS, resourceType: 'AWS::BedrockAgentCore::Gateway', noun: 'Bedrock AgentCore gateways', nameField: 'name' },
  (record, name) => {
    // GetGateway leaves exceptionLevel out for the default, generic errors.
    const level = textField(record, 'exceptionLevel');
    return level === 'DEBUG'
      ? { status: 'FAIL', reason: `Bedrock AgentCore gateway ${name} returns DEBUG error details to its callers.` }
      : level === undefined
        ? { status: 'PASS', reason: `Bedrock AgentCore gateway ${name} returns generic error messages to its callers.` }
        : {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `Bedrock AgentCore gateway ${name} has exceptionLevel ${level}, which this control does not know.`,
          };
  },
);
