import { GUARDDUTY_DETECTORS } from '../collectors/guardduty-detectors.js';
import { GUARDDUTY_FINDINGS } from '../collectors/guardduty-findings.js';
import { perScope } from './per-resource.js';
import { aiRelevance, enabledDetectors, isOpenAndHigh } from './supporting-guardduty.js';
import { field, nameOf } from './supporting-helpers.js';

/** No HIGH or CRITICAL GuardDuty finding about an AI workload is left open (unarchived). */
export const control = perScope(
  {
    id: 'guardduty_no_high_severity_ai_findings',
    version: 1,
    title: 'No unarchived high-severity Amazon GuardDuty findings concern AI workloads',
    rationale:
      'An open HIGH or CRITICAL finding about Bedrock, AgentCore or SageMaker (anomalous model invocation, cost harvesting, prompt injection, credentials used against AI APIs) is an incident that has not been handled. Where GuardDuty is off, having no findings proves nothing, so that is not a pass.',
    severity: 'HIGH',
    remediation:
      'Investigate each finding named (GuardDuty console or GetFindings), contain it (rotate the credentials, block the principal, restore the guardrail or logging), then archive it with a note of what was done.',
    cafAi: ['incident-response', 'threat-detection'],
    aiRmf: ['MANAGE 2.3', 'MANAGE 4.3', 'MEASURE 3.1'],
    iso42001: ['A.8.4', 'A.6.2.6'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: [],
    collectors: [GUARDDUTY_DETECTORS, GUARDDUTY_FINDINGS],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [GUARDDUTY_DETECTORS, GUARDDUTY_FINDINGS],
    noun: 'Amazon GuardDuty detectors and findings',
    check: (records, scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const detectors = enabledDetectors(records.get(GUARDDUTY_DETECTORS) ?? []);
      if (detectors.length === 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `Amazon GuardDuty is not enabled in ${where}, so the absence of findings there shows nothing.`,
        };
      }
      const open = (records.get(GUARDDUTY_FINDINGS) ?? []).filter((f) => isOpenAndHigh(f.record));
      const ai = open.map((f) => ({ f, why: aiRelevance(f.record) })).filter((x) => x.why !== undefined);
      if (ai.length === 0) {
        const others = open.length === 0 ? '' : ` (${open.length} other high-severity finding${open.length === 1 ? ' is' : 's are'} open)`;
        return {
          status: 'PASS',
          reason: `No unarchived high-severity Amazon GuardDuty finding concerns an AI workload in ${where}${others}.`,
          cite: [...detectors, ...open],
        };
      }
      const named = ai
        .slice(0, 5)
        .map(
          ({ f, why }) =>
            `${String(field(f.record, 'Type'))} ${nameOf(f.record.resource.id)} (severity ${String(field(f.record, 'Severity'))}; ${why})`,
        )
        .join('; ');
      const more = ai.length > 5 ? `; and ${ai.length - 5} more` : '';
      return {
        status: 'FAIL',
        reason: `${ai.length} unarchived high-severity Amazon GuardDuty finding${ai.length === 1 ? '' : 's'} concern${ai.length === 1 ? 's' : ''} AI workloads in ${where}: ${named}${more}.`,
        cite: ai.map(({ f }) => f),
      };
    },
  },
);
