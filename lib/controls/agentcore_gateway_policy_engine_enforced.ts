import { AGENTCORE_GATEWAYS } from '../collectors/agentcore-gateways.js';
import { AGENTCORE_POLICY_ENGINES } from '../collectors/agentcore-policy-engines.js';
import { joinedResourceControl } from './joined-helpers.js';
import { textField } from './supporting-helpers.js';

const ENGINE_TYPE = 'AWS::BedrockAgentCore::PolicyEngine';

/**
 * A Bedrock AgentCore gateway has a Policy engine attached in ENFORCE mode, and the engine exists
 * and is ACTIVE. LOG_ONLY only records what the policies would have decided: it does not pass.
 */
export const control = joinedResourceControl(
  {
    id: 'agentcore_gateway_policy_engine_enforced',
    version: 1,
    title: 'Bedrock AgentCore gateways enforce an active Policy engine',
    rationale:
      'A Policy engine holds Cedar policies that decide, for every tool call an agent makes through the gateway, whether this caller may use this tool with these arguments. Only in ENFORCE mode are the decisions applied; in LOG_ONLY the engine records what it would have denied and lets every call through, and an engine that is being deleted or failed to update decides nothing. Without an enforcing engine, what an agent can do with its tools is bounded only by the gateway role.',
    severity: 'HIGH',
    remediation:
      'Create a Policy engine (CreatePolicyEngine) with Cedar policies for the gateway\'s tools, test them in LOG_ONLY mode, then update the gateway (UpdateGateway) with policyEngineConfiguration { arn, mode: "ENFORCE" }; repair or replace an engine whose status is not ACTIVE.',
    cafAi: ['identity-and-access-management', 'application-security'],
    aiRmf: ['MANAGE 2.4', 'MEASURE 2.7', 'GOVERN 6.1'],
    iso42001: ['A.4.4', 'A.6.2.5', 'A.9.2'],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  { collector: AGENTCORE_GATEWAYS, resourceType: 'AWS::BedrockAgentCore::Gateway', noun: 'Bedrock AgentCore gateways', nameField: 'name' },
  [AGENTCORE_POLICY_ENGINES],
  (record, name, relatedOf) => {
    const subject = `Bedrock AgentCore gateway ${name}`;
    const configuration = record.data.policyEngineConfiguration;
    if (configuration === undefined || configuration === null) {
      return { status: 'FAIL', reason: `${subject} has no Policy engine: its tool calls are not authorized by any policy.` };
    }
    const arn = textField(record, 'policyEngineConfiguration.arn');
    const mode = textField(record, 'policyEngineConfiguration.mode');
    if (arn === undefined || mode === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `GetGateway for ${subject} returned a policyEngineConfiguration without its arn or mode.`,
      };
    }
    if (mode === 'LOG_ONLY') {
      return {
        status: 'FAIL',
        reason: `${subject} runs Policy engine ${arn} in LOG_ONLY mode: its decisions are logged, not enforced, so every tool call goes through.`,
      };
    }
    if (mode !== 'ENFORCE') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `${subject} runs its Policy engine in mode ${mode}, which this control does not know.`,
      };
    }
    const engines = relatedOf(AGENTCORE_POLICY_ENGINES);
    if (engines.state === 'unread') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `${subject} enforces Policy engine ${arn}, but the Policy engines could not all be read (${engines.why}), so whether it is active is unknown.`,
      };
    }
    const engine = engines.records.find((e) => e.record.resource.type === ENGINE_TYPE && e.record.resource.id === arn);
    if (engine === undefined) {
      return {
        status: 'FAIL',
        reason: `${subject} names Policy engine ${arn}, which does not exist in the account and region: no policy decides its tool calls.`,
      };
    }
    const status = typeof engine.record.data.status === 'string' ? engine.record.data.status : undefined;
    if (status === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetPolicyEngine for ${arn} returned no status.`, cite: [engine] };
    }
    return status === 'ACTIVE'
      ? { status: 'PASS', reason: `${subject} enforces Policy engine ${arn}, which is ACTIVE.`, cite: [engine] }
      : {
          status: 'FAIL',
          reason: `${subject} enforces Policy engine ${arn}, whose status is ${status}, not ACTIVE.`,
          cite: [engine],
        };
  },
);
