import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_flow_model_nodes_have_guardrail.js';
import { describedFlow, FLOW_COLLECTOR, flowEvidence, flowNode, flowSubject, judgeOne } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { digestOf } from '../fixtures/evidence.js';

const INPUT = { name: 'FlowInput', type: 'Input', configuration: { input: {} } };
const OUTPUT = { name: 'FlowOutput', type: 'Output', configuration: { output: {} } };
const judgeNodes = (nodes: unknown, overrides: Record<string, unknown> = {}) => {
  const evidence = flowEvidence(describedFlow('CLAIMFLOW1', { definition: { nodes, connections: [] }, ...overrides }));
  return { evidence, finding: judgeOne(control, FLOW_COLLECTOR, evidence) };
};

describe('bedrock_flow_model_nodes_have_guardrail', () => {
  it.each([
    [
      '#1 compliant: guarded Prompt and KnowledgeBase nodes',
      [INPUT, flowNode('Summarise', 'Prompt'), flowNode('Answer', 'KnowledgeBase'), OUTPUT],
      '(2 nodes)',
    ],
    [
      '#2 compliant: a KnowledgeBase node that only retrieves (no model) needs none',
      [
        INPUT,
        flowNode('Summarise', 'Prompt'),
        { name: 'Retrieve', type: 'KnowledgeBase', configuration: { knowledgeBase: { knowledgeBaseId: 'KB1' } } },
        OUTPUT,
      ],
      '(1 node)',
    ],
  ])('%s is PASS', (_case, nodes, words) => {
    // Act
    const { evidence, finding } = judgeNodes(nodes);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(words);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    [
      '#3 non-compliant: an unguarded Prompt node',
      [INPUT, flowNode('Summarise', 'Prompt', null), flowNode('Answer', 'KnowledgeBase'), OUTPUT],
      'Summarise',
    ],
    [
      '#4 non-compliant: an unguarded generating KnowledgeBase node',
      [INPUT, flowNode('Summarise', 'Prompt'), flowNode('Answer', 'KnowledgeBase', null)],
      'Answer',
    ],
    ['#5 non-compliant: two unguarded nodes', [flowNode('A', 'Prompt', null), flowNode('B', 'Prompt', null)], 'nodes A, B'],
  ])('%s is FAIL naming the node', (_case, nodes, words) => {
    // Act
    const { finding } = judgeNodes(nodes);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('HIGH');
    expect(finding.reason).toContain(words);
  });

  it.each([
    ['#6 a flow without a definition', { definition: undefined }],
    ['#7 a flow whose nodes call no model', { definition: { nodes: [INPUT, OUTPUT], connections: [] } }],
  ])('%s is NOT_APPLICABLE', (_case, overrides) => {
    // Act
    const finding = judgeOne(control, FLOW_COLLECTOR, flowEvidence(describedFlow('CLAIMFLOW1', overrides)));
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
  });

  it.each([
    ['nodes that are not a list', 'Summarise'],
    ['a Prompt node without its prompt configuration', [{ name: 'Summarise', type: 'Prompt', configuration: {} }]],
  ])('#8 gives INSUFFICIENT_EVIDENCE, not PASS, for %s', (_case, nodes) => {
    // Act
    const { finding } = judgeNodes(nodes);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeSharedCases(flowSubject(control));
});
