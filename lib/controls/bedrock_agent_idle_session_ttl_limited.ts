import { agentControl, malformed } from './bedrock.js';

/** The longest idle session this control accepts, in seconds (the API allows 60 to 3600). */
export const MAX_IDLE_SECONDS = 1800;

/** An agent ends sessions left idle for more than 30 minutes. */
export const control = agentControl(
  {
    id: 'bedrock_agent_idle_session_ttl_limited',
    version: 1,
    title: 'Amazon Bedrock agents end idle sessions within 30 minutes',
    rationale:
      'An agent keeps the conversation of a session, with what the user disclosed and what the agent did, until the session has been idle for its TTL. A long TTL leaves an abandoned session open to whoever holds its id, with its context.',
    severity: 'LOW',
    remediation: `Set the agent idleSessionTTLInSeconds to ${MAX_IDLE_SECONDS} or less (UpdateAgent or the console, Additional settings), prepare the agent and update its aliases.`,
    cafAi: ['application-security', 'identity-and-access-management'],
    aiRmf: ['MEASURE 2.7'],
    iso42001: [],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  (agent, name) => {
    const what = `Amazon Bedrock agent ${name}`;
    const ttl = agent.idleSessionTTLInSeconds;
    if (ttl === undefined || ttl === null) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `The GetAgent answer for ${what} has no idleSessionTTLInSeconds, which the API always returns.`,
      };
    }
    if (typeof ttl !== 'number') return malformed(what, 'idleSessionTTLInSeconds');
    if (ttl > MAX_IDLE_SECONDS) {
      return { status: 'FAIL', reason: `${what} keeps idle sessions for ${ttl} seconds, more than ${MAX_IDLE_SECONDS}.` };
    }
    return { status: 'PASS', reason: `${what} ends sessions after ${ttl} idle seconds.` };
  },
);
