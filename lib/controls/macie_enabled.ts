import { MACIE_SESSION, MACIE_SESSION_TYPE, macieSessionId } from '../collectors/macie-session.js';
import { perResource } from './per-resource.js';
import { field, textField } from './supporting-helpers.js';

/** Amazon Macie is enabled (and not paused) in every account and region the run assesses. */
export const control = perResource(
  {
    id: 'macie_enabled',
    version: 1,
    title: 'Amazon Macie is enabled',
    rationale:
      'Macie finds personal and other sensitive data in S3, where training, fine-tuning and retrieval data for AI lives. Without it, sensitive data can enter a model or a knowledge base unseen; a paused Macie runs no discovery.',
    severity: 'MEDIUM',
    remediation:
      "Enable Macie in every region that holds AI data (EnableMacie, or from the organisation's delegated Macie administrator), and turn on automated sensitive data discovery or classification jobs for the training-data buckets.",
    cafAi: ['data-protection', 'security-assurance'],
    aiRmf: ['MEASURE 2.10', 'MAP 4.1'],
    iso42001: ['A.7.2', 'A.7.5'],
    aiLayers: ['input'],
    securityHubControls: ['Macie.1'],
    configRules: ['macie-status-check'],
    collectors: [MACIE_SESSION],
    resourceType: MACIE_SESSION_TYPE,
  },
  {
    collector: MACIE_SESSION,
    noun: 'Amazon Macie status',
    onePerScope: true,
    scopeResource: (scope) => ({ type: MACIE_SESSION_TYPE, id: macieSessionId(scope) }),
    check: (record) => {
      const where = `account ${record.accountId} in ${record.region}`;
      if (field(record, 'error') !== undefined) {
        return {
          status: 'FAIL',
          reason: `Amazon Macie is not enabled in ${where} (${textField(record, 'error.message') ?? 'Macie is not enabled'}).`,
        };
      }
      const status = textField(record, 'status');
      if (status === undefined) return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetMacieSession in ${where} returned no status.` };
      return status === 'ENABLED'
        ? { status: 'PASS', reason: `Amazon Macie is enabled in ${where}.` }
        : { status: 'FAIL', reason: `Amazon Macie is ${status} in ${where}, so it runs no sensitive data discovery.` };
    },
  },
);
