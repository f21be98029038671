import { guardrailControl, listField, malformed } from './bedrock.js';

/** The guardrail's prompt attack filter inspects prompts at HIGH strength and acts on what it finds. */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_prompt_attack_filter_high',
    version: 1,
    title: 'Amazon Bedrock guardrails filter prompt attacks on input at HIGH strength',
    rationale:
      'Prompt injection and jailbreaks turn a model against its own instructions. The prompt attack filter is the guardrail safeguard against them; at a strength below HIGH, or in detect-only mode, it lets most attacks through.',
    severity: 'HIGH',
    remediation:
      'Edit the guardrail (UpdateGuardrail or the console, Content filters > Prompt attacks): set the PROMPT_ATTACK filter input strength to HIGH with the BLOCK action, create a new guardrail version and point applications and agents at it.',
    cafAi: ['vulnerability-management', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 1.3'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  (guardrail, name) => {
    const what = `Amazon Bedrock guardrail ${name}`;
    const filters = listField(guardrail.contentPolicy, 'filters');
    if (filters === undefined) return malformed(what, 'contentPolicy.filters');
    const filter = filters.find((f) => f.type === 'PROMPT_ATTACK');
    if (filter === undefined) return { status: 'FAIL', reason: `${what} has no prompt attack filter.` };
    if (filter.inputEnabled === false) return { status: 'FAIL', reason: `${what} has its prompt attack filter turned off for input.` };
    if (filter.inputAction === 'NONE') {
      return { status: 'FAIL', reason: `${what} only detects prompt attacks (input action NONE); it does not block them.` };
    }
    if (typeof filter.inputStrength !== 'string') return malformed(what, 'prompt attack inputStrength');
    if (filter.inputStrength !== 'HIGH') {
      return { status: 'FAIL', reason: `${what} filters prompt attacks at ${filter.inputStrength} input strength, not HIGH.` };
    }
    return { status: 'PASS', reason: `${what} blocks prompt attacks on input at HIGH strength.` };
  },
);
