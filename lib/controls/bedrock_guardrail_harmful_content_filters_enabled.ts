import { guardrailControl, listField, malformed } from './bedrock.js';

const CATEGORIES = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'] as const;

/** Every harmful content category is filtered on both prompts and responses. */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_harmful_content_filters_enabled',
    version: 1,
    title: 'Amazon Bedrock guardrails filter every harmful content category on input and output',
    rationale:
      'A guardrail that filters some categories, or only prompts, lets the model produce the rest: hate, insults, sexual content, violence and misconduct each need a filter that acts on both what users send and what the model answers.',
    severity: 'MEDIUM',
    remediation:
      'Edit the guardrail content filters: for HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT set an input and output strength other than NONE (MEDIUM or HIGH for customer-facing applications) with the BLOCK action, then publish a new guardrail version.',
    cafAi: ['application-security', 'vulnerability-management'],
    aiRmf: ['MEASURE 2.6', 'MANAGE 1.3'],
    iso42001: ['A.9.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (guardrail, name) => {
    const what = `Amazon Bedrock guardrail ${name}`;
    const filters = listField(guardrail.contentPolicy, 'filters');
    if (filters === undefined) return malformed(what, 'contentPolicy.filters');
    const gaps: string[] = [];
    for (const category of CATEGORIES) {
      const filter = filters.find((f) => f.type === category);
      const sides = (['input', 'output'] as const).filter((side) => {
        if (filter === undefined) return true;
        const strength = filter[`${side}Strength`];
        return strength === undefined || strength === 'NONE' || filter[`${side}Enabled`] === false || filter[`${side}Action`] === 'NONE';
      });
      if (sides.length > 0) gaps.push(`${category} (${sides.join(' and ')})`);
    }
    if (gaps.length === 0) {
      return { status: 'PASS', reason: `${what} filters all five harmful content categories on input and output.` };
    }
    return { status: 'FAIL', reason: `${what} does not filter ${gaps.join(', ')}.` };
  },
);
