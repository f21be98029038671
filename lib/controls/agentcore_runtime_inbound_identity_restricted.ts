import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import { field, resourceControl, textField } from './supporting-helpers.js';

const nonEmptyList = (value: unknown) => Array.isArray(value) && value.length > 0;

/**
 * A Bedrock AgentCore runtime identifies its callers: with AWS IAM (SigV4, the default when no
 * authorizer is configured) or with a JWT authorizer that checks audience, clients, scopes or claims.
 * A JWT authorizer that checks none of them accepts any token of its identity provider.
 */
export const control = resourceControl(
  {
    id: 'agentcore_runtime_inbound_identity_restricted',
    version: 1,
    title: 'Bedrock AgentCore runtimes accept only identified, intended callers',
    rationale:
      "Inbound identity decides who may invoke an agent and on whose behalf it then acts (the caller's token is what AgentCore Identity exchanges for access to downstream tools). A runtime with a JWT authorizer that checks no audience, client, scope or claim accepts every token its identity provider issues, including tokens minted for other applications, so any user of that provider can drive the agent and its tools.",
    severity: 'HIGH',
    remediation:
      'Update the runtime (UpdateAgentRuntime) with authorizerConfiguration.customJWTAuthorizer listing allowedAudience, allowedClients or allowedScopes for the applications meant to call it, or remove the JWT authorizer so that callers must sign with IAM (SigV4).',
    cafAi: ['identity-and-access-management', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'GOVERN 6.1'],
    iso42001: ['A.4.4', 'A.6.2.5'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  {
    collector: AGENTCORE_RUNTIMES,
    resourceType: 'AWS::BedrockAgentCore::Runtime',
    noun: 'Bedrock AgentCore runtimes',
    nameField: 'agentRuntimeName',
  },
  (record, name) => {
    const subject = `Bedrock AgentCore runtime ${name}`;
    const authorizer = field(record, 'authorizerConfiguration');
    // GetAgentRuntime leaves authorizerConfiguration out when the runtime takes IAM (SigV4) callers only.
    if (authorizer === undefined || authorizer === null) {
      return { status: 'PASS', reason: `${subject} accepts only callers that sign with AWS IAM (SigV4).` };
    }
    if (textField(record, 'authorizerConfiguration.customJWTAuthorizer.discoveryUrl') === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `GetAgentRuntime for ${subject} returned an authorizerConfiguration without customJWTAuthorizer.discoveryUrl.`,
      };
    }
    const restricted = ['allowedAudience', 'allowedClients', 'allowedScopes', 'customClaims'].filter((k) =>
      nonEmptyList(field(record, `authorizerConfiguration.customJWTAuthorizer.${k}`)),
    );
    return restricted.length > 0
      ? { status: 'PASS', reason: `${subject} accepts JWTs of its identity provider only when they match ${restricted.join(', ')}.` }
      : {
          status: 'FAIL',
          reason: `${subject} has a JWT authorizer that checks no audience, client, scope or claim, so any token of its identity provider can invoke it.`,
        };
  },
);
