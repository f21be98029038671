import { standardControl } from './securityhub-helpers.js';

/** The AWS Foundational Security Best Practices standard (with its SageMaker and Bedrock controls) is enabled. */
export const control = standardControl(
  {
    id: 'securityhub_fsbp_standard_enabled',
    version: 2,
    title: 'AWS Security Hub runs the AWS Foundational Security Best Practices standard',
    rationale:
      'FSBP holds the SageMaker.x and Bedrock.x controls and those for the services AI workloads stand on (S3, KMS, IAM, CloudTrail). Enabled, they check the estate continuously; disabled, the misconfigurations they catch go unseen until the next audit.',
    severity: 'LOW',
    remediation:
      'In Security Hub (Security standards) enable "AWS Foundational Security Best Practices v1.0.0", or call BatchEnableStandards with arn:aws:securityhub:REGION::standards/aws-foundational-security-best-practices/v/1.0.0.',
    cafAi: ['security-assurance', 'vulnerability-management', 'infrastructure-protection'],
    aiRmf: ['MEASURE 1.2', 'MEASURE 2.7'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  { name: 'AWS Foundational Security Best Practices v1.0.0', path: 'standards/aws-foundational-security-best-practices/v/1.0.0' },
);
