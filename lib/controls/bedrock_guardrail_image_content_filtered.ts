import { guardrailControl, listField, malformed } from './bedrock.js';

const CATEGORIES = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'] as const;

/** The modalities a filter inspects on one side; AWS documents TEXT alone when none are given. */
function modalities(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return ['TEXT'];
  return Array.isArray(value) && value.every((m) => typeof m === 'string') ? value : undefined;
}

/** The guardrail's harmful content filters inspect images as well as text, on prompts and on responses. */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_image_content_filtered',
    version: 1,
    title: 'Amazon Bedrock guardrails filter harmful content in images on input and output',
    rationale:
      'Content filters inspect only text unless IMAGE is among their modalities. With multimodal models a user can send, or the model can produce, hateful, sexual or violent images (or text drawn inside an image to slip past a text filter) that a text-only guardrail never sees. Each harmful category filter that is configured should inspect images on both sides.',
    severity: 'MEDIUM',
    remediation:
      'Edit the guardrail content filters: for every harmful category (HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT) add IMAGE to inputModalities and outputModalities beside TEXT, then create a new guardrail version and point applications at it.',
    cafAi: ['application-security'],
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
    const harmful = filters.filter((f) => (CATEGORIES as readonly unknown[]).includes(f.type));
    if (harmful.length === 0) {
      return { status: 'FAIL', reason: `${what} has no harmful content filter, so neither text nor images are filtered.` };
    }
    const gaps: string[] = [];
    for (const filter of harmful) {
      const sides: string[] = [];
      for (const side of ['input', 'output'] as const) {
        const list = modalities(filter[`${side}Modalities`]);
        if (list === undefined) return malformed(what, `${String(filter.type)} ${side}Modalities`);
        if (!list.includes('IMAGE')) sides.push(side);
      }
      if (sides.length > 0) gaps.push(`${String(filter.type)} (${sides.join(' and ')})`);
    }
    if (gaps.length > 0) {
      return {
        status: 'FAIL',
        reason: `${what} does not filter images for ${gaps.sort().join(', ')}; add IMAGE to the filters' modalities.`,
      };
    }
    return {
      status: 'PASS',
      reason: `${what} filters images as well as text for its ${harmful.length} harmful content categories on input and output.`,
    };
  },
);
