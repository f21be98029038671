import { IAM_AI_PRINCIPAL_PERMISSIONS } from '../collectors/iam-ai-principal-permissions.js';
import { IAM_INLINE_POLICIES } from '../collectors/iam-inline-policies.js';
import type { SealedEvidence } from '../evidence/record.js';
import { AGENT_COLLECTOR, AGENT_TYPE, agentControl, textField } from './bedrock.js';
import { listSome } from './governance-helpers.js';
import type { Verdict } from './per-resource.js';
import { coversAction, coversAllResources, coversWholeService, INVOKE_ACTIONS, statementName } from './supporting-iam-policy.js';
import { ADMINISTRATOR_ACCESS, type PrincipalPolicies, principalPolicies, withCitations } from './supporting-iam-principals.js';
import type { Control, ControlMetadata, EvaluationInput } from './types.js';

const META: Omit<ControlMetadata, 'collectors' | 'resourceType'> = {
  id: 'bedrock_agent_role_least_privilege',
  version: 2,
  title: 'Amazon Bedrock agent service roles grant no wildcard actions and no model invocation on every resource',
  rationale:
    "An agent acts with its service role, and what the role allows is what a prompt injection or a misbehaving action group can make the agent do. An agent needs to invoke its own foundation model or inference profile, read its knowledge bases and apply its guardrail; bedrock:* or * lets it change or delete agents, guardrails and logging, and InvokeModel on Resource * lets it run any model the account can reach. Every Allow statement of the role's attached managed policies and inline policies is judged; Deny statements, permission boundaries and service control policies are not weighed.",
  severity: 'HIGH',
  remediation:
    "Replace the role's wildcard statements with the actions the agent uses (bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream, bedrock:Retrieve, bedrock:ApplyGuardrail) on the ARNs of its foundation model or inference profile, knowledge bases and guardrail; detach AWS managed full-access policies such as AmazonBedrockFullAccess or AdministratorAccess from the role.",
  cafAi: ['identity-and-access-management'],
  aiRmf: ['MEASURE 2.7', 'MAP 4.2', 'MANAGE 2.4'],
  iso42001: ['A.3.2'],
  aiLayers: ['model', 'output'],
  securityHubControls: [],
  configRules: [],
};

/** What in the role's policies grants more than an agent needs, in words; empty when nothing does. */
export function excessOf(policies: PrincipalPolicies): string[] {
  const excess: string[] = [];
  for (const { label, statements } of policies.documents) {
    statements.forEach((s, i) => {
      if (s.effect !== 'Allow') return;
      const what = `${label}: ${statementName(s, i)}`;
      if (coversWholeService(s, 'bedrock')) {
        excess.push(`${what} allows ${s.actions?.includes('*') ? '*' : 'every Bedrock action (bedrock:*)'}`);
      } else if (INVOKE_ACTIONS.some((a) => coversAction(s, a)) && coversAllResources(s, 'bedrock')) {
        excess.push(`${what} allows model invocation on every resource`);
      }
    });
  }
  // AdministratorAccess is known by its ARN when its document was not read.
  const read = new Set(policies.documents.map((d) => d.label));
  for (const { arn, label } of policies.attached)
    if (arn === ADMINISTRATOR_ACCESS && !read.has(label)) excess.push(`${label} allows every action`);
  return [...new Set(excess)];
}

/**
 * Each agent's service role (GetAgent agentResourceRoleArn) is judged on its attached managed and
 * inline policies: FAIL when a statement allows bedrock:* or *, or model invocation on every
 * resource; INSUFFICIENT_EVIDENCE when any of its policies could not be read (unless another
 * already fails it); PASS otherwise. IAM is read in us-east-1, so an agent of any region is judged
 * with its account's IAM evidence from there.
 */
export const control: Control = {
  ...META,
  collectors: [AGENT_COLLECTOR, IAM_AI_PRINCIPAL_PERMISSIONS, IAM_INLINE_POLICIES],
  resourceType: AGENT_TYPE,
  evaluate(input: EvaluationInput) {
    const cites = new Map<string, readonly SealedEvidence[]>();
    const findings = agentControl(META, (agent, name, record): Verdict => {
      const what = `Amazon Bedrock agent ${name}`;
      const roleArn = textField(agent, 'agentResourceRoleArn');
      const match = roleArn === undefined ? null : /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
      if (roleArn === undefined || match === null) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `The GetAgent answer for ${what} has ${roleArn === undefined ? 'no agentResourceRoleArn' : `an agentResourceRoleArn that is not a role ARN (${roleArn})`}, so its role cannot be judged.`,
        };
      }
      const [, accountId = '', roleName = ''] = match;
      const policies = principalPolicies(input, { kind: 'role', name: roleName, accountId });
      cites.set(`${record.accountId} ${record.resource.id}`, policies.cite);
      const excess = excessOf(policies);
      if (excess.length > 0) {
        return { status: 'FAIL', reason: `The service role ${roleName} of ${what} grants more than an agent needs: ${listSome(excess)}.` };
      }
      if (policies.gaps.length > 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `The permissions of the service role ${roleName} of ${what} could not all be read: ${policies.gaps.join('; ')}.`,
        };
      }
      const count = policies.documents.length;
      return {
        status: 'PASS',
        reason: `The service role ${roleName} of ${what} allows no wildcard action and no model invocation on every resource in its ${count} ${count === 1 ? 'policy' : 'policies'}.`,
      };
    }).evaluate(input);
    return withCitations(findings, cites);
  },
};
