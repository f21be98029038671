import { AI_PROTECTION_TYPES, GUARDDUTY_AI_PROTECTION_FINDINGS } from '../collectors/guardduty-ai-protection-findings.js';
import { GUARDDUTY_DETECTORS } from '../collectors/guardduty-detectors.js';
import { listSome } from './governance-helpers.js';
import { perScope } from './per-resource.js';
import { enabledDetectors } from './supporting-guardduty.js';
import { field, nameOf } from './supporting-helpers.js';

const TYPES: readonly string[] = AI_PROTECTION_TYPES;

/**
 * No GuardDuty AI Protection finding (anomalous model invocation, cost harvesting, direct prompt
 * injection) is left unarchived, whatever its severity. Where AI Protection is not running, no
 * findings prove nothing: INSUFFICIENT_EVIDENCE (guardduty_ai_protection_enabled fails it).
 */
export const control = perScope(
  {
    id: 'guardduty_no_open_ai_protection_findings',
    version: 1,
    title: 'No unarchived Amazon GuardDuty AI Protection findings, of any severity',
    rationale:
      'AI Protection reports a principal invoking models in a way it never did, running up model spend, or sending prompts a guardrail stopped as injection. Such findings are often of medium or low severity, below what high-severity triage looks at, yet each is a credential or an application being abused against the models; left open it has not been looked at.',
    severity: 'MEDIUM',
    remediation:
      "Investigate each finding named (the principal, the models invoked, the guardrail that intervened), contain it (rotate or revoke the credentials, tighten the caller's model permissions, fix the application that passes user input on), then archive it with a note of what was done.",
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MANAGE 2.3', 'MANAGE 4.3', 'MEASURE 3.1'],
    iso42001: ['A.8.4', 'A.6.2.6'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
    collectors: [GUARDDUTY_DETECTORS, GUARDDUTY_AI_PROTECTION_FINDINGS],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [GUARDDUTY_DETECTORS, GUARDDUTY_AI_PROTECTION_FINDINGS],
    noun: 'Amazon GuardDuty detectors and AI Protection findings',
    check: (records, scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const detectors = enabledDetectors(records.get(GUARDDUTY_DETECTORS) ?? []);
      const protecting = detectors.filter((d) => {
        const features = field(d.record, 'Features');
        return Array.isArray(features) && features.some((f) => f?.Name === 'AI_PROTECTION' && f?.Status === 'ENABLED');
      });
      if (protecting.length === 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `GuardDuty AI Protection is not running in ${where}, so the absence of its findings there shows nothing.`,
          cite: detectors,
        };
      }
      const open = (records.get(GUARDDUTY_AI_PROTECTION_FINDINGS) ?? []).filter(
        (f) => TYPES.includes(String(field(f.record, 'Type'))) && field(f.record, 'Service.Archived') !== true,
      );
      if (open.length === 0) {
        return { status: 'PASS', reason: `No GuardDuty AI Protection finding is open in ${where}.`, cite: protecting };
      }
      const named = open.map(
        (f) => `${String(field(f.record, 'Type'))} ${nameOf(f.record.resource.id)} (severity ${String(field(f.record, 'Severity'))})`,
      );
      return {
        status: 'FAIL',
        reason: `${open.length} GuardDuty AI Protection finding${open.length === 1 ? ' is' : 's are'} open in ${where}: ${listSome(named)}.`,
        cite: [...protecting, ...open],
      };
    },
  },
);
