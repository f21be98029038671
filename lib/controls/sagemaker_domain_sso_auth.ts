import { DOMAINS, sagemakerControl, textAt } from './sagemaker.js';

/** People sign in to a SageMaker AI domain with IAM Identity Center, as named users. */
export const control = sagemakerControl(
  DOMAINS,
  {
    id: 'sagemaker_domain_sso_auth',
    version: 1,
    title: 'SageMaker AI domains authenticate users through IAM Identity Center',
    rationale:
      'With IAM authentication anyone who can call CreatePresignedDomainUrl for a profile can use it, so who trained or changed a model is only as clear as the IAM role names. Identity Center ties each user profile to one person in the workforce directory, and removes access when they leave.',
    severity: 'MEDIUM',
    remediation:
      'Create the domain with AuthMode SSO after enabling IAM Identity Center in the organisation, and assign users and groups to it; AuthMode cannot be changed on an existing domain.',
    cafAi: ['identity-and-access-management'],
    aiRmf: ['GOVERN 2.1', 'MEASURE 2.7'],
    iso42001: ['A.3.2'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    const mode = textAt(record, 'AuthMode');
    if (mode === 'SSO') return { status: 'PASS', reason: `${label} authenticates users through IAM Identity Center.` };
    if (mode === 'IAM') return { status: 'FAIL', reason: `${label} authenticates users with IAM, not IAM Identity Center.` };
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeDomain for ${label} did not report a known AuthMode.` };
  },
);
