import { describe, expect, it } from 'vitest';
import { control as agentRuntimeEndpoint } from '../../lib/controls/bedrock_agent_runtime_vpc_endpoint_available.js';
import { control as agentEndpoint } from '../../lib/controls/bedrock_agent_vpc_endpoint_available.js';
import { control as controlPlaneEndpoint } from '../../lib/controls/bedrock_vpc_endpoint_available.js';
import type { Control } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import {
  AGENT_COLLECTOR,
  agentEvidence,
  describedAgent,
  describedFlow,
  describedKnowledgeBase,
  describedPrompt,
  FLOW_COLLECTOR,
  flowEvidence,
  KNOWLEDGE_BASE_COLLECTOR,
  knowledgeBaseEvidence,
  PROMPT_COLLECTOR,
  promptEvidence,
} from '../fixtures/bedrock.js';
import { ENDPOINTS_COLLECTOR, endpointEvidence, vpcEndpoint } from '../fixtures/bedrock-destinations.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, OTHER_SCOPE, SCOPE } from '../fixtures/evidence.js';

const USER_COLLECTORS = [AGENT_COLLECTOR, KNOWLEDGE_BASE_COLLECTOR, FLOW_COLLECTOR, PROMPT_COLLECTOR];
const agent = () => agentEvidence(describedAgent('CLMTRIAGE1'));
const knowledgeBase = () => knowledgeBaseEvidence(describedKnowledgeBase('POLICYKB01'));
const flow = () => flowEvidence(describedFlow('CLMFLOW001'));
const prompt = () => promptEvidence(describedPrompt('PRMPTSUM01'));

/** Judges one region holding `endpoints` and `users`, every collector read completely. */
function judgeRegion(control: Control, endpoints: SealedEvidence[], users: SealedEvidence[], coverage?: CoverageEntry[]) {
  const findings = judge(control, {
    evidence: [...endpoints, ...users],
    coverage: coverage ?? [complete(ENDPOINTS_COLLECTOR, endpoints.length), ...USER_COLLECTORS.map((c) => complete(c, 1))],
  });
  expect(findings).toHaveLength(1);
  return findingFor(findings, regionResourceId(SCOPE));
}

const FAMILY = [
  { control: controlPlaneEndpoint, service: 'bedrock', users: [] as (() => SealedEvidence)[] },
  { control: agentEndpoint, service: 'bedrock-agent', users: [agent, knowledgeBase, flow, prompt] },
  { control: agentRuntimeEndpoint, service: 'bedrock-agent-runtime', users: [agent, knowledgeBase, flow] },
];

describe.each(FAMILY)('$control.id', ({ control, service, users }) => {
  const name = `com.amazonaws.${SCOPE.region}.${service}`;
  const using = users.length === 0 ? [] : [agent()];

  it('#1 an available interface endpoint for the service is PASS, citing it and not the other services', () => {
    const endpoint = endpointEvidence(vpcEndpoint('vpce-0wanted', service));
    const other = endpointEvidence(vpcEndpoint('vpce-0other', 'bedrock-runtime'));
    const finding = judgeRegion(control, [endpoint, other], using);
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('vpce-0wanted');
    expect(finding.evidence).toEqual([digestOf(endpoint), ...using.map(digestOf)].sort());
  });

  it.each([
    ['pending acceptance', { State: 'pendingAcceptance' }, 'pendingAcceptance'],
    ['a Gateway endpoint', { VpcEndpointType: 'Gateway' }, 'Gateway'],
  ])('#2 an endpoint that is %s is FAIL', (_case, overrides, words) => {
    const finding = judgeRegion(control, [endpointEvidence(vpcEndpoint('vpce-0wanted', service, overrides))], using);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  it('#3 no endpoint for the service (only the runtime one) is FAIL, naming the service', () => {
    const finding = judgeRegion(control, [endpointEvidence(vpcEndpoint('vpce-0other', 'bedrock-runtime'))], using);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(`no VPC endpoint for ${name}`);
  });

  it('#4 gives INSUFFICIENT_EVIDENCE when the endpoints could not be listed', () => {
    const coverage = [failed(ENDPOINTS_COLLECTOR, accessDenied('DescribeVpcEndpoints')), ...USER_COLLECTORS.map((c) => complete(c, 1))];
    const finding = judgeRegion(control, [], using, coverage);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('DescribeVpcEndpoints');
  });

  it('#5 gives INSUFFICIENT_EVIDENCE for a region where the collector never ran, and judges the others', () => {
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [endpointEvidence(vpcEndpoint('vpce-0wanted', service)), ...using],
      coverage: [complete(ENDPOINTS_COLLECTOR, 1), ...USER_COLLECTORS.map((c) => complete(c, 1))],
    });
    expect(findingFor(findings, regionResourceId(SCOPE)).status).toBe('PASS');
    expect(findingFor(findings, regionResourceId(OTHER_SCOPE)).status).toBe('INSUFFICIENT_EVIDENCE');
  });
});

describe.each(FAMILY.filter((f) => f.users.length > 0))('$control.id, judged where the region uses it', ({ control, service, users }) => {
  it.each(users.map((make) => [make().record.resource.type, make] as const))(
    '#6 a region with only a %s and no endpoint is FAIL',
    (_type, make) => {
      const user = make();
      const finding = judgeRegion(control, [], [user]);
      expect(finding.status).toBe('FAIL');
      expect(finding.evidence).toEqual([digestOf(user)]);
    },
  );

  it('#7 a region without agents, knowledge bases or flows is NOT_APPLICABLE, endpoint or not', () => {
    expect(judgeRegion(control, [], []).status).toBe('NOT_APPLICABLE');
    expect(judgeRegion(control, [endpointEvidence(vpcEndpoint('vpce-0wanted', service))], []).status).toBe('NOT_APPLICABLE');
  });

  it('#8 gives INSUFFICIENT_EVIDENCE, not NOT_APPLICABLE, when the agents could not be listed', () => {
    const coverage = [
      complete(ENDPOINTS_COLLECTOR, 0),
      failed(AGENT_COLLECTOR, accessDenied('ListAgents')),
      ...USER_COLLECTORS.slice(1).map((c) => complete(c, 0)),
    ];
    const finding = judgeRegion(control, [], [], coverage);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('ListAgents');
  });
});

it('bedrock_agent_runtime_vpc_endpoint_available does not count prompts as a use of the runtime', () => {
  expect(judgeRegion(agentRuntimeEndpoint, [], [prompt()]).status).toBe('NOT_APPLICABLE');
  expect(judgeRegion(agentEndpoint, [], [prompt()]).status).toBe('FAIL');
});
