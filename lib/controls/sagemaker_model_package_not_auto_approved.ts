import { MODEL_PACKAGES, sagemakerControl, textAt } from './sagemaker.js';

/** No model package version was approved in the same call that registered it. */
export const control = sagemakerControl(
  MODEL_PACKAGES,
  {
    id: 'sagemaker_model_package_not_auto_approved',
    version: 1,
    title: 'SageMaker model packages are approved in a step of their own, not at registration',
    rationale:
      'A package registered with ModelApprovalStatus Approved skips review: whoever (or whatever pipeline) built the model also released it. Approval as a separate, later update is what lets a person check evaluation results before deployment.',
    severity: 'HIGH',
    remediation:
      'Register model packages with ModelApprovalStatus PendingManualApproval, approve them with UpdateModelPackage after review, and deny sagemaker:CreateModelPackage requests that set Approved (condition key sagemaker:ModelApprovalStatus) for pipeline roles.',
    cafAi: ['security-governance', 'security-assurance'],
    aiRmf: ['GOVERN 1.4', 'MEASURE 1.3', 'MANAGE 1.1'],
    iso42001: ['A.6.2.5', 'A.6.2.4'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    const status = textAt(record, 'ModelApprovalStatus');
    const created = textAt(record, 'CreationTime');
    if (status === undefined || created === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeModelPackage for ${label} did not report ModelApprovalStatus and CreationTime.`,
      };
    }
    if (status !== 'Approved') return { status: 'PASS', reason: `${label} is ${status}, not approved automatically.` };
    const modified = textAt(record, 'LastModifiedTime');
    // DescribeModelPackage sets LastModifiedTime when a later update (the approval) changes the package.
    if (modified === undefined || Date.parse(modified) <= Date.parse(created)) {
      return { status: 'FAIL', reason: `${label} was approved when it was registered, with no later approval step.` };
    }
    return { status: 'PASS', reason: `${label} was registered on ${created} and approved later, on ${modified}.` };
  },
);
