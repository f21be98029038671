import type { EvidenceRecord } from '../evidence/record.js';
import { MODEL_PACKAGES, sagemakerControl, textAt } from './sagemaker.js';

/** Who acted on a package, as DescribeModelPackage records it: the IAM identity, else the Studio user profile. */
function actor(record: EvidenceRecord, field: 'CreatedBy' | 'LastModifiedBy'): string | undefined {
  return (
    textAt(record, `${field}.IamIdentity.Arn`) ?? textAt(record, `${field}.UserProfileArn`) ?? textAt(record, `${field}.UserProfileName`)
  );
}

/** An approved model package was approved by someone other than the person who registered it. */
export const control = sagemakerControl(
  MODEL_PACKAGES,
  {
    id: 'sagemaker_model_package_approver_not_author',
    version: 1,
    title: 'SageMaker model packages are approved by someone other than their author',
    rationale:
      'The seed asks for separate author, approver and publisher roles: a data scientist who approves their own model releases it without independent review of its evaluation, bias and risk documentation.',
    severity: 'HIGH',
    remediation:
      'Give model authors and approvers separate roles: deny sagemaker:UpdateModelPackage with ModelApprovalStatus to the authoring roles, and have an approver (a person in a review role) approve the package after review.',
    cafAi: ['security-governance', 'identity-and-access-management'],
    aiRmf: ['GOVERN 2.1', 'MEASURE 1.3', 'GOVERN 4.1'],
    iso42001: ['A.3.2', 'A.6.2.5'],
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
    const author = actor(record, 'CreatedBy');
    const created = textAt(record, 'CreationTime');
    const modified = textAt(record, 'LastModifiedTime');
    // Never modified after registration: it was approved in the call that registered it, by its author.
    if (created !== undefined && (modified === undefined || Date.parse(modified) <= Date.parse(created))) {
      return { status: 'FAIL', reason: `${label} was approved by its author${author ? `, ${author},` : ''} when it was registered.` };
    }
    const approver = actor(record, 'LastModifiedBy');
    if (author === undefined || approver === undefined) {
      const missing = [author === undefined ? 'CreatedBy' : undefined, approver === undefined ? 'LastModifiedBy' : undefined].filter(
        Boolean,
      );
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeModelPackage for ${label} did not report who acted on it (${missing.join(' and ')} without an identity).`,
      };
    }
    if (author === approver) return { status: 'FAIL', reason: `${label} was registered and approved by the same identity, ${author}.` };
    return { status: 'PASS', reason: `${label} was registered by ${author} and approved by ${approver}.` };
  },
);
