import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/iam_bedrock_api_key_holder_not_admin.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';
import {
  ADMINISTRATOR_ACCESS,
  attachedPolicyVersion,
  encoded,
  groupAttachments,
  IAM_SCOPE,
  INLINE,
  managedPolicyArn,
  PERMISSIONS,
  principalInlinePolicy,
  stored,
  userAttachments,
  userGroups,
} from '../fixtures/supporting.js';

const KEYS = 'iam.bedrock-api-keys';
const ADMIN_DOC = encoded([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const INVOKE_DOC = encoded([{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }]);

function key(user: string, id = 'ACCA1') {
  return stored(
    { collector: KEYS, service: 'iam', operation: 'ListServiceSpecificCredentials' },
    { type: 'AWS::IAM::ServiceSpecificCredential', id: `arn:aws:iam::${IAM_SCOPE.accountId}:user/${user}#${id}` },
    { UserName: user, ServiceSpecificCredentialId: id, ServiceName: 'bedrock.amazonaws.com', Status: 'Active' },
    IAM_SCOPE,
  );
}

function run(evidence: SealedEvidence[], coverage?: CoverageEntry[]) {
  return judge(control, {
    scopes: [IAM_SCOPE],
    evidence,
    coverage: coverage ?? [complete(KEYS, 1, IAM_SCOPE), complete(PERMISSIONS, 0, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)],
  });
}

/** A user with no group and the given attached policies. */
const plainUser = (user: string, arns: string[] = []) => [userAttachments(user, arns), userGroups(user, [])];

describe('iam_bedrock_api_key_holder_not_admin', () => {
  it('#1 compliant: a key whose user may only invoke models is PASS, citing the key and the user’s IAM records', () => {
    // Prepare
    const k = key('batch');
    const iam = [...plainUser('batch', [managedPolicyArn('Invoke')]), attachedPolicyVersion(managedPolicyArn('Invoke'), INVOKE_DOC)];
    // Act
    const finding = findingFor(run([k, ...iam]), k.record.resource.id);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.evidence).toEqual([k, ...iam].map(digestOf).sort());
  });

  it('#2 non-compliant: AdministratorAccess attached to one of the user’s groups is FAIL and names the group', () => {
    const k = key('batch');
    const iam = [
      userAttachments('batch', []),
      userGroups('batch', ['ops']),
      groupAttachments('ops', [ADMINISTRATOR_ACCESS]),
      attachedPolicyVersion(ADMINISTRATOR_ACCESS, ADMIN_DOC),
    ];
    const finding = findingFor(run([k, ...iam]), k.record.resource.id);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('AdministratorAccess attached to group ops');
  });

  it('#3 non-compliant: an inline Action * / Resource * statement of the user is FAIL', () => {
    const k = key('batch');
    const inline = principalInlinePolicy(
      'user',
      'batch',
      'everything',
      encoded([{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }]),
    );
    const finding = findingFor(run([k, ...plainUser('batch'), inline]), k.record.resource.id);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('inline policy everything of user batch: statement All');
  });

  it('#4 non-compliant: a group inline policy granting everything is FAIL; AdministratorAccess is FAIL by its ARN when its document was not read', () => {
    const k = key('batch');
    const groupInline = principalInlinePolicy('group', 'ops', 'admin', ADMIN_DOC);
    expect(
      findingFor(
        run([k, userAttachments('batch', []), userGroups('batch', ['ops']), groupAttachments('ops', []), groupInline]),
        k.record.resource.id,
      ).status,
    ).toBe('FAIL');
    const unread = run(
      [k, ...plainUser('batch', [ADMINISTRATOR_ACCESS])],
      [
        complete(KEYS, 1, IAM_SCOPE),
        partial(PERMISSIONS, [accessDenied('GetPolicy', ADMINISTRATOR_ACCESS)], 2, IAM_SCOPE),
        complete(INLINE, 0, IAM_SCOPE),
      ],
    );
    expect(findingFor(unread, k.record.resource.id).status).toBe('FAIL');
  });

  it('#5 compliant: bedrock:* on every resource is too much, but not administrator access', () => {
    const k = key('batch');
    const inline = principalInlinePolicy(
      'user',
      'batch',
      'bedrock-all',
      encoded([{ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }]),
    );
    expect(findingFor(run([k, ...plainUser('batch'), inline]), k.record.resource.id).status).toBe('PASS');
  });

  it.each([
    [
      'the groups of the user could not be read',
      [userAttachments('batch', [])],
      [
        partial(PERMISSIONS, [accessDenied('ListGroupsForUser', `arn:aws:iam::${IAM_SCOPE.accountId}:user/batch`)], 1, IAM_SCOPE),
        complete(INLINE, 0, IAM_SCOPE),
      ],
      'ListGroupsForUser',
    ],
    [
      "a group's attached policies could not be read",
      [userAttachments('batch', []), userGroups('batch', ['ops'])],
      [
        partial(PERMISSIONS, [accessDenied('ListAttachedGroupPolicies', `arn:aws:iam::${IAM_SCOPE.accountId}:group/ops`)], 2, IAM_SCOPE),
        complete(INLINE, 0, IAM_SCOPE),
      ],
      'group ops',
    ],
    [
      'the users could not be listed for their inline policies',
      [userAttachments('batch', []), userGroups('batch', [])],
      [complete(PERMISSIONS, 2, IAM_SCOPE), failed(INLINE, accessDenied('ListUsers'), 0, IAM_SCOPE)],
      'ListUsers',
    ],
    [
      'an attached policy document is not JSON',
      [
        userAttachments('batch', [managedPolicyArn('Broken')]),
        userGroups('batch', []),
        attachedPolicyVersion(managedPolicyArn('Broken'), '%7Bnot-json'),
      ],
      [complete(PERMISSIONS, 3, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)],
      'customer managed policy Broken attached to user batch could not be read',
    ],
  ])('#6 gives INSUFFICIENT_EVIDENCE, not PASS, when %s', (_case, iam, coverage, words) => {
    const k = key('batch');
    const finding = findingFor(run([k, ...iam], [complete(KEYS, 1, IAM_SCOPE), ...coverage]), k.record.resource.id);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(words);
  });

  it('#7 is not blocked by errors about roles (ListRoles denied)', () => {
    const k = key('batch');
    const findings = run(
      [k, ...plainUser('batch')],
      [
        complete(KEYS, 1, IAM_SCOPE),
        failed(PERMISSIONS, accessDenied('ListRoles'), 2, IAM_SCOPE),
        failed(INLINE, accessDenied('ListRoles'), 0, IAM_SCOPE),
      ],
    );
    expect(findingFor(findings, k.record.resource.id).status).toBe('PASS');
  });

  it('#8 not applicable: no Bedrock API key in an account read completely; INSUFFICIENT_EVIDENCE when the keys could not be listed or us-east-1 is not in the run', () => {
    expect(run([]).map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
    expect(run([], [failed(KEYS, accessDenied('ListServiceSpecificCredentials'), 0, IAM_SCOPE)]).map((f) => f.status)).toEqual([
      'INSUFFICIENT_EVIDENCE',
    ]);
    expect(judge(control, { scopes: [SCOPE], coverage: [complete(KEYS, 0, SCOPE)] }).map((f) => f.status)).toEqual([
      'INSUFFICIENT_EVIDENCE',
    ]);
  });
});
