import { IAM_FULL_ACCESS_ATTACHMENTS } from '../collectors/iam-ai-full-access-attachments.js';
import { MANAGED_POLICY_TYPE } from '../collectors/iam-customer-managed-policies.js';
import { perResource } from './per-resource.js';
import { iamAccountResource, nameOf, oncePerAccount } from './supporting-helpers.js';

function names(value: unknown, field: string): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((e) => String((e as Record<string, unknown>)?.[field] ?? '?'));
}

/** No user, group or role holds AmazonBedrockFullAccess, AmazonSageMakerFullAccess or BedrockAgentCoreFullAccess. */
export const control = oncePerAccount(
  perResource(
    {
      id: 'iam_ai_full_access_policy_unattached',
      version: 1,
      title: 'No IAM user, group or role holds an AI service full-access managed policy',
      rationale:
        'AmazonBedrockFullAccess, AmazonSageMakerFullAccess and BedrockAgentCoreFullAccess grant every action of the service on every resource, including deleting guardrails, disabling logging and passing roles. They suit a sandbox, not people or workloads in accounts that hold real data or serve real users.',
      severity: 'HIGH',
      remediation:
        'Detach the managed policy from the principals named and grant instead a customer managed policy with the actions and resources they use (IAM Access Analyzer policy generation helps).',
      cafAi: ['identity-and-access-management'],
      aiRmf: ['MEASURE 2.7', 'GOVERN 2.1'],
      iso42001: ['A.3.2'],
      aiLayers: ['input', 'model', 'output'],
      securityHubControls: [],
      configRules: [],
      collectors: [IAM_FULL_ACCESS_ATTACHMENTS],
      resourceType: MANAGED_POLICY_TYPE,
    },
    {
      collector: IAM_FULL_ACCESS_ATTACHMENTS,
      noun: 'AI full-access managed policies',
      scopeResource: iamAccountResource,
      check: (record) => {
        const policy = nameOf(record.resource.id);
        const roles = names(record.data.PolicyRoles, 'RoleName');
        const users = names(record.data.PolicyUsers, 'UserName');
        const groups = names(record.data.PolicyGroups, 'GroupName');
        if (roles === undefined || users === undefined || groups === undefined) {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `ListEntitiesForPolicy for ${policy} returned no PolicyRoles, PolicyUsers or PolicyGroups list.`,
          };
        }
        const holders = [...roles.map((n) => `role ${n}`), ...users.map((n) => `user ${n}`), ...groups.map((n) => `group ${n}`)];
        if (holders.length === 0)
          return { status: 'PASS', reason: `No IAM user, group or role holds ${policy} in account ${record.accountId}.` };
        const shown = holders.slice(0, 10).join(', ') + (holders.length > 10 ? ` and ${holders.length - 10} more` : '');
        return { status: 'FAIL', reason: `${policy} is attached to ${shown} in account ${record.accountId}.` };
      },
    },
  ),
);
