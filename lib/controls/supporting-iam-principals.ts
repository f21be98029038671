import { IAM_AI_PRINCIPAL_PERMISSIONS } from '../collectors/iam-ai-principal-permissions.js';
import { IAM_HOME_REGION } from '../collectors/iam-global.js';
import { IAM_INLINE_POLICIES } from '../collectors/iam-inline-policies.js';
import type { CoverageError, Scope } from '../evidence/coverage.js';
import type { SealedEvidence } from '../evidence/record.js';
import { describeErrors } from './governance-helpers.js';
import { IAM_SERVICE, nameOf } from './supporting-helpers.js';
import { policyDocumentOf, policyLabel } from './supporting-iam.js';
import { type PolicyStatement, parsePolicy } from './supporting-iam-policy.js';
import type { EvaluationInput, Finding } from './types.js';

/**
 * The permissions of one IAM role or user as the IAM collectors read them: the managed policies
 * attached to it (and, for a user, to its groups), from iam.ai-principal-permissions, and its (and
 * its groups') inline policies, from iam.inline-policies. Not a policy evaluator: the controls look
 * for statements that grant too much; Deny statements, permission boundaries, service control
 * policies and resource policies are not weighed.
 */

export interface Principal {
  kind: 'role' | 'user';
  name: string;
  accountId: string;
}

export interface PolicyDocument {
  /** How a reason names it, e.g. `AWS managed policy AdministratorAccess attached to group ops`. */
  label: string;
  statements: PolicyStatement[];
}

export interface PrincipalPolicies {
  /** Every policy document that was read and parsed. */
  documents: PolicyDocument[];
  /** Every managed policy attached, directly or through a group, whether or not its document was read. */
  attached: { arn: string; label: string }[];
  /** What could not be read, in words; when not empty the principal's permissions are not fully known. */
  gaps: string[];
  /** The records the answer rests on. */
  cite: SealedEvidence[];
}

/** AWS's managed policy that allows every action on every resource, known by its ARN even when its document was not read. */
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;

/** Whether an ARN (or an inline policy id `ARN#name`) is of the principal of that kind and name. */
function isOf(id: string, kind: string, name: string): boolean {
  const arn = id.split('#')[0] ?? '';
  return arn.includes(`:${kind}/`) && nameOf(arn) === name;
}

function managedLabel(arn: string, via: string): string {
  const owner = arn.startsWith('arn:aws:iam::aws:policy/') ? 'AWS managed policy' : 'customer managed policy';
  return `${owner} ${nameOf(arn)} attached ${via}`;
}

/**
 * Reads the permissions of `principal` from the run's IAM evidence (its account's IAM home region
 * scope). Everything that should have been read and was not is a gap naming what and why.
 */
export function principalPolicies(input: EvaluationInput, principal: Principal): PrincipalPolicies {
  const out: PrincipalPolicies = { documents: [], attached: [], gaps: [], cite: [] };
  const home: Scope = { accountId: principal.accountId, region: IAM_HOME_REGION };
  const who = `${principal.kind} ${principal.name}`;
  if (!input.scopes.some((s) => s.accountId === home.accountId && s.region === home.region)) {
    out.gaps.push(IAM_SERVICE.notRead(home.accountId, IAM_HOME_REGION).replace(/\.$/, ''));
    return out;
  }
  const permCoverage = input.coverageOf(IAM_AI_PRINCIPAL_PERMISSIONS, home);
  const inlineCoverage = input.coverageOf(IAM_INLINE_POLICIES, home);
  // The listings of other kinds of principal, whose errors leave this one's reads whole; any other
  // error without a resource (this kind's listing, the scope's AssumeRole, a failed collect) concerns it.
  const unrelated: Record<string, readonly string[]> = {
    [IAM_AI_PRINCIPAL_PERMISSIONS]: principal.kind === 'role' ? ['ListServiceSpecificCredentials'] : ['ListRoles'],
    [IAM_INLINE_POLICIES]: principal.kind === 'role' ? ['ListUsers', 'ListGroups'] : ['ListRoles'],
  };
  let listed = true;
  for (const [collector, coverage] of [
    [IAM_AI_PRINCIPAL_PERMISSIONS, permCoverage],
    [IAM_INLINE_POLICIES, inlineCoverage],
  ] as const) {
    if (coverage === undefined) out.gaps.push(`the ${collector} collector did not run for account ${home.accountId}`);
    else {
      const failed = coverage.errors.filter((e) => e.resourceId === undefined && !(unrelated[collector] ?? []).includes(e.operation));
      if (failed.length > 0) {
        listed = false;
        out.gaps.push(`${collector} could not read the account's ${principal.kind}s: ${describeErrors(failed)}`);
      }
    }
  }
  if (permCoverage === undefined || inlineCoverage === undefined) return out;
  const permErrors = permCoverage.errors;
  const perm = input.evidenceOf(IAM_AI_PRINCIPAL_PERMISSIONS, home);
  const unread = (what: string, errors: readonly CoverageError[], otherwise: string) =>
    out.gaps.push(errors.length > 0 ? `${what} could not be read: ${describeErrors(errors)}` : `${what} ${otherwise}`);

  /** The record of `operation` about the principal of `kind` and `name` (by the name field IAM echoes). */
  const find = (operation: string, nameField: string, name: string) =>
    perm.find((e) => e.record.source.operation === operation && e.record.data[nameField] === name);

  const attachments: { record: SealedEvidence; via: string }[] = [];
  const groups: string[] = [];
  const nameField = principal.kind === 'role' ? 'RoleName' : 'UserName';
  const attachedOp = principal.kind === 'role' ? 'ListAttachedRolePolicies' : 'ListAttachedUserPolicies';
  const mine = permErrors.filter((e) => e.resourceId !== undefined && isOf(e.resourceId, principal.kind, principal.name));
  const own = find(attachedOp, nameField, principal.name);
  if (own === undefined && listed) {
    unread(
      `the managed policies attached to ${who}`,
      mine.filter((e) => e.operation === attachedOp),
      principal.kind === 'role'
        ? 'were not read: it is not among the roles of the account that trust bedrock.amazonaws.com (it does not exist, or Bedrock cannot assume it)'
        : 'were not read: the user holds no Bedrock API key the collector listed',
    );
  } else if (own !== undefined) attachments.push({ record: own, via: `to ${who}` });

  if (principal.kind === 'user') {
    const member = find('ListGroupsForUser', 'UserName', principal.name);
    if (member === undefined) {
      unread(
        `The groups of ${who}`,
        mine.filter((e) => e.operation === 'ListGroupsForUser'),
        'were not read',
      );
    } else if (member !== undefined) {
      out.cite.push(member);
      const list = member.record.data.Groups;
      if (!Array.isArray(list)) out.gaps.push(`the ListGroupsForUser answer for ${who} has no Groups list`);
      for (const item of Array.isArray(list) ? list : []) {
        const group = fieldsOf(item);
        const name = typeof group?.GroupName === 'string' ? group.GroupName : undefined;
        if (name === undefined) {
          out.gaps.push(`the ListGroupsForUser answer for ${who} names a group without its GroupName`);
          continue;
        }
        groups.push(name);
        const record = find('ListAttachedGroupPolicies', 'GroupName', name);
        if (record === undefined) {
          const errors = permErrors.filter((e) => e.resourceId !== undefined && isOf(e.resourceId, 'group', name));
          unread(`the managed policies attached to group ${name}`, errors, 'were not read');
        } else attachments.push({ record, via: `to group ${name}` });
      }
    }
  }

  for (const { record, via } of attachments) {
    out.cite.push(record);
    const list = record.record.data.AttachedPolicies;
    if (!Array.isArray(list)) {
      out.gaps.push(`the ${record.record.source.operation} answer ${via} has no AttachedPolicies list`);
      continue;
    }
    for (const item of list) {
      const arn = fieldsOf(item)?.PolicyArn;
      if (typeof arn !== 'string') {
        out.gaps.push(`the ${record.record.source.operation} answer ${via} names a policy without its PolicyArn`);
        continue;
      }
      const label = managedLabel(arn, via);
      out.attached.push({ arn, label });
      const version = perm.find((e) => e.record.source.operation === 'GetPolicyVersion' && e.record.resource.id === arn);
      if (version === undefined) {
        unread(
          `The document of ${label}`,
          permErrors.filter((e) => e.resourceId === arn),
          'was not read',
        );
        continue;
      }
      out.cite.push(version);
      addDocument(out, label, policyDocumentOf(version.record));
    }
  }

  // Inline policies: the principal's own, and (for a user) its groups'.
  const inlineOwners = [
    {
      kind: principal.kind,
      name: principal.name,
      operation: principal.kind === 'role' ? 'GetRolePolicy' : 'GetUserPolicy',
      field: nameField,
    },
    ...groups.map((name) => ({ kind: 'group' as const, name, operation: 'GetGroupPolicy', field: 'GroupName' })),
  ];
  const inline = input.evidenceOf(IAM_INLINE_POLICIES, home);
  for (const owner of inlineOwners) {
    const errors = inlineCoverage.errors.filter((e) => e.resourceId !== undefined && isOf(e.resourceId, owner.kind, owner.name));
    if (errors.length > 0) out.gaps.push(`inline policies of ${owner.kind} ${owner.name} could not be read: ${describeErrors(errors)}`);
    for (const record of inline) {
      if (record.record.source.operation !== owner.operation || record.record.data[owner.field] !== owner.name) continue;
      out.cite.push(record);
      addDocument(out, policyLabel(record.record), policyDocumentOf(record.record));
    }
  }
  return out;
}

function addDocument(out: PrincipalPolicies, label: string, document: string | undefined): void {
  if (document === undefined) {
    out.gaps.push(`the answer for ${label} holds no policy document`);
    return;
  }
  const parsed = parsePolicy(document);
  if (!parsed.ok) out.gaps.push(`${label} could not be read: ${parsed.problem}`);
  else out.documents.push({ label, statements: parsed.statements });
}

/**
 * Adds to each finding about a resource the records its verdict rested on beyond its own (the
 * per-resource helpers cite only the resource's record).
 */
export function withCitations(findings: readonly Finding[], cites: ReadonlyMap<string, readonly SealedEvidence[]>): Finding[] {
  return findings.map((f) => {
    const more = cites.get(`${f.accountId} ${f.resource.id}`);
    if (more === undefined || more.length === 0) return f;
    return { ...f, evidence: [...new Set([...f.evidence, ...more.map((e) => e.sha256)])].sort() };
  });
}
