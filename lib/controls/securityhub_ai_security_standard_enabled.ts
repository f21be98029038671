import { standardControl } from './securityhub-helpers.js';

/** The AI Security Best Practices v1.0.0 standard of Security Hub is enabled and ready. */
export const control = standardControl(
  {
    id: 'securityhub_ai_security_standard_enabled',
    version: 2,
    title: 'AWS Security Hub runs the AI Security Best Practices v1.0.0 standard',
    rationale:
      'The AI Security Best Practices standard turns on the Security Hub controls written for SageMaker, Bedrock and AgentCore resources, so that they are evaluated continuously between assessments and their failures reach the findings queue.',
    severity: 'MEDIUM',
    remediation:
      'In Security Hub (Security standards) enable "AI Security Best Practices v1.0.0", or call BatchEnableStandards with arn:aws:securityhub:REGION::standards/ai-security-best-practices/v/1.0.0; if it is INCOMPLETE or FAILED, fix the reason in StandardsStatusReason (often AWS Config not recording).',
    cafAi: ['security-assurance', 'vulnerability-management'],
    aiRmf: ['MEASURE 1.2', 'MEASURE 2.7', 'MANAGE 4.1'],
    iso42001: ['A.6.2.4', 'A.6.2.6'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  { name: 'AI Security Best Practices v1.0.0', path: 'standards/ai-security-best-practices/v/1.0.0' },
);
