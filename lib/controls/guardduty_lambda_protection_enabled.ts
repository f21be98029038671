import { detectorFeatureControl } from './supporting-guardduty.js';

/** GuardDuty Lambda Protection watches the network activity of Lambda functions, such as Bedrock agent action groups. */
export const control = detectorFeatureControl(
  {
    id: 'guardduty_lambda_protection_enabled',
    version: 1,
    title: 'Amazon GuardDuty Lambda Protection is enabled',
    rationale:
      "Bedrock agent action groups, AgentCore gateway targets and interceptors run as Lambda functions that act on what a model decided. A function steered by prompt injection or a poisoned dependency may mine crypto or talk to a command-and-control server; Lambda Protection analyses the functions' network activity for it.",
    severity: 'MEDIUM',
    remediation:
      "Enable the LAMBDA_NETWORK_LOGS feature on the region's detector (UpdateDetector), or for the organisation with UpdateOrganizationConfiguration.",
    cafAi: ['threat-detection', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['output'],
    securityHubControls: ['GuardDuty.6'],
    configRules: ['guardduty-lambda-protection-enabled'],
  },
  'LAMBDA_NETWORK_LOGS',
  'Lambda Protection',
);
