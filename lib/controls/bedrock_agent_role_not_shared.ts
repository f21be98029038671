import { AGENT_COLLECTOR, AGENT_TYPE, agentControl, asFields, textField } from './bedrock.js';
import { readsOf } from './bedrock-scope-index.js';
import type { Control, ControlMetadata } from './types.js';

const META: Omit<ControlMetadata, 'collectors' | 'resourceType'> = {
  id: 'bedrock_agent_role_not_shared',
  version: 1,
  title: 'Amazon Bedrock agents each have their own service role',
  rationale:
    "An agent acts with its service role. Agents that share a role share each other's permissions: a prompt injection in one reaches the action groups, knowledge bases and models of all, and no role can be scoped to one agent's needs or revoked without stopping the others.",
  severity: 'MEDIUM',
  remediation:
    'Create one service role per agent with only the models, knowledge bases, guardrails and Lambda functions that agent uses, set it as the agent agentResourceRoleArn (UpdateAgent), prepare the agent, and remove the shared role once no agent uses it.',
  cafAi: ['identity-and-access-management'],
  aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
  iso42001: [],
  aiLayers: ['model'],
  securityHubControls: [],
  configRules: [],
};

/**
 * Each agent's service role is used by no other agent of the account, in any region of the run
 * (IAM roles are global). A role shared with an agent that was read is a FAIL; a role seen once is
 * PASS only if the agents of every region of the account in the run were all read. Regions the
 * run does not assess cannot be seen.
 */
export const control: Control = {
  ...META,
  collectors: [AGENT_COLLECTOR],
  resourceType: AGENT_TYPE,
  evaluate(input) {
    const reads = [...readsOf(input, AGENT_COLLECTOR, AGENT_TYPE).values()];
    const roleOf = (data: Record<string, unknown>) => textField(asFields(data.agent), 'agentResourceRoleArn');
    const usersOf = new Map<string, Set<string>>();
    for (const read of reads) {
      for (const e of read.records) {
        const role = roleOf(e.record.data);
        if (role === undefined) continue;
        const key = `${e.record.accountId} ${role}`;
        const users = usersOf.get(key) ?? new Set<string>();
        users.add(e.record.resource.id);
        usersOf.set(key, users);
      }
    }
    return agentControl(META, (agent, name, record) => {
      const what = `Amazon Bedrock agent ${name}`;
      const role = textField(agent, 'agentResourceRoleArn');
      if (role === undefined) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `The GetAgent answer for ${what} has no agentResourceRoleArn, which the API always returns.`,
        };
      }
      const others = [...(usersOf.get(`${record.accountId} ${role}`) ?? [])].filter((id) => id !== record.resource.id).sort();
      if (others.length > 0) {
        return {
          status: 'FAIL',
          reason: `${what} shares its service role ${role} with ${others.length === 1 ? 'agent' : 'agents'} ${others.join(', ')}.`,
        };
      }
      const unread = reads
        .filter((r) => r.scope.accountId === record.accountId && !r.complete)
        .map((r) => r.scope.region)
        .sort();
      if (unread.length > 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `${what} is the only agent read with service role ${role}, but the agents of account ${record.accountId} in ${unread.join(', ')} were not all read, so sharing cannot be ruled out.`,
        };
      }
      return { status: 'PASS', reason: `${what} is the only agent of the account with service role ${role}.` };
    }).evaluate(input);
  },
};
