import { AGENTCORE_GATEWAYS } from '../collectors/agentcore-gateways.js';
import { field, resourceControl, textField } from './supporting-helpers.js';

const nonEmptyList = (value: unknown) => Array.isArray(value) && value.length > 0;

/**
 * A Bedrock AgentCore gateway authorizes its callers. NONE fails; AUTHENTICATE_ONLY (authorization
 * offloaded) passes only with a policy engine in ENFORCE mode or a REQUEST interceptor; a custom JWT
 * authorizer must restrict audience, clients, scopes or claims, or it accepts any token its
 * identity provider issues.
 */
export const control = resourceControl(
  {
    id: 'agentcore_gateway_inbound_authorization_enabled',
    version: 1,
    title: 'Bedrock AgentCore gateways authorize inbound requests',
    rationale:
      'A gateway exposes tools (APIs, Lambda functions, MCP servers) to agents. Without inbound authorization anyone who finds its URL can call those tools with the gateway role; a JWT authorizer that checks no audience, client, scope or claim accepts every token of its identity provider.',
    severity: 'HIGH',
    remediation:
      'Update the gateway (UpdateGateway) with authorizerType AWS_IAM, or CUSTOM_JWT with a customJWTAuthorizer that sets allowedAudience, allowedClients or allowedScopes; with AUTHENTICATE_ONLY attach a policy engine or interceptor that makes the authorization decision.',
    cafAi: ['identity-and-access-management', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'GOVERN 6.1'],
    iso42001: ['A.4.4', 'A.6.2.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: ['BedrockAgentCore.2'],
    configRules: ['bedrockagentcore-gateway-authorizer-enabled'],
  },
  { collector: AGENTCORE_GATEWAYS, resourceType: 'AWS::BedrockAgentCore::Gateway', noun: 'Bedrock AgentCore gateways', nameField: 'name' },
  (record, name) => {
    const type = textField(record, 'authorizerType');
    const subject = `Bedrock AgentCore gateway ${name}`;
    switch (type) {
      case undefined:
        return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetGateway for ${subject} returned no authorizerType.` };
      case 'NONE':
        return { status: 'FAIL', reason: `${subject} has no inbound authorization (authorizerType NONE): anyone can call its tools.` };
      case 'AWS_IAM':
        return { status: 'PASS', reason: `${subject} authorizes inbound requests with AWS IAM (SigV4).` };
      case 'AUTHENTICATE_ONLY': {
        // Only a policy engine that enforces, or an interceptor that sees requests, can refuse a caller.
        const enforcing = field(record, 'policyEngineConfiguration.mode') === 'ENFORCE';
        const interceptors = field(record, 'interceptorConfigurations');
        const intercepting =
          Array.isArray(interceptors) &&
          interceptors.some((i) => Array.isArray(i?.interceptionPoints) && (i.interceptionPoints as unknown[]).includes('REQUEST'));
        if (enforcing || intercepting) {
          const by = enforcing ? 'its policy engine in ENFORCE mode' : 'a request interceptor';
          return { status: 'PASS', reason: `${subject} authenticates callers and leaves authorization to ${by}.` };
        }
        return {
          status: 'FAIL',
          reason: `${subject} only authenticates callers (AUTHENTICATE_ONLY) and has no enforcing policy engine or request interceptor to authorize them.`,
        };
      }
      case 'CUSTOM_JWT': {
        const jwt = field(record, 'authorizerConfiguration.customJWTAuthorizer');
        if (jwt === undefined || textField(record, 'authorizerConfiguration.customJWTAuthorizer.discoveryUrl') === undefined) {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `GetGateway for ${subject} returned CUSTOM_JWT without authorizerConfiguration.customJWTAuthorizer.discoveryUrl.`,
          };
        }
        const restricted = ['allowedAudience', 'allowedClients', 'allowedScopes', 'customClaims'].filter((k) =>
          nonEmptyList(field(record, `authorizerConfiguration.customJWTAuthorizer.${k}`)),
        );
        return restricted.length > 0
          ? { status: 'PASS', reason: `${subject} authorizes inbound requests with a JWT authorizer that checks ${restricted.join(', ')}.` }
          : {
              status: 'FAIL',
              reason: `${subject} has a JWT authorizer that checks no audience, client, scope or claim, so any token of its identity provider is accepted.`,
            };
      }
      default:
        return { status: 'INSUFFICIENT_EVIDENCE', reason: `${subject} has authorizerType ${type}, which this control does not know.` };
    }
  },
);
