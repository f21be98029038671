import {
  AI_FINDINGS_COLLECTOR,
  AI_RESOURCE_TYPE_PREFIXES,
  FINDING_LIMIT_REACHED,
  OWN_GENERATOR_PREFIX,
} from '../collectors/securityhub-ai-findings.js';
import type { SealedEvidence } from '../evidence/record.js';
import { arrayField, listSome, objectField, scopeControl } from './governance-helpers.js';

const SEVERE = new Set(['CRITICAL', 'HIGH']);
const OPEN = new Set(['NEW', 'NOTIFIED']);

/**
 * A finding the control counts: on a SageMaker or Bedrock resource, active, CRITICAL or HIGH, not
 * resolved or suppressed. The collector asks Security Hub for exactly these, and the control checks
 * again rather than trust the filter (moto, for one, ignores it). Undefined when the finding lacks
 * its severity or its resources.
 */
function unresolvedSevere(evidence: SealedEvidence): boolean | undefined {
  const data = evidence.record.data;
  // ai-evidence's own published findings restate this run's controls; counting them would be circular.
  if (typeof data.GeneratorId === 'string' && data.GeneratorId.startsWith(OWN_GENERATOR_PREFIX)) return false;
  const label = objectField(data, 'Severity')?.Label;
  const resources = arrayField(data, 'Resources');
  if (resources === undefined) return undefined;
  const types = resources.map((r) => (r !== null && typeof r === 'object' ? (r as Record<string, unknown>).Type : undefined));
  if (!types.some((t) => typeof t === 'string' && AI_RESOURCE_TYPE_PREFIXES.some((p) => t.startsWith(p)))) return false;
  if (data.RecordState !== undefined && data.RecordState !== 'ACTIVE') return false;
  const workflow = objectField(data, 'Workflow')?.Status;
  // A finding without a workflow status has not been triaged: it counts as NEW.
  if (workflow !== undefined && !OPEN.has(String(workflow))) return false;
  if (typeof label !== 'string') return undefined;
  return SEVERE.has(label);
}

function describe(evidence: SealedEvidence): string {
  const data = evidence.record.data;
  const title = typeof data.Title === 'string' ? data.Title : evidence.record.resource.id;
  const first = arrayField(data, 'Resources')?.[0];
  const resource = first !== null && typeof first === 'object' ? (first as Record<string, unknown>).Id : undefined;
  return typeof resource === 'string' ? `${title} on ${resource}` : title;
}

/** No CRITICAL or HIGH Security Hub finding on a SageMaker or Bedrock resource is left unresolved. */
export const control = scopeControl(
  {
    id: 'securityhub_ai_resource_findings_resolved',
    version: 4,
    title: 'No unresolved CRITICAL or HIGH Security Hub findings on SageMaker and Bedrock resources',
    rationale:
      'A critical or high finding on a notebook, endpoint, model, knowledge base or agent that stays NEW or NOTIFIED is a known, unaccepted risk to the AI system. Findings must be fixed, or suppressed with a recorded decision.',
    severity: 'HIGH',
    remediation:
      'In Security Hub, filter findings by resource type AwsSageMaker* and AwsBedrock*, severity CRITICAL and HIGH, workflow NEW or NOTIFIED; fix each resource, or set the workflow to SUPPRESSED with a note recording who accepted the risk and why.',
    cafAi: ['vulnerability-management', 'threat-detection', 'incident-response'],
    aiRmf: ['MANAGE 1.3', 'MANAGE 2.3', 'MEASURE 3.1', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6', 'A.8.4'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: [],
    collectors: [AI_FINDINGS_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    sources: [{ collector: AI_FINDINGS_COLLECTOR, operations: ['GetFindings'] }],
    noun: 'AWS Security Hub findings on AI resources',
    tolerate: (e) => e.code === FINDING_LIMIT_REACHED,
    check: (view) => {
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      const findings = view.records(AI_FINDINGS_COLLECTOR, 'GetFindings');
      const judged = findings.map((f) => [f, unresolvedSevere(f)] as const);
      const open = judged.filter(([, v]) => v === true).map(([f]) => f);
      const unknown = judged.filter(([, v]) => v === undefined).map(([f]) => f);
      if (open.length > 0) {
        const more = view.tolerated.length > 0 ? ' (at least: the read stopped at the limit)' : '';
        const counts = ['CRITICAL', 'HIGH']
          .map((s) => [s, open.filter((f) => objectField(f.record.data, 'Severity')?.Label === s).length] as const)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${n} ${s}`);
        return {
          status: 'FAIL',
          reason: `AWS Security Hub in ${where} has ${counts.join(' and ')} unresolved finding${open.length === 1 ? '' : 's'} on AI resources${more}: ${listSome(open.map(describe), 3)}.`,
          cite: open,
        };
      }
      if (unknown.length > 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `AWS Security Hub in ${where} returned findings without Severity.Label or Resources: ${listSome(
            unknown.map((f) => f.record.resource.id),
            3,
          )}.`,
          cite: unknown,
        };
      }
      if (view.tolerated.length > 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `AWS Security Hub findings in ${where} were not all read: ${view.tolerated[0]?.message}`,
        };
      }
      return {
        status: 'PASS',
        reason: `AWS Security Hub in ${where} has no unresolved CRITICAL or HIGH findings on SageMaker or Bedrock resources.`,
      };
    },
  },
);
