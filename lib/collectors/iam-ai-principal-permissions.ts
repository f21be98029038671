import {
  GetPolicyCommand,
  type IAMClient,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import * as z from 'zod';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { bedrockApiKeyPages } from './iam-bedrock-api-keys.js';
import { readPolicyVersion } from './iam-customer-managed-policies.js';
import { IAM_HOME_REGION, listMarked, markerPages } from './iam-global.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const IAM_AI_PRINCIPAL_PERMISSIONS = 'iam.ai-principal-permissions';
export const ROLE_TYPE = 'AWS::IAM::Role';
export const USER_TYPE = 'AWS::IAM::User';
export const GROUP_TYPE = 'AWS::IAM::Group';
/** The service principal a Bedrock agent's service role must trust. */
export const BEDROCK_PRINCIPAL = 'bedrock.amazonaws.com';
const IAM_CONCURRENCY = 4;

/**
 * A user's id in the records: ListServiceSpecificCredentials names users, not their ARNs, so the
 * path is left out (as in the Bedrock API keys' ids); IAM user names are unique in an account.
 */
export function userId(accountId: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user/${userName}`;
}

/** The answers' items the collector follows, checked before it relies on them. */
const RoleItem = z.object({
  RoleName: z.string().min(1),
  Arn: z.string().startsWith('arn:'),
  AssumeRolePolicyDocument: z.string().optional(),
});
const AttachedPolicyItem = z.object({ PolicyName: z.string().min(1), PolicyArn: z.string().startsWith('arn:') });
const GroupItem = z.object({ GroupName: z.string().min(1), Arn: z.string().startsWith('arn:') });
const PolicyAnswer = z.object({ Policy: z.object({ Arn: z.string().startsWith('arn:'), DefaultVersionId: z.string().min(1) }) });
export type AttachedPolicy = z.infer<typeof AttachedPolicyItem>;

/** Items that match `schema`, or an InvalidResponseError naming the operation and what was wrong. */
function checked<T>(schema: z.ZodType<T>, items: readonly unknown[], operation: string, what: string): T[] {
  return items.map((item) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidResponseError(`${operation} returned ${what} whose ${issue?.path.join('.') || 'shape'} is not as documented.`);
    }
    return parsed.data;
  });
}

/**
 * Whether Bedrock may assume the role: its trust policy names bedrock.amazonaws.com. The test is on
 * the document's text, so it can include a role it need not (one that mentions Bedrock in a
 * condition) but never leaves out one that trusts Bedrock; a role whose document ListRoles left out
 * is included too.
 */
export function mayBeAssumedByBedrock(trustPolicy: string | undefined): boolean {
  if (trustPolicy === undefined) return true;
  let text = trustPolicy;
  try {
    text = decodeURIComponent(trustPolicy);
  } catch {
    // Not URL-encoded: the text as it is.
  }
  return text.includes(BEDROCK_PRINCIPAL);
}

interface Reader {
  client: IAMClient;
  ctx: CollectorContext;
  errors: CoverageError[];
}

/** Every page of an attached-policies listing into one record: the pages only make sense as a whole. */
async function attachedPolicies(
  reader: Reader,
  spec: {
    operation: string;
    resource: EvidenceRecord['resource'];
    name: Record<string, string>;
    pages: AsyncIterable<{ AttachedPolicies?: unknown[] }>;
  },
): Promise<{ record: EvidenceRecord; policies: AttachedPolicy[] } | undefined> {
  try {
    const items: unknown[] = [];
    await listMarked(
      spec.operation,
      markerPages(spec.pages as AsyncIterable<{ AttachedPolicies?: unknown[]; Marker?: string }>, (p) => p.AttachedPolicies),
      items,
    );
    const policies = checked(AttachedPolicyItem, items, spec.operation, 'an attached policy');
    const record = governanceRecord(reader.ctx, {
      collector: IAM_AI_PRINCIPAL_PERMISSIONS,
      service: 'iam',
      operation: spec.operation,
      resource: spec.resource,
      data: { ...spec.name, AttachedPolicies: items },
    });
    return { record, policies };
  } catch (error) {
    reader.errors.push(coverageError(spec.operation, error, spec.resource.id));
    return undefined;
  }
}

/** The roles Bedrock may assume (see {@link mayBeAssumedByBedrock}) and the managed policies attached to each. */
async function readRoles(reader: Reader): Promise<{ records: EvidenceRecord[]; policies: AttachedPolicy[] }> {
  const { client } = reader;
  const listed: unknown[] = [];
  let roles: z.infer<typeof RoleItem>[] = [];
  try {
    await listMarked(
      'ListRoles',
      markerPages(paginateListRoles({ client, pageSize: 100 }, {}), (p) => p.Roles),
      listed,
    );
    roles = checked(RoleItem, listed, 'ListRoles', 'a role');
  } catch (error) {
    reader.errors.push(coverageError('ListRoles', error));
    roles = listed.flatMap((item) => {
      const parsed = RoleItem.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  }
  const read = await mapWithConcurrency(
    roles.filter((r) => mayBeAssumedByBedrock(r.AssumeRolePolicyDocument)),
    IAM_CONCURRENCY,
    (role) =>
      attachedPolicies(reader, {
        operation: 'ListAttachedRolePolicies',
        resource: { type: ROLE_TYPE, id: role.Arn },
        name: { RoleName: role.RoleName },
        pages: paginateListAttachedRolePolicies({ client, pageSize: 100 }, { RoleName: role.RoleName }),
      }),
  );
  const ok = read.filter((r) => r !== undefined);
  return { records: ok.map((r) => r.record), policies: ok.flatMap((r) => r.policies) };
}

/** The users holding Bedrock API keys: their attached managed policies, their groups and the groups' attached managed policies. */
async function readKeyHolders(reader: Reader): Promise<{ records: EvidenceRecord[]; policies: AttachedPolicy[] }> {
  const { client, ctx } = reader;
  const names = new Set<string>();
  try {
    for await (const credentials of bedrockApiKeyPages(client)) {
      for (const credential of credentials) {
        if (!credential.UserName)
          throw new InvalidResponseError('ListServiceSpecificCredentials returned a credential without its UserName.');
        names.add(credential.UserName);
      }
    }
  } catch (error) {
    reader.errors.push(coverageError('ListServiceSpecificCredentials', error));
  }
  const groups = new Map<string, z.infer<typeof GroupItem>>();
  const perUser = await mapWithConcurrency([...names].sort(), IAM_CONCURRENCY, async (userName) => {
    const resource = { type: USER_TYPE, id: userId(ctx.accountId, userName) };
    const out: { records: EvidenceRecord[]; policies: AttachedPolicy[] } = { records: [], policies: [] };
    const attached = await attachedPolicies(reader, {
      operation: 'ListAttachedUserPolicies',
      resource,
      name: { UserName: userName },
      pages: paginateListAttachedUserPolicies({ client, pageSize: 100 }, { UserName: userName }),
    });
    if (attached !== undefined) {
      out.records.push(attached.record);
      out.policies.push(...attached.policies);
    }
    try {
      const items: unknown[] = [];
      await listMarked(
        'ListGroupsForUser',
        markerPages(paginateListGroupsForUser({ client, pageSize: 100 }, { UserName: userName }), (p) => p.Groups),
        items,
      );
      for (const group of checked(GroupItem, items, 'ListGroupsForUser', 'a group')) groups.set(group.Arn, group);
      out.records.push(
        governanceRecord(ctx, {
          collector: IAM_AI_PRINCIPAL_PERMISSIONS,
          service: 'iam',
          operation: 'ListGroupsForUser',
          resource,
          data: { UserName: userName, Groups: items },
        }),
      );
    } catch (error) {
      reader.errors.push(coverageError('ListGroupsForUser', error, resource.id));
    }
    return out;
  });
  const records = perUser.flatMap((u) => u.records);
  const policies = perUser.flatMap((u) => u.policies);
  const byArn = [...groups.values()].sort((a, b) => (a.Arn < b.Arn ? -1 : 1));
  const read = await mapWithConcurrency(byArn, IAM_CONCURRENCY, (group) =>
    attachedPolicies(reader, {
      operation: 'ListAttachedGroupPolicies',
      resource: { type: GROUP_TYPE, id: group.Arn },
      name: { GroupName: group.GroupName },
      pages: paginateListAttachedGroupPolicies({ client, pageSize: 100 }, { GroupName: group.GroupName }),
    }),
  );
  for (const r of read) {
    if (r === undefined) continue;
    records.push(r.record);
    policies.push(...r.policies);
  }
  return { records, policies };
}

/** The default version's document of each managed policy: GetPolicy for its default version id, then GetPolicyVersion. */
async function readPolicies(reader: Reader, arns: readonly string[]): Promise<EvidenceRecord[]> {
  const read = await mapWithConcurrency(arns, IAM_CONCURRENCY, async (policyArn) => {
    let operation = 'GetPolicy';
    try {
      const answer = checked(
        PolicyAnswer,
        [await reader.client.send(new GetPolicyCommand({ PolicyArn: policyArn }))],
        'GetPolicy',
        'a policy',
      );
      operation = 'GetPolicyVersion';
      return await readPolicyVersion(
        reader.client,
        reader.ctx,
        IAM_AI_PRINCIPAL_PERMISSIONS,
        policyArn,
        answer[0]?.Policy.DefaultVersionId ?? '',
      );
    } catch (error) {
      reader.errors.push(coverageError(operation, error, policyArn));
      return undefined;
    }
  });
  return read.filter((r): r is EvidenceRecord => r !== undefined);
}

/**
 * The permissions of the IAM principals AI workloads act as, for the controls that judge them:
 * the roles Amazon Bedrock may assume (agent service roles among them; ListRoles, then
 * ListAttachedRolePolicies for each), the users holding Bedrock API keys
 * (ListServiceSpecificCredentials, then ListAttachedUserPolicies and ListGroupsForUser for each, and
 * ListAttachedGroupPolicies for each of their groups), and the default version's document of every
 * managed policy, AWS or customer managed, attached to any of them (GetPolicy, GetPolicyVersion).
 * Inline policies are read for every principal by iam.inline-policies. Read in the IAM home region
 * only (see {@link IAM_HOME_REGION}). An error names the role, user, group or policy it is about;
 * only ListRoles and ListServiceSpecificCredentials fail without one.
 */
export const iamAiPrincipalPermissions: Collector = {
  id: IAM_AI_PRINCIPAL_PERMISSIONS,
  service: 'iam',
  description: `Managed policies attached to the IAM roles Amazon Bedrock may assume and to the users holding Bedrock API keys (directly and through groups), with each policy's default document (read in ${IAM_HOME_REGION} only).`,
  actions: [
    'iam:ListRoles',
    'iam:ListAttachedRolePolicies',
    'iam:ListServiceSpecificCredentials',
    'iam:ListAttachedUserPolicies',
    'iam:ListGroupsForUser',
    'iam:ListAttachedGroupPolicies',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
  ],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    if (ctx.region !== IAM_HOME_REGION) return collectorResult(IAM_AI_PRINCIPAL_PERMISSIONS, ctx, [], []);
    const reader: Reader = { client: ctx.clients.client('iam', ctx.region), ctx, errors: [] };
    const roles = await readRoles(reader);
    const users = await readKeyHolders(reader);
    const arns = [...new Set([...roles.policies, ...users.policies].map((p) => p.PolicyArn))].sort();
    const documents = await readPolicies(reader, arns);
    return collectorResult(IAM_AI_PRINCIPAL_PERMISSIONS, ctx, [...roles.records, ...users.records, ...documents], reader.errors);
  },
};
