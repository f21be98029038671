import { guardrailControl, listField, malformed } from './bedrock.js';

const ACTS = new Set(['BLOCK', 'ANONYMIZE']);

/**
 * The sensitive information policy blocks or masks something: at least one PII entity or regex
 * acts (BLOCK or ANONYMIZE) on input or output. A policy whose entities are all NONE only detects.
 */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_sensitive_information_filter_effective',
    version: 1,
    title: 'Amazon Bedrock guardrails block or mask sensitive information',
    rationale:
      'Personal data in prompts reaches the model and its logs; personal data in responses reaches users. A sensitive information policy whose filters are all set to NONE detects but lets everything through, which looks configured and protects nothing.',
    severity: 'HIGH',
    remediation:
      'Edit the guardrail sensitive information filters: add the PII types your application handles (for example EMAIL, PHONE, US_SOCIAL_SECURITY_NUMBER, CREDIT_DEBIT_CARD_NUMBER) with the BLOCK or MASK (ANONYMIZE) action on input and output, then publish a new guardrail version.',
    cafAi: ['data-protection', 'application-security'],
    aiRmf: ['MEASURE 2.10', 'MANAGE 1.3'],
    iso42001: ['A.7.2', 'A.9.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (guardrail, name) => {
    const what = `Amazon Bedrock guardrail ${name}`;
    const policy = guardrail.sensitiveInformationPolicy;
    if (policy === undefined || policy === null) return { status: 'FAIL', reason: `${what} has no sensitive information (PII) filter.` };
    const entities = listField(policy, 'piiEntities');
    const regexes = listField(policy, 'regexes');
    if (entities === undefined) return malformed(what, 'sensitiveInformationPolicy.piiEntities');
    if (regexes === undefined) return malformed(what, 'sensitiveInformationPolicy.regexes');
    const filters = [...entities, ...regexes];
    if (filters.length === 0) return { status: 'FAIL', reason: `${what} has a sensitive information policy with no PII type or pattern.` };
    // inputAction/outputAction refine `action` per side where the API returns them.
    const acting = filters.filter((f) =>
      (['input', 'output'] as const).some((side) => f[`${side}Enabled`] !== false && ACTS.has(String(f[`${side}Action`] ?? f.action))),
    );
    if (acting.length === 0) {
      return {
        status: 'FAIL',
        reason: `${what} has ${filters.length} sensitive information filter${filters.length === 1 ? '' : 's'}, all set to NONE or disabled: it detects but neither blocks nor masks.`,
      };
    }
    const names = acting.map((f) => String(f.type ?? f.name)).join(', ');
    return { status: 'PASS', reason: `${what} blocks or masks sensitive information (${names}).` };
  },
);
