import { GUARDDUTY_DETECTORS } from '../collectors/guardduty-detectors.js';
import { perScope } from './per-resource.js';
import { enabledDetectors } from './supporting-guardduty.js';
import { field, nameOf } from './supporting-helpers.js';

/** Amazon GuardDuty has an ENABLED detector in every account and region the run assesses. */
export const control = perScope(
  {
    id: 'guardduty_detector_enabled',
    version: 2,
    title: 'Amazon GuardDuty is enabled',
    rationale:
      'GuardDuty watches CloudTrail, network and DNS activity, and with AI Protection the Bedrock and SageMaker calls, for signs of compromised credentials, model abuse and data exfiltration. Without a detector in a region, attacks on AI workloads there go unnoticed.',
    severity: 'HIGH',
    remediation:
      'Enable GuardDuty in every region you use (CreateDetector with Enable true), preferably for the whole organisation from a delegated administrator account.',
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 3.1', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: ['GuardDuty.1'],
    configRules: ['guardduty-enabled-centralized'],
    collectors: [GUARDDUTY_DETECTORS],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [GUARDDUTY_DETECTORS],
    noun: 'Amazon GuardDuty detectors',
    check: (records, scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const all = records.get(GUARDDUTY_DETECTORS) ?? [];
      const enabled = enabledDetectors(all);
      if (enabled.length > 0) {
        return {
          status: 'PASS',
          reason: `Amazon GuardDuty detector ${enabled
            .map((d) => nameOf(d.record.resource.id))
            .sort()
            .join(', ')} is enabled in ${where}.`,
          cite: enabled,
        };
      }
      if (all.length === 0) return { status: 'FAIL', reason: `Amazon GuardDuty has no detector in ${where}.` };
      const states = all
        .map((d) => `${nameOf(d.record.resource.id)} is ${String(field(d.record, 'Status'))}`)
        .sort()
        .join(', ');
      return { status: 'FAIL', reason: `Amazon GuardDuty is not enabled in ${where}: detector ${states}.` };
    },
  },
);
