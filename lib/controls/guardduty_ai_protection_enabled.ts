import { detectorFeatureControl } from './supporting-guardduty.js';

/** GuardDuty AI Protection analyses Bedrock and SageMaker AI activity for threats to AI workloads. */
export const control = detectorFeatureControl(
  {
    id: 'guardduty_ai_protection_enabled',
    version: 1,
    title: 'Amazon GuardDuty AI Protection is enabled',
    rationale:
      'AI Protection adds Bedrock and SageMaker AI data events to what GuardDuty analyses, and finds anomalous model invocation, cost harvesting ("LLM-jacking") and direct prompt injection that a guardrail stopped. Foundational GuardDuty alone sees only management events.',
    severity: 'MEDIUM',
    remediation:
      "Enable the AI_PROTECTION feature on the region's detector (UpdateDetector with Features [{Name: AI_PROTECTION, Status: ENABLED}]), or for the organisation with UpdateOrganizationConfiguration.",
    cafAi: ['threat-detection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 3.1', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  'AI_PROTECTION',
  'AI Protection',
);
