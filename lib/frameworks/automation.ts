import type { Framework } from './definitions.js';

/**
 * How far automated evidence can show a requirement is met:
 * AUTOMATED: the requirement asks for technical safeguards that the mapped controls read directly,
 * so their findings decide it. PARTLY_AUTOMATED: controls show part of it (the safeguards in
 * place) and a person must attest the rest (the policy, the review, the decision). MANUAL: no API
 * can show it; only an attestation can.
 */
export type Automation = 'AUTOMATED' | 'PARTLY_AUTOMATED' | 'MANUAL';

/**
 * The requirements that mapped controls decide on their own, with the reason. Everything else that
 * controls map to is PARTLY_AUTOMATED: most of AI RMF and ISO 42001 asks for processes and
 * documentation that configuration evidence supports but cannot prove.
 */
export const FULLY_AUTOMATED: Readonly<Record<Framework['id'], Readonly<Record<string, string>>>> = {
  'nist-ai-rmf': {
    'MEASURE 2.4':
      'Asks that the system is monitored in production: invocation logging, model monitoring schedules and data capture are the monitoring, and the controls read them.',
    'MEASURE 2.7':
      'Asks that security and resilience are evaluated and documented: the sealed run of security controls is that evaluation and its record.',
  },
  'caf-ai': {
    'infrastructure-protection': 'Network isolation, VPC placement and private connectivity are configuration the controls read.',
    'data-protection': 'Encryption keys, data capture and sensitive-data filters are configuration the controls read.',
    'identity-and-access-management': 'Policies, roles and root access are configuration the controls read.',
    'threat-detection': 'Detectors, trails and invocation logs being on and capturing are configuration the controls read.',
  },
  'iso-42001': {
    'A.6.2.8': 'Asks that AI systems record event logs: the logging controls read exactly that.',
  },
  // Every OWASP risk has mitigations no API shows (the application's own handling, testing, review).
  'owasp-llm': {},
  'eu-ai-act': {
    'Art. 12':
      'Asks that high-risk systems technically allow the automatic recording of events over their lifetime: invocation logging, data capture and trails are that recording, and the controls read them.',
  },
};
