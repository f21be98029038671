import { MODEL_PACKAGES, sagemakerControl, textAt } from './sagemaker.js';

/** An approved model package records why it was approved. */
export const control = sagemakerControl(
  MODEL_PACKAGES,
  {
    id: 'sagemaker_model_package_approval_documented',
    version: 1,
    title: 'Approved SageMaker model packages record the reason for their approval',
    rationale:
      'An approval with no description leaves an auditor nothing to check it against: which evaluation, which risk review, which ticket. The description is where the approver states what they reviewed.',
    severity: 'LOW',
    remediation:
      'Approve packages with UpdateModelPackage including ApprovalDescription (the review, its evaluation report and ticket); for packages already approved, update the description.',
    cafAi: ['security-governance', 'security-assurance'],
    aiRmf: ['GOVERN 1.4', 'MEASURE 2.9', 'MAP 2.3'],
    iso42001: ['A.6.2.3', 'A.6.2.7'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    const status = textAt(record, 'ModelApprovalStatus');
    if (status === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeModelPackage for ${label} did not report ModelApprovalStatus.` };
    }
    if (status !== 'Approved') return { status: 'NOT_APPLICABLE', reason: `${label} is ${status}, not approved.` };
    const description = textAt(record, 'ApprovalDescription');
    if (description === undefined) return { status: 'FAIL', reason: `${label} is approved without an ApprovalDescription.` };
    return { status: 'PASS', reason: `${label} is approved with the description "${description}".` };
  },
);
