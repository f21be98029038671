import { asFields, guardrailControl, malformed } from './bedrock.js';

/** The guardrail validates answers with at least one Automated Reasoning policy. */
export const control = guardrailControl(
  {
    id: 'bedrock_guardrail_automated_reasoning_enabled',
    version: 1,
    title: 'Amazon Bedrock guardrails validate answers with Automated Reasoning checks',
    rationale:
      'Automated Reasoning checks test a model answer against a formal policy built from the organization’s own rules (eligibility criteria, underwriting or HR policies) and flag answers that contradict them, with a logical explanation rather than a probability. Without them a guardrail can block harmful or off-topic text but cannot tell a fluent, wrong answer about the rules from a right one. Where a guardrail serves no application whose answers rest on written rules, the finding can be accepted as a risk.',
    severity: 'LOW',
    remediation:
      'Create an Automated Reasoning policy from the source documents (CreateAutomatedReasoningPolicy, then a build workflow and tests), publish a version and add its ARN to the guardrail’s automatedReasoningPolicyConfig.policies with a confidence threshold, then create a new guardrail version. Guardrails enforced through an AWS Organizations Bedrock policy cannot hold one: keep Automated Reasoning in the application’s own guardrail.',
    cafAi: ['application-security', 'security-assurance'],
    aiRmf: ['MEASURE 2.5', 'MANAGE 1.3'],
    iso42001: ['A.6.2.4'],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  (guardrail, name) => {
    const what = `Amazon Bedrock guardrail ${name}`;
    const raw = guardrail.automatedReasoningPolicy;
    if (raw === undefined || raw === null) {
      return {
        status: 'FAIL',
        reason: `${what} has no Automated Reasoning policy, so its answers are not checked against the organization's rules.`,
      };
    }
    const policy = asFields(raw);
    const policies = policy?.policies;
    if (policy === undefined || !Array.isArray(policies) || !policies.every((p) => typeof p === 'string')) {
      return malformed(what, 'automatedReasoningPolicy.policies');
    }
    if (policies.length === 0) {
      return { status: 'FAIL', reason: `${what} has an Automated Reasoning configuration that names no policy.` };
    }
    const threshold = typeof policy.confidenceThreshold === 'number' ? ` at a confidence threshold of ${policy.confidenceThreshold}` : '';
    return {
      status: 'PASS',
      reason: `${what} checks answers with ${policies.length} Automated Reasoning polic${policies.length === 1 ? 'y' : 'ies'} (${[...policies].sort().join(', ')})${threshold}.`,
    };
  },
);
