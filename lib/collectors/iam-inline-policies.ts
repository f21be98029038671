import {
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  paginateListGroupPolicies,
  paginateListGroups,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListUserPolicies,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { IAM_HOME_REGION, listMarked, type MarkerPage, markerPages } from './iam-global.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const IAM_INLINE_POLICIES = 'iam.inline-policies';
/** CloudFormation's type for a policy embedded in a user, group or role. */
export const INLINE_POLICY_TYPE = 'AWS::IAM::Policy';
const IAM_CONCURRENCY = 4;

/** An inline policy has no ARN: it is named by its principal's ARN and its name. */
export function inlinePolicyId(principalArn: string, policyName: string): string {
  return `${principalArn}#${policyName}`;
}

type Kind = 'Role' | 'User' | 'Group';
interface Principal {
  kind: Kind;
  name: string;
  arn: string;
}

/** The calls for each kind of principal: list them, list their inline policy names, read one. */
const KINDS: Record<
  Kind,
  {
    list(client: IAMClient): AsyncIterable<MarkerPage<{ name?: string; arn?: string }>>;
    names(client: IAMClient, name: string): AsyncIterable<MarkerPage<string>>;
    get(client: IAMClient, name: string, policyName: string): Promise<object & { PolicyDocument?: string | undefined }>;
  }
> = {
  Role: {
    list: (client) =>
      markerPages(paginateListRoles({ client, pageSize: 100 }, {}), (p) => p.Roles?.map((r) => ({ name: r.RoleName, arn: r.Arn }))),
    names: (client, RoleName) => markerPages(paginateListRolePolicies({ client, pageSize: 100 }, { RoleName }), (p) => p.PolicyNames),
    get: (client, RoleName, PolicyName) => client.send(new GetRolePolicyCommand({ RoleName, PolicyName })),
  },
  User: {
    list: (client) =>
      markerPages(paginateListUsers({ client, pageSize: 100 }, {}), (p) => p.Users?.map((u) => ({ name: u.UserName, arn: u.Arn }))),
    names: (client, UserName) => markerPages(paginateListUserPolicies({ client, pageSize: 100 }, { UserName }), (p) => p.PolicyNames),
    get: (client, UserName, PolicyName) => client.send(new GetUserPolicyCommand({ UserName, PolicyName })),
  },
  Group: {
    list: (client) =>
      markerPages(paginateListGroups({ client, pageSize: 100 }, {}), (p) => p.Groups?.map((g) => ({ name: g.GroupName, arn: g.Arn }))),
    names: (client, GroupName) => markerPages(paginateListGroupPolicies({ client, pageSize: 100 }, { GroupName }), (p) => p.PolicyNames),
    get: (client, GroupName, PolicyName) => client.send(new GetGroupPolicyCommand({ GroupName, PolicyName })),
  },
};

/**
 * Inline policies of every role, user and group: ListRoles / ListUsers / ListGroups, then
 * List{Role,User,Group}Policies and Get{Role,User,Group}Policy for each (documents stay
 * URL-encoded, as IAM returns them). Read in the IAM home region only (see {@link IAM_HOME_REGION}).
 * A principal whose policy names cannot be listed is a coverage error naming the principal's ARN.
 */
export const iamInlinePolicies: Collector = {
  id: IAM_INLINE_POLICIES,
  service: 'iam',
  description: `Inline policies of IAM roles, users and groups, with their documents (read in ${IAM_HOME_REGION} only).`,
  actions: [
    'iam:ListRoles',
    'iam:ListRolePolicies',
    'iam:GetRolePolicy',
    'iam:ListUsers',
    'iam:ListUserPolicies',
    'iam:GetUserPolicy',
    'iam:ListGroups',
    'iam:ListGroupPolicies',
    'iam:GetGroupPolicy',
  ],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    if (ctx.region !== IAM_HOME_REGION) return collectorResult(IAM_INLINE_POLICIES, ctx, [], []);
    const client = ctx.clients.client('iam', ctx.region);
    const errors: CoverageError[] = [];
    const principals: Principal[] = [];
    for (const kind of ['Role', 'User', 'Group'] as const) {
      const listed: { name?: string; arn?: string }[] = [];
      try {
        await listMarked(`List${kind}s`, KINDS[kind].list(client), listed);
        if (listed.some((p) => !p.name || !p.arn))
          throw new InvalidResponseError(`List${kind}s returned a ${kind.toLowerCase()} without a name or Arn.`);
      } catch (error) {
        errors.push(coverageError(`List${kind}s`, error));
      }
      for (const p of listed) if (p.name && p.arn) principals.push({ kind, name: p.name, arn: p.arn });
    }

    const perPrincipal = await mapWithConcurrency(principals, IAM_CONCURRENCY, async (principal) => {
      const { kind, name, arn } = principal;
      const names: string[] = [];
      try {
        await listMarked(`List${kind}Policies`, KINDS[kind].names(client, name), names);
      } catch (error) {
        errors.push(coverageError(`List${kind}Policies`, error, arn));
        return [];
      }
      const records: EvidenceRecord[] = [];
      for (const policyName of names) {
        const id = inlinePolicyId(arn, policyName);
        try {
          const output = await KINDS[kind].get(client, name, policyName);
          if (typeof output.PolicyDocument !== 'string') {
            throw new InvalidResponseError(`Get${kind}Policy for ${id} returned no PolicyDocument.`);
          }
          records.push(
            makeEvidence({
              accountId: ctx.accountId,
              region: ctx.region,
              source: { collector: IAM_INLINE_POLICIES, service: 'iam', operation: `Get${kind}Policy` },
              resource: { type: INLINE_POLICY_TYPE, id },
              collectedAt: ctx.now(),
              data: output,
            }),
          );
        } catch (error) {
          errors.push(coverageError(`Get${kind}Policy`, error, id));
        }
      }
      return records;
    });
    return collectorResult(IAM_INLINE_POLICIES, ctx, perPrincipal.flat(), errors);
  },
};
