import {
  AGENT_COLLECTOR,
  AGENT_TYPE,
  agentControl,
  asFields,
  GUARDRAIL_COLLECTOR,
  GUARDRAIL_TYPE,
  malformed,
  textField,
} from './bedrock.js';
import { readsOf, scopeKey } from './bedrock-scope-index.js';
import type { Control, ControlMetadata } from './types.js';

const META: Omit<ControlMetadata, 'collectors' | 'resourceType'> = {
  id: 'bedrock_agent_guardrail_attached',
  version: 1,
  title: 'Amazon Bedrock agents have a guardrail that exists attached',
  rationale:
    'An agent acts on what users send it, with its own permissions. Without a guardrail, its prompts and responses pass no content, prompt attack or sensitive information filter. A guardrail identifier that names no guardrail of the region protects nothing either.',
  severity: 'HIGH',
  remediation:
    'Attach a guardrail to the agent (UpdateAgent guardrailConfiguration with a guardrail identifier and a published version, or the console, Guardrail details), prepare the agent and update its aliases.',
  cafAi: ['application-security', 'vulnerability-management'],
  aiRmf: ['MANAGE 1.3', 'MEASURE 2.6'],
  iso42001: ['A.9.2'],
  aiLayers: ['input', 'output'],
  securityHubControls: [],
  configRules: [],
};

/**
 * The agent names a guardrail in its guardrailConfiguration, and that guardrail is one the region's
 * complete guardrail listing holds (by id or ARN). An attachment that cannot be confirmed because
 * the guardrails were not all read is INSUFFICIENT_EVIDENCE.
 */
export const control: Control = {
  ...META,
  collectors: [AGENT_COLLECTOR, GUARDRAIL_COLLECTOR],
  resourceType: AGENT_TYPE,
  evaluate(input) {
    const guardrails = readsOf(input, GUARDRAIL_COLLECTOR, GUARDRAIL_TYPE);
    /** The guardrail record each passing agent rests on, by agent resource id, to cite it too. */
    const usedGuardrail = new Map<string, string>();
    const judged = agentControl(META, (agent, name, record) => {
      const what = `Amazon Bedrock agent ${name}`;
      const config = agent.guardrailConfiguration;
      if (config === undefined || config === null) return { status: 'FAIL', reason: `${what} has no guardrail.` };
      const fields = asFields(config);
      if (fields === undefined) return malformed(what, 'guardrailConfiguration');
      const identifier = textField(fields, 'guardrailIdentifier');
      if (identifier === undefined) return { status: 'FAIL', reason: `${what} has a guardrail configuration that names no guardrail.` };
      const version = textField(fields, 'guardrailVersion') ?? 'unspecified';
      const read = guardrails.get(scopeKey(record));
      const found = read?.records.find((e) => e.record.data.guardrailId === identifier || e.record.data.guardrailArn === identifier);
      if (found !== undefined) {
        usedGuardrail.set(record.resource.id, found.sha256);
        return { status: 'PASS', reason: `${what} uses guardrail ${String(found.record.data.name ?? identifier)} (version ${version}).` };
      }
      if (read === undefined || !read.complete) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `${what} names guardrail ${identifier}, but the guardrails of account ${record.accountId} in ${record.region} were not all read, so it cannot be confirmed to exist.`,
        };
      }
      return {
        status: 'FAIL',
        reason: `${what} names guardrail ${identifier}, which is not a guardrail of account ${record.accountId} in ${record.region}.`,
      };
    });
    return judged.evaluate(input).map((finding) => {
      const guardrail = finding.status === 'PASS' ? usedGuardrail.get(finding.resource.id) : undefined;
      return guardrail === undefined ? finding : { ...finding, evidence: [...finding.evidence, guardrail].sort() };
    });
  },
};
