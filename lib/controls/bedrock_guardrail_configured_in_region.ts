import { GUARDRAIL_COLLECTOR, GUARDRAIL_TYPE } from './bedrock.js';
import { perScope } from './per-resource.js';

/** Each region of the run has at least one Bedrock guardrail that is ready for use. */
export const control = perScope(
  {
    id: 'bedrock_guardrail_configured_in_region',
    version: 1,
    title: 'Amazon Bedrock has a guardrail ready for use in each region',
    rationale:
      'Guardrails are how Bedrock filters harmful content, prompt attacks and sensitive data. A region without a usable guardrail has no such safeguard for any model invoked there; Security Hub has no control for this.',
    severity: 'HIGH',
    remediation:
      'Create a guardrail in the region (CreateGuardrail or the Bedrock console, Safeguards > Guardrails) with content, prompt attack and sensitive information filters, publish a version, and apply it to model invocations and agents.',
    cafAi: ['application-security', 'security-governance'],
    aiRmf: ['MANAGE 1.3', 'MEASURE 2.6'],
    iso42001: ['A.9.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
    collectors: [GUARDRAIL_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [GUARDRAIL_COLLECTOR],
    noun: 'Bedrock guardrails',
    check: (records, scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const guardrails = (records.get(GUARDRAIL_COLLECTOR) ?? []).filter((e) => e.record.resource.type === GUARDRAIL_TYPE);
      const ready = guardrails.filter((e) => e.record.data.status === 'READY');
      if (ready.length > 0) {
        const names = ready.map((e) => String(e.record.data.name ?? e.record.resource.id)).sort();
        return {
          status: 'PASS',
          reason: `Amazon Bedrock in ${where} has ${ready.length} guardrail${ready.length === 1 ? '' : 's'} ready for use (${names.join(', ')}).`,
          cite: ready,
        };
      }
      if (guardrails.length > 0) {
        return {
          status: 'FAIL',
          reason: `Amazon Bedrock in ${where} has ${guardrails.length} guardrail${guardrails.length === 1 ? '' : 's'}, none of them in the READY state.`,
          cite: guardrails,
        };
      }
      return { status: 'FAIL', reason: `Amazon Bedrock in ${where} has no guardrail.` };
    },
  },
);
