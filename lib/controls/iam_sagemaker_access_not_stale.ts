import { staleAccessControl } from './iam-stale-access.js';

/** IAM roles and users allowed to use Amazon SageMaker have used it within 90 days (IAM service last accessed data). */
export const control = staleAccessControl(
  {
    id: 'iam_sagemaker_access_not_stale',
    version: 1,
    title: 'IAM roles and users allowed to use Amazon SageMaker have used it within 90 days',
    rationale:
      'A permission nobody uses is all risk and no benefit: if the role or user is compromised, its Amazon SageMaker access lets an attacker read training data and models, start costly jobs or change endpoints, with nothing in normal use to make the activity stand out. IAM service last accessed data shows when each principal last authenticated to the service; permissions unused for 90 days, by a principal older than that, should be removed. A principal whose last-accessed job did not finish cannot be judged.',
    severity: 'MEDIUM',
    remediation:
      'Remove the sagemaker:* actions (or the policies that grant them) from the role or user, or delete the principal if it is no longer used; IAM Access Analyzer unused access findings and the console’s Last accessed tab show the same data and keep it under review.',
    cafAi: ['identity-and-access-management'],
    aiRmf: ['GOVERN 1.4', 'MANAGE 2.4'],
    iso42001: ['A.3.2'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: ['iam-user-unused-credentials-check'],
  },
  'sagemaker',
  'Amazon SageMaker',
);
