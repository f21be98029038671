import { GUARDDUTY_DETECTORS } from '../collectors/guardduty-detectors.js';
import { HIGH_SEVERITY } from '../collectors/guardduty-findings.js';
import type { EvidenceRecord, SealedEvidence } from '../evidence/record.js';
import { perScope, type ScopeVerdict } from './per-resource.js';
import { field, nameOf } from './supporting-helpers.js';
import type { Control, ControlMetadata } from './types.js';

/** The detectors read in a scope that are ENABLED. */
export function enabledDetectors(detectors: readonly SealedEvidence[]): SealedEvidence[] {
  return detectors.filter((d) => field(d.record, 'Status') === 'ENABLED');
}

/**
 * A control on one GuardDuty protection feature of the region's enabled detector: PASS when the
 * feature is ENABLED, FAIL when it is not or GuardDuty itself is off, INSUFFICIENT_EVIDENCE when
 * GetDetector returned no Features list to judge.
 */
export function detectorFeatureControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  feature: string,
  label: string,
): Control {
  return perScope(
    { ...meta, collectors: [GUARDDUTY_DETECTORS], resourceType: 'AWS::::Account' },
    {
      collectors: [GUARDDUTY_DETECTORS],
      noun: 'Amazon GuardDuty detectors',
      check: (records, scope): ScopeVerdict => {
        const where = `account ${scope.accountId} in ${scope.region}`;
        const all = records.get(GUARDDUTY_DETECTORS) ?? [];
        const enabled = enabledDetectors(all);
        if (enabled.length === 0) {
          return { status: 'FAIL', reason: `Amazon GuardDuty is not enabled in ${where}, so ${label} is not running there.` };
        }
        const withFeature = enabled.filter((d) => {
          const features = field(d.record, 'Features');
          return Array.isArray(features) && features.some((f) => f?.Name === feature && f?.Status === 'ENABLED');
        });
        if (withFeature.length > 0) {
          const ids = withFeature.map((d) => nameOf(d.record.resource.id)).join(', ');
          return {
            status: 'PASS',
            reason: `Amazon GuardDuty ${label} (${feature}) is enabled on detector ${ids} in ${where}.`,
            cite: withFeature,
          };
        }
        const unlisted = enabled.filter((d) => !Array.isArray(field(d.record, 'Features')));
        if (unlisted.length > 0) {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `GetDetector for ${unlisted.map((d) => nameOf(d.record.resource.id)).join(', ')} in ${where} returned no Features, so ${label} cannot be judged.`,
            cite: unlisted,
          };
        }
        return {
          status: 'FAIL',
          reason: `Amazon GuardDuty ${label} (${feature}) is not enabled on the detector in ${where}.`,
          cite: enabled,
        };
      },
    },
  );
}

/** Finding types of GuardDuty AI Protection (CloudTrail and Bedrock / SageMaker AI data events). */
export const AI_PROTECTION_FINDING_TYPES = [
  'Impact:IAMUser/AnomalousModelInvocation',
  'Impact:IAMUser/CostHarvesting',
  'Impact:IAMUser/PromptInjection.Direct',
] as const;

const AI_SERVICE_ENDPOINT =
  /^(bedrock|bedrock-runtime|bedrock-agent|bedrock-agent-runtime|bedrock-agentcore|bedrock-agentcore-control|sagemaker|api\.sagemaker|runtime\.sagemaker)\.amazonaws\.com$/i;
const AI_ARN = /\barn:aws[a-z-]*:(bedrock|bedrock-agentcore|sagemaker):/i;

/** The first string found anywhere in `value` that matches `pattern` (depth-bounded). */
function findString(value: unknown, pattern: RegExp, depth = 0): string | undefined {
  if (depth > 12) return undefined;
  if (typeof value === 'string') return pattern.test(value) ? value : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const hit = findString(item, pattern, depth + 1);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) {
      const hit = findString((value as Record<string, unknown>)[key], pattern, depth + 1);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/**
 * Why a GuardDuty finding concerns an AI workload, or undefined if it does not: an AI Protection
 * finding type; a finding that names Bedrock or SageMaker models or a Bedrock guardrail; an API call
 * to a Bedrock, AgentCore or SageMaker endpoint; or any Bedrock, AgentCore or SageMaker ARN in the
 * finding (attack sequences name their resources this way).
 */
export function aiRelevance(finding: EvidenceRecord): string | undefined {
  const type = field(finding, 'Type');
  if (typeof type === 'string' && (AI_PROTECTION_FINDING_TYPES as readonly string[]).includes(type)) return 'an AI Protection finding type';
  const models = field(finding, 'Resource.ModelDetails');
  if (Array.isArray(models) && models.length > 0) return 'it names the models invoked';
  if (field(finding, 'Resource.BedrockGuardrailDetails') !== undefined) return 'it names a Bedrock guardrail';
  const endpoint = field(finding, 'Service.Action.AwsApiCallAction.ServiceName');
  if (typeof endpoint === 'string' && AI_SERVICE_ENDPOINT.test(endpoint)) return `an API call to ${endpoint}`;
  const arn = findString(finding.data, AI_ARN);
  if (arn !== undefined) return `it names ${arn}`;
  return undefined;
}

/** Whether the finding is HIGH or CRITICAL and not archived, judged again from its own fields. */
export function isOpenAndHigh(finding: EvidenceRecord): boolean {
  const severity = field(finding, 'Severity');
  return typeof severity === 'number' && severity >= HIGH_SEVERITY && field(finding, 'Service.Archived') !== true;
}
