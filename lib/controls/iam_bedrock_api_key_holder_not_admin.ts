import { IAM_AI_PRINCIPAL_PERMISSIONS } from '../collectors/iam-ai-principal-permissions.js';
import { IAM_BEDROCK_API_KEYS, SERVICE_CREDENTIAL_TYPE } from '../collectors/iam-bedrock-api-keys.js';
import { IAM_INLINE_POLICIES } from '../collectors/iam-inline-policies.js';
import type { SealedEvidence } from '../evidence/record.js';
import { listSome } from './governance-helpers.js';
import { perResource } from './per-resource.js';
import { iamAccountResource, oncePerAccount, textField } from './supporting-helpers.js';
import { grantsEverything, statementName } from './supporting-iam-policy.js';
import { ADMINISTRATOR_ACCESS, type PrincipalPolicies, principalPolicies, withCitations } from './supporting-iam-principals.js';
import type { ControlMetadata, EvaluationInput, Finding } from './types.js';

const META: ControlMetadata = {
  id: 'iam_bedrock_api_key_holder_not_admin',
  version: 2,
  title: 'IAM users holding Amazon Bedrock API keys do not have administrator privileges',
  rationale:
    "A Bedrock API key acts as its IAM user. A user with administrator privileges turns a leaked key, a bearer secret often pasted into notebooks and tools, into the power to create keys, users and roles, or to reactivate an inactive key, and so into control of the account. Every key, active or not, is judged by its user's permissions: AdministratorAccess, or an Allow of Action * on Resource *, attached to the user or to one of its groups, in a managed or inline policy.",
  severity: 'CRITICAL',
  remediation:
    'Give the user only the Bedrock actions its key is for (bedrock:InvokeModel, bedrock:CallWithBearerToken on the models it uses), remove AdministratorAccess and any Action * / Resource * statement from the user and its groups, and give administrators separate identities without Bedrock API keys; better, replace long-term keys with short-term ones.',
  cafAi: ['identity-and-access-management'],
  aiRmf: ['MEASURE 2.7', 'GOVERN 1.4', 'MANAGE 2.4'],
  iso42001: ['A.3.2'],
  aiLayers: ['input', 'model', 'output'],
  securityHubControls: [],
  configRules: [],
  collectors: [IAM_BEDROCK_API_KEYS, IAM_AI_PRINCIPAL_PERMISSIONS, IAM_INLINE_POLICIES],
  resourceType: SERVICE_CREDENTIAL_TYPE,
};

/** How the user is an administrator, in words; empty when it is not (as far as was read). */
export function adminGrants(policies: PrincipalPolicies): string[] {
  const grants: string[] = [];
  for (const { label, statements } of policies.documents) {
    statements.forEach((s, i) => {
      if (grantsEverything(s)) grants.push(`${label}: ${statementName(s, i)} allows every action on every resource`);
    });
  }
  // AdministratorAccess is known by its ARN when its document was not read.
  const read = new Set(policies.documents.map((d) => d.label));
  for (const { arn, label } of policies.attached) if (arn === ADMINISTRATOR_ACCESS && !read.has(label)) grants.push(label);
  return [...new Set(grants)];
}

const evaluate = (input: EvaluationInput): Finding[] => {
  const cites = new Map<string, readonly SealedEvidence[]>();
  const findings = perResource(META, {
    collector: IAM_BEDROCK_API_KEYS,
    noun: 'long-term Amazon Bedrock API keys',
    scopeResource: iamAccountResource,
    check: (record) => {
      const user = textField(record, 'UserName');
      const key = textField(record, 'ServiceSpecificCredentialId') ?? record.resource.id;
      if (user === undefined) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `ListServiceSpecificCredentials returned Bedrock API key ${key} without its UserName.`,
        };
      }
      const policies = principalPolicies(input, { kind: 'user', name: user, accountId: record.accountId });
      cites.set(`${record.accountId} ${record.resource.id}`, policies.cite);
      const subject = `IAM user ${user}, which holds Amazon Bedrock API key ${key},`;
      const grants = adminGrants(policies);
      if (grants.length > 0) return { status: 'FAIL', reason: `${subject} has administrator privileges: ${listSome(grants)}.` };
      if (policies.gaps.length > 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `The permissions of ${subject} could not all be read: ${policies.gaps.join('; ')}.`,
        };
      }
      return {
        status: 'PASS',
        reason: `${subject} has no administrator privileges in the ${policies.documents.length} policies of the user and its groups.`,
      };
    },
  }).evaluate(input);
  return withCitations(findings, cites);
};

/** Each Bedrock API key's user has no administrator privileges, directly or through its groups. */
export const control = oncePerAccount({ ...META, evaluate });
