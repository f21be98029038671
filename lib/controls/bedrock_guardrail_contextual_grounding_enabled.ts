import { guardrailControl, listField, malformed } from './bedrock.js';

/** The lowest threshold this control accepts; the API allows 0 to 0.99. */
export const MIN_THRESHOLD = 0.5;

/** Contextual grounding checks both grounding and relevance, block on them, at a threshold of at least 0.5. */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_contextual_grounding_enabled',
    version: 1,
    title: 'Amazon Bedrock guardrails check responses for grounding and relevance',
    rationale:
      'In retrieval-augmented applications, a response that is not grounded in the retrieved sources is a hallucination and one that is irrelevant to the query misleads. Both checks must be on and blocking; a threshold below 0.5 blocks only responses judged more likely ungrounded than grounded.',
    severity: 'MEDIUM',
    remediation: `Edit the guardrail contextual grounding check: enable both the grounding and the relevance filter with the BLOCK action and a threshold of at least ${MIN_THRESHOLD} (0.7 or more for answers users act on), then publish a new guardrail version.`,
    cafAi: ['application-security', 'vulnerability-management'],
    aiRmf: ['MEASURE 2.5', 'MEASURE 2.9'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  (guardrail, name) => {
    const what = `Amazon Bedrock guardrail ${name}`;
    const filters = listField(guardrail.contextualGroundingPolicy, 'filters');
    if (filters === undefined) return malformed(what, 'contextualGroundingPolicy.filters');
    const problems: string[] = [];
    for (const type of ['GROUNDING', 'RELEVANCE'] as const) {
      const filter = filters.find((f) => f.type === type);
      if (filter === undefined) problems.push(`no ${type} filter`);
      else if (filter.enabled === false) problems.push(`${type} filter turned off`);
      else if (filter.action === 'NONE') problems.push(`${type} filter only detecting (action NONE)`);
      else if (typeof filter.threshold !== 'number') return malformed(what, `${type} threshold`);
      else if (filter.threshold < MIN_THRESHOLD) problems.push(`${type} threshold at ${filter.threshold}, below ${MIN_THRESHOLD}`);
    }
    if (problems.length > 0) return { status: 'FAIL', reason: `${what} does not check responses effectively: ${problems.join('; ')}.` };
    return { status: 'PASS', reason: `${what} blocks ungrounded and irrelevant responses at thresholds of at least ${MIN_THRESHOLD}.` };
  },
);
