import { asFields, guardrailControl, listField, malformed } from './bedrock.js';

/** The two policies of a guardrail that have a safeguard tier, with the list that shows the policy is configured. */
const TIERED = [
  { policy: 'contentPolicy', list: 'filters', what: 'content filters' },
  { policy: 'topicPolicy', list: 'topics', what: 'denied topics' },
] as const;

/**
 * The guardrail's content filters and denied topics use the STANDARD safeguard tier. AWS documents
 * CLASSIC as the tier of a policy created without one, so a configured policy without a tier is
 * judged as CLASSIC.
 */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_standard_tier',
    version: 1,
    title: 'Amazon Bedrock guardrails use the STANDARD tier for content filters and denied topics',
    rationale:
      'The CLASSIC tier of content filters and denied topics detects harmful content and prompt attacks reliably only in English, French and Spanish, and misses attacks hidden in code elements or other languages. The STANDARD tier is more robust to such evasion and covers many more languages, so a user who writes in another language, or wraps a jailbreak in code, is not simply waved through. STANDARD needs the guardrail to use a cross-Region guardrail profile.',
    severity: 'MEDIUM',
    remediation:
      'Edit the guardrail (UpdateGuardrail or the console): choose a guardrail profile for cross-Region inference (crossRegionConfig), set contentPolicyConfig.tierConfig.tierName and topicPolicyConfig.tierConfig.tierName to STANDARD, then create a new guardrail version and point applications at it.',
    cafAi: ['application-security', 'vulnerability-management'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 1.3'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (guardrail, name) => {
    const what = `Amazon Bedrock guardrail ${name}`;
    const classic: string[] = [];
    const standard: string[] = [];
    for (const t of TIERED) {
      const items = listField(guardrail[t.policy], t.list);
      if (items === undefined) return malformed(what, `${t.policy}.${t.list}`);
      if (items.length === 0) continue;
      const tier = asFields(guardrail[t.policy])?.tier;
      if (tier !== undefined && asFields(tier) === undefined) return malformed(what, `${t.policy}.tier`);
      const tierName = asFields(tier)?.tierName;
      if (tierName !== undefined && typeof tierName !== 'string') return malformed(what, `${t.policy}.tier.tierName`);
      if (tierName === 'STANDARD') standard.push(t.what);
      else if (tierName === undefined || tierName === 'CLASSIC') classic.push(`${t.what} (${tierName ?? 'no tier, so CLASSIC'})`);
      else
        return { status: 'INSUFFICIENT_EVIDENCE', reason: `${what} has ${t.what} in tier ${tierName}, which this control does not know.` };
    }
    if (classic.length > 0) {
      return { status: 'FAIL', reason: `${what} uses the CLASSIC tier for ${classic.join(' and ')}; set it to STANDARD.` };
    }
    if (standard.length === 0) {
      return { status: 'NOT_APPLICABLE', reason: `${what} has neither content filters nor denied topics, the policies that have a tier.` };
    }
    return { status: 'PASS', reason: `${what} uses the STANDARD tier for ${standard.join(' and ')}.` };
  },
);
