import { asFields, flowControl, listField, malformed, textField } from './bedrock.js';

/**
 * The nodes of a flow that call a model apply a guardrail: every Prompt node, and every
 * KnowledgeBase node that generates a response (one with a modelId; without one it only retrieves).
 */
export const control = flowControl(
  {
    id: 'bedrock_flow_model_nodes_have_guardrail',
    version: 1,
    title: 'Amazon Bedrock flows apply a guardrail at every node that calls a model',
    rationale:
      'A flow passes user input to models at its Prompt and KnowledgeBase nodes. A node without a guardrail is a path around the content, prompt attack and sensitive information filters that the rest of the application relies on.',
    severity: 'HIGH',
    remediation:
      'In the flow definition, set guardrailConfiguration (guardrail identifier and published version) on every Prompt node and on every KnowledgeBase node that has a model, save the flow (UpdateFlow), create a flow version and point the alias at it.',
    cafAi: ['application-security', 'vulnerability-management'],
    aiRmf: ['MANAGE 1.3', 'MEASURE 2.6'],
    iso42001: ['A.9.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (flow, name) => {
    const what = `Amazon Bedrock flow ${name}`;
    if (flow.definition === undefined || flow.definition === null) {
      return { status: 'NOT_APPLICABLE', reason: `${what} has no definition yet, so no node calls a model.` };
    }
    const nodes = listField(flow.definition, 'nodes');
    if (nodes === undefined) return malformed(what, 'definition.nodes');
    const unguarded: string[] = [];
    let calling = 0;
    for (const node of nodes) {
      if (node.type !== 'Prompt' && node.type !== 'KnowledgeBase') continue;
      const configuration = asFields(node.configuration);
      const part = asFields(node.type === 'Prompt' ? configuration?.prompt : configuration?.knowledgeBase);
      if (part === undefined) return malformed(what, `configuration of node ${String(node.name)}`);
      if (node.type === 'KnowledgeBase' && textField(part, 'modelId') === undefined) continue;
      calling += 1;
      if (textField(asFields(part.guardrailConfiguration), 'guardrailIdentifier') === undefined) unguarded.push(String(node.name));
    }
    if (calling === 0) return { status: 'NOT_APPLICABLE', reason: `${what} has no Prompt or generating KnowledgeBase node.` };
    if (unguarded.length > 0) {
      return {
        status: 'FAIL',
        reason: `${what} calls a model without a guardrail at node${unguarded.length === 1 ? '' : 's'} ${unguarded.join(', ')}.`,
      };
    }
    return {
      status: 'PASS',
      reason: `${what} applies a guardrail at every node that calls a model (${calling} node${calling === 1 ? '' : 's'}).`,
    };
  },
);
