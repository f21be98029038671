import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_agent_role_not_shared.js';
import { AGENT_COLLECTOR, agentArn, agentEvidence, describedAgent } from '../fixtures/bedrock.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, OTHER_SCOPE, partial, SCOPE } from '../fixtures/evidence.js';

const US = { accountId: SCOPE.accountId, region: 'us-east-1' };
const role = (name: string, scope = SCOPE) => `arn:aws:iam::${scope.accountId}:role/${name}`;
const agent = (id: string, roleName: string, scope = SCOPE) =>
  agentEvidence(describedAgent(id, { agentResourceRoleArn: role(roleName, scope) }, scope), scope);

describe('bedrock_agent_role_not_shared', () => {
  it('#1 compliant: agents with roles of their own are PASS, each citing only itself', () => {
    // Prepare
    const a = agent('CLAIMSBOT1', 'claims-agent');
    const b = agent('SUPPORTBOT', 'support-agent');
    // Act
    const findings = judge(control, { evidence: [a, b], coverage: [complete(AGENT_COLLECTOR, 2)] });
    // Assess
    expect(findingFor(findings, a.record.resource.id)).toMatchObject({ status: 'PASS', evidence: [digestOf(a)] });
    expect(findingFor(findings, b.record.resource.id).status).toBe('PASS');
  });

  it('#2 non-compliant: two agents of a region with one role are both FAIL, each naming the other', () => {
    // Prepare
    const a = agent('CLAIMSBOT1', 'shared-agents');
    const b = agent('SUPPORTBOT', 'shared-agents');
    const c = agent('FRAUDBOT01', 'fraud-agent');
    // Act
    const findings = judge(control, { evidence: [a, b, c], coverage: [complete(AGENT_COLLECTOR, 3)] });
    // Assess
    expect(findingFor(findings, a.record.resource.id)).toMatchObject({ status: 'FAIL' });
    expect(findingFor(findings, a.record.resource.id).reason).toContain(b.record.resource.id);
    expect(findingFor(findings, b.record.resource.id).reason).toContain(a.record.resource.id);
    expect(findingFor(findings, c.record.resource.id).status).toBe('PASS');
  });

  it('#3 non-compliant: a role shared across two regions of one account (IAM is global) is FAIL', () => {
    // Prepare
    const eu = agent('CLAIMSBOT1', 'shared-agents');
    const us = agent('CLAIMSBOT2', 'shared-agents', US);
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, US],
      evidence: [eu, us],
      coverage: [complete(AGENT_COLLECTOR, 1), complete(AGENT_COLLECTOR, 1, US)],
    });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['FAIL', 'FAIL']);
  });

  it('#4 does not count an agent of another account with a role of the same name', () => {
    // Prepare
    const mine = agent('CLAIMSBOT1', 'agents');
    const theirs = agentEvidence(describedAgent('CLAIMSBOT1', { agentResourceRoleArn: role('agents', SCOPE) }, OTHER_SCOPE), OTHER_SCOPE);
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [mine, theirs],
      coverage: [complete(AGENT_COLLECTOR, 1), complete(AGENT_COLLECTOR, 1, OTHER_SCOPE)],
    });
    // Assess
    expect(findingFor(findings, mine.record.resource.id).status).toBe('PASS');
  });

  it('#5 gives INSUFFICIENT_EVIDENCE, not PASS, when another region of the account could not be read', () => {
    // Prepare
    const eu = agent('CLAIMSBOT1', 'claims-agent');
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, US],
      evidence: [eu],
      coverage: [complete(AGENT_COLLECTOR, 1), failed(AGENT_COLLECTOR, accessDenied('ListAgents'), 0, US)],
    });
    // Assess
    const finding = findingFor(findings, eu.record.resource.id);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('us-east-1');
  });

  it('#6 still FAILs a role seen twice when another region could not be read', () => {
    // Prepare
    const a = agent('CLAIMSBOT1', 'shared-agents');
    const b = agent('SUPPORTBOT', 'shared-agents');
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, US],
      evidence: [a, b],
      coverage: [complete(AGENT_COLLECTOR, 2), failed(AGENT_COLLECTOR, accessDenied('ListAgents'), 0, US)],
    });
    // Assess
    expect(findingFor(findings, a.record.resource.id).status).toBe('FAIL');
  });

  it('#7 gives INSUFFICIENT_EVIDENCE for an agent answer without its role', () => {
    // Prepare
    const a = agentEvidence(describedAgent('CLAIMSBOT1', { agentResourceRoleArn: undefined }));
    // Act
    const findings = judge(control, { evidence: [a], coverage: [complete(AGENT_COLLECTOR, 1)] });
    // Assess
    expect(findingFor(findings, a.record.resource.id).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  // describeSharedCases expects a compliant resource to PASS beside an unreadable one; here an agent
  // that could not be read may share the role, so the readable one is INSUFFICIENT_EVIDENCE instead.
  it('#8 gives INSUFFICIENT_EVIDENCE to the unread agent and to the readable one beside it', () => {
    // Prepare
    const readable = agent('CLAIMSBOT1', 'claims-agent');
    const coverage = partial(AGENT_COLLECTOR, [accessDenied('GetAgent', agentArn('HIDDEN0001'))], 1);
    // Act
    const findings = judge(control, { evidence: [readable], coverage: [coverage] });
    // Assess
    expect(findingFor(findings, agentArn('HIDDEN0001')).status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findingFor(findings, readable.record.resource.id)).toMatchObject({
      status: 'INSUFFICIENT_EVIDENCE',
      evidence: [digestOf(readable)],
    });
  });

  it.each([
    ['never ran', []],
    ['was denied', [failed(AGENT_COLLECTOR, accessDenied('ListAgents'))]],
  ])('#9 gives INSUFFICIENT_EVIDENCE for the region when the agents collector %s', (_case, coverage) => {
    // Act
    const findings = judge(control, { coverage });
    // Assess
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([[regionResourceId(SCOPE), 'INSUFFICIENT_EVIDENCE']]);
  });

  it('#10 is NOT_APPLICABLE in a region read completely without agents', () => {
    // Act / Assess
    expect(judge(control, { coverage: [complete(AGENT_COLLECTOR, 0)] }).map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });
});
