import { guardrailControl, listField, malformed } from './bedrock.js';

/** The guardrail denies at least one topic, and blocks it on input or output. */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_denied_topics_configured',
    version: 1,
    title: 'Amazon Bedrock guardrails deny the topics an application must not discuss',
    rationale:
      'Denied topics keep an application within its intended use: an insurance chatbot should not give investment or medical advice. Without a blocking denied topic, the only limit on scope is the model instruction, which prompt injection can override.',
    severity: 'LOW',
    remediation:
      'Edit the guardrail denied topics: define each topic outside the application scope with a definition and examples, set its input and output action to BLOCK, then publish a new guardrail version.',
    cafAi: ['security-governance', 'application-security'],
    aiRmf: ['MAP 3.3', 'MANAGE 1.3'],
    iso42001: ['A.9.4'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (guardrail, name) => {
    const what = `Amazon Bedrock guardrail ${name}`;
    const topics = listField(guardrail.topicPolicy, 'topics');
    if (topics === undefined) return malformed(what, 'topicPolicy.topics');
    if (topics.length === 0) return { status: 'FAIL', reason: `${what} denies no topic.` };
    const blocking = topics.filter((t) =>
      (['input', 'output'] as const).some((side) => t[`${side}Enabled`] !== false && t[`${side}Action`] !== 'NONE'),
    );
    if (blocking.length === 0) {
      return { status: 'FAIL', reason: `${what} defines denied topics but blocks none of them (actions NONE or disabled).` };
    }
    return {
      status: 'PASS',
      reason: `${what} blocks ${blocking.length} denied topic${blocking.length === 1 ? '' : 's'} (${blocking.map((t) => String(t.name)).join(', ')}).`,
    };
  },
);
