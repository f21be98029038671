import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_agent_role_least_privilege.js';
import type { CoverageEntry, Scope } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { AGENT_COLLECTOR, agentEvidence, describedAgent } from '../fixtures/bedrock.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';
import {
  ADMINISTRATOR_ACCESS,
  attachedPolicyVersion,
  awsManagedPolicyArn,
  encoded,
  IAM_SCOPE,
  INLINE,
  inlinePolicyEvidence,
  managedPolicyArn,
  PERMISSIONS,
  roleAttachments,
} from '../fixtures/supporting.js';

const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0';
const NARROW = encoded([{ Sid: 'InvokeOwnModel', Effect: 'Allow', Action: ['bedrock:InvokeModel'], Resource: MODEL }]);
const RETRIEVE = encoded([
  { Effect: 'Allow', Action: 'bedrock:Retrieve', Resource: `arn:aws:bedrock:us-east-1:${IAM_SCOPE.accountId}:knowledge-base/KB1` },
]);

const agent = (id: string, role: string, scope: Scope = IAM_SCOPE) =>
  agentEvidence(describedAgent(id, { agentResourceRoleArn: `arn:aws:iam::${scope.accountId}:role/${role}` }, scope), scope);

/** A run of agents in `scope` and the IAM evidence of the account's us-east-1 scope. */
function run(agents: SealedEvidence[], iam: SealedEvidence[], options: { scope?: Scope; coverage?: CoverageEntry[] } = {}) {
  const scope = options.scope ?? IAM_SCOPE;
  const scopes = scope.region === IAM_SCOPE.region ? [scope] : [scope, IAM_SCOPE];
  const iamCoverage = options.coverage ?? [complete(PERMISSIONS, 0, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)];
  return judge(control, {
    scopes,
    evidence: [...agents, ...iam],
    coverage: [...scopes.map((s) => complete(AGENT_COLLECTOR, agents.length, s)), ...iamCoverage],
  });
}

describe('bedrock_agent_role_least_privilege', () => {
  it('#1 compliant: a role that invokes its own model and retrieves from its knowledge base is PASS, citing the agent and the IAM records', () => {
    // Prepare
    const a = agent('SUPPORTBOT', 'support-agent');
    const attachments = roleAttachments('support-agent', [managedPolicyArn('SupportRetrieve')]);
    const document = attachedPolicyVersion(managedPolicyArn('SupportRetrieve'), RETRIEVE);
    const inline = inlinePolicyEvidence('support-agent', 'invoke', NARROW);
    // Act
    const finding = findingFor(run([a], [attachments, document, inline]), a.record.resource.id);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('support-agent');
    expect(finding.evidence).toEqual([a, attachments, document, inline].map(digestOf).sort());
  });

  it.each([
    [
      '#2 an attached AWS managed policy with bedrock:*',
      awsManagedPolicyArn('AmazonBedrockFullAccess'),
      [{ Sid: 'All', Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }],
      'bedrock:*',
    ],
    [
      '#3 model invocation on every resource',
      managedPolicyArn('InvokeAll'),
      [{ Effect: 'Allow', Action: 'bedrock:Invoke*', Resource: '*' }],
      'model invocation on every resource',
    ],
    ['#4 Action *, even on one resource', managedPolicyArn('Star'), [{ Effect: 'Allow', Action: '*', Resource: MODEL }], 'allows *'],
    [
      '#5 NotAction that leaves Bedrock in',
      managedPolicyArn('NotIam'),
      [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
      'bedrock:*',
    ],
  ])('non-compliant: %s is FAIL and names the policy and statement', (_case, arn, statements, words) => {
    const a = agent('CLAIMSBOT1', 'claims-agent');
    const findings = run([a], [roleAttachments('claims-agent', [arn]), attachedPolicyVersion(arn, encoded(statements))]);
    const finding = findingFor(findings, a.record.resource.id);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(arn.split('/').pop());
    expect(finding.reason).toContain(words);
  });

  it('#6 non-compliant: an inline policy that invokes every model is FAIL, a Deny in the same policy does not rescue it', () => {
    const a = agent('CLAIMSBOT1', 'claims-agent');
    const inline = inlinePolicyEvidence(
      'claims-agent',
      'invoke-any',
      encoded([
        { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' },
        { Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: 'arn:aws:bedrock:*::foundation-model/meta.*' },
      ]),
    );
    const finding = findingFor(run([a], [roleAttachments('claims-agent', []), inline]), a.record.resource.id);
    expect(finding).toMatchObject({ status: 'FAIL' });
    expect(finding.reason).toContain('inline policy invoke-any of role claims-agent');
  });

  it('#7 non-compliant: AdministratorAccess is FAIL by its ARN even when its document could not be read', () => {
    const a = agent('CLAIMSBOT1', 'claims-agent');
    const findings = run([a], [roleAttachments('claims-agent', [ADMINISTRATOR_ACCESS])], {
      coverage: [partial(PERMISSIONS, [accessDenied('GetPolicy', ADMINISTRATOR_ACCESS)], 1, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)],
    });
    expect(findingFor(findings, a.record.resource.id)).toMatchObject({ status: 'FAIL' });
  });

  it('#8 gives INSUFFICIENT_EVIDENCE, not PASS, when an attached policy document could not be read, naming it', () => {
    const a = agent('CLAIMSBOT1', 'claims-agent');
    const arn = managedPolicyArn('AgentInvoke');
    const findings = run([a], [roleAttachments('claims-agent', [arn]), inlinePolicyEvidence('claims-agent', 'invoke', NARROW)], {
      coverage: [partial(PERMISSIONS, [accessDenied('GetPolicyVersion', arn)], 1, IAM_SCOPE), complete(INLINE, 1, IAM_SCOPE)],
    });
    const finding = findingFor(findings, a.record.resource.id);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('AgentInvoke');
    expect(finding.reason).toContain('GetPolicyVersion failed with AccessDeniedException');
  });

  it.each([
    [
      'the roles could not be listed',
      [failed(PERMISSIONS, accessDenied('ListRoles'), 0, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)],
      'ListRoles',
    ],
    [
      "the role's inline policies could not be listed",
      [
        complete(PERMISSIONS, 1, IAM_SCOPE),
        partial(INLINE, [accessDenied('ListRolePolicies', `arn:aws:iam::${IAM_SCOPE.accountId}:role/claims-agent`)], 0, IAM_SCOPE),
      ],
      'ListRolePolicies',
    ],
    ['the inline policies collector did not run', [complete(PERMISSIONS, 1, IAM_SCOPE)], 'iam.inline-policies collector did not run'],
  ])('#9 gives INSUFFICIENT_EVIDENCE when %s', (_case, coverage, words) => {
    const a = agent('CLAIMSBOT1', 'claims-agent');
    const finding = findingFor(run([a], [roleAttachments('claims-agent', [])], { coverage }), a.record.resource.id);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(words);
  });

  it('#10 is not blocked by errors about other principals (a key holder listing that was denied)', () => {
    const a = agent('CLAIMSBOT1', 'claims-agent');
    const findings = run([a], [roleAttachments('claims-agent', [])], {
      coverage: [failed(PERMISSIONS, accessDenied('ListServiceSpecificCredentials'), 1, IAM_SCOPE), complete(INLINE, 0, IAM_SCOPE)],
    });
    expect(findingFor(findings, a.record.resource.id).status).toBe('PASS');
  });

  it('#11 gives INSUFFICIENT_EVIDENCE for a role the account does not hold among the roles Bedrock may assume', () => {
    const a = agent('CLAIMSBOT1', 'deleted-role');
    const finding = findingFor(run([a], [roleAttachments('other-agent', [])]), a.record.resource.id);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('trust bedrock.amazonaws.com');
  });

  it("#12 judges an agent of another region with the account's IAM evidence from us-east-1, and gives INSUFFICIENT_EVIDENCE when that region is not in the run", () => {
    const eu = agent('EUAGENT001', 'eu-agent', SCOPE);
    const iam = [roleAttachments('eu-agent', []), inlinePolicyEvidence('eu-agent', 'invoke', NARROW)];
    expect(findingFor(run([eu], iam, { scope: SCOPE }), eu.record.resource.id).status).toBe('PASS');
    const alone = judge(control, { scopes: [SCOPE], evidence: [eu], coverage: [complete(AGENT_COLLECTOR, 1, SCOPE)] });
    expect(findingFor(alone, eu.record.resource.id)).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE' });
    expect(findingFor(alone, eu.record.resource.id).reason).toContain('us-east-1');
  });

  it('#13 not applicable: no agents in a region read completely', () => {
    expect(run([], []).map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });
});
