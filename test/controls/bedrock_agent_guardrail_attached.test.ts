import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_agent_guardrail_attached.js';
import {
  AGENT_COLLECTOR,
  agentArn,
  agentEvidence,
  describedAgent,
  describedGuardrail,
  GUARDRAIL_COLLECTOR,
  guardrailArn,
  guardrailEvidence,
} from '../fixtures/bedrock.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';

const GUARDRAIL = guardrailEvidence(describedGuardrail('gr0support01'));

/** Judges one agent with the region's guardrails read completely (or as `guardrailCoverage` says). */
function judgeAgent(guardrailConfiguration: unknown, guardrailCoverage = complete(GUARDRAIL_COLLECTOR, 1), guardrails = [GUARDRAIL]) {
  const agent = agentEvidence(describedAgent('SUPPORTBOT1', { guardrailConfiguration }));
  const findings = judge(control, { evidence: [agent, ...guardrails], coverage: [complete(AGENT_COLLECTOR, 1), guardrailCoverage] });
  expect(findings).toHaveLength(1);
  return { agent, finding: findingFor(findings, agent.record.resource.id) };
}

describe('bedrock_agent_guardrail_attached', () => {
  it.each([
    ['#1 compliant: the guardrail id of a guardrail of the region', { guardrailIdentifier: 'gr0support01', guardrailVersion: '3' }],
    ['#2 compliant: the guardrail ARN', { guardrailIdentifier: guardrailArn('gr0support01'), guardrailVersion: '3' }],
  ])('%s is PASS, citing the agent and the guardrail', (_case, config) => {
    // Act
    const { agent, finding } = judgeAgent(config);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('guardrail-gr0support01');
    expect(finding.reason).toContain('version 3');
    expect(finding.evidence).toEqual([digestOf(agent), digestOf(GUARDRAIL)].sort());
  });

  it.each([
    ['#3 non-compliant: no guardrail configuration', undefined, 'has no guardrail'],
    ['#4 non-compliant: a configuration without an identifier', { guardrailVersion: '1' }, 'names no guardrail'],
    [
      '#5 non-compliant: a guardrail the region does not have',
      { guardrailIdentifier: 'gr0deleted99', guardrailVersion: '1' },
      'which is not a guardrail',
    ],
  ])('%s is FAIL', (_case, config, words) => {
    // Act
    const { agent, finding } = judgeAgent(config);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('HIGH');
    expect(finding.reason).toContain(words);
    expect(finding.evidence).toEqual([digestOf(agent)]);
  });

  it('#6 gives INSUFFICIENT_EVIDENCE, not PASS or FAIL, for a named guardrail when the guardrails could not be listed', () => {
    // Act
    const { finding } = judgeAgent(
      { guardrailIdentifier: 'gr0support01' },
      failed(GUARDRAIL_COLLECTOR, accessDenied('ListGuardrails')),
      [],
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('cannot be confirmed');
  });

  it('#7 still FAILs an agent without a guardrail when the guardrails could not be listed', () => {
    // Act
    const { finding } = judgeAgent(undefined, failed(GUARDRAIL_COLLECTOR, accessDenied('ListGuardrails')), []);
    // Assess
    expect(finding.status).toBe('FAIL');
  });

  it('#8 gives INSUFFICIENT_EVIDENCE for a guardrailConfiguration that is not an object', () => {
    // Act
    const { finding } = judgeAgent('gr0support01');
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#9 does not accept a guardrail of another region', () => {
    // Prepare: the same guardrail id, read in another scope.
    const elsewhere = guardrailEvidence(describedGuardrail('gr0support01', {}, { ...SCOPE, region: 'us-east-1' }), {
      ...SCOPE,
      region: 'us-east-1',
    });
    // Act
    const { finding } = judgeAgent({ guardrailIdentifier: 'gr0support01' }, complete(GUARDRAIL_COLLECTOR, 0), [elsewhere]);
    // Assess
    expect(finding.status).toBe('FAIL');
  });

  // describeSharedCases feeds only the agents collector; this control also reads the guardrails, so
  // the cases that matter for missing evidence are spelled out here.
  it('#10 gives INSUFFICIENT_EVIDENCE for the region when the agents collector never ran or was denied', () => {
    // Act
    const neverRan = judge(control, { coverage: [complete(GUARDRAIL_COLLECTOR, 0)] });
    const denied = judge(control, { coverage: [failed(AGENT_COLLECTOR, accessDenied('ListAgents')), complete(GUARDRAIL_COLLECTOR, 0)] });
    // Assess
    expect(neverRan.map((f) => [f.resource.id, f.status])).toEqual([[regionResourceId(SCOPE), 'INSUFFICIENT_EVIDENCE']]);
    expect(denied.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
    expect(denied[0]?.reason).toContain('AccessDeniedException');
  });

  it('#11 names an agent that could not be read, and judges the others', () => {
    // Prepare
    const readable = agentEvidence(describedAgent('SUPPORTBOT1'));
    const coverage = partial(AGENT_COLLECTOR, [accessDenied('GetAgent', agentArn('HIDDEN0001'))], 1);
    // Act
    const findings = judge(control, { evidence: [readable, GUARDRAIL], coverage: [coverage, complete(GUARDRAIL_COLLECTOR, 1)] });
    // Assess
    expect(findingFor(findings, agentArn('HIDDEN0001')).status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findingFor(findings, readable.record.resource.id).status).toBe('PASS');
  });

  it('#12 is NOT_APPLICABLE in a region read completely without agents', () => {
    // Act / Assess
    expect(judge(control, { coverage: [complete(AGENT_COLLECTOR, 0), complete(GUARDRAIL_COLLECTOR, 0)] }).map((f) => f.status)).toEqual([
      'NOT_APPLICABLE',
    ]);
  });
});
