import { IAM_MANAGED_POLICIES, MANAGED_POLICY_TYPE } from '../collectors/iam-customer-managed-policies.js';
import { IAM_INLINE_POLICIES, INLINE_POLICY_TYPE } from '../collectors/iam-inline-policies.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, type Verdict } from './per-resource.js';
import { iamAccountResource, nameOf, oncePerAccount, unionOfParts } from './supporting-helpers.js';
import { type PolicyStatement, parsePolicy } from './supporting-iam-policy.js';
import type { Control, ControlMetadata } from './types.js';

/** The document of an IAM policy record: GetPolicyVersion's PolicyVersion.Document or Get*Policy's PolicyDocument. */
export function policyDocumentOf(record: EvidenceRecord): string | undefined {
  const version = record.data.PolicyVersion;
  if (version !== null && typeof version === 'object' && !Array.isArray(version)) {
    const document = (version as Record<string, unknown>).Document;
    return typeof document === 'string' ? document : undefined;
  }
  return typeof record.data.PolicyDocument === 'string' ? record.data.PolicyDocument : undefined;
}

/** How a reason names a policy: `customer managed policy NAME` or `inline policy NAME of role X`. */
export function policyLabel(record: EvidenceRecord): string {
  if (record.resource.type === MANAGED_POLICY_TYPE) return `IAM customer managed policy ${nameOf(record.resource.id)}`;
  const [principal = '', name = ''] = record.resource.id.split('#');
  const kind = principal.includes(':role/') ? 'role' : principal.includes(':user/') ? 'user' : 'group';
  return `IAM inline policy ${name} of ${kind} ${nameOf(principal)}`;
}

/**
 * A control over every customer managed and inline policy document, judged once per account in the
 * IAM home region. `check` gets the parsed statements; a document that cannot be read or parsed is
 * INSUFFICIENT_EVIDENCE naming the problem.
 */
export function policyDocumentControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  check: (statements: PolicyStatement[], label: string) => Verdict,
): Control {
  const full: ControlMetadata = { ...meta, collectors: [IAM_MANAGED_POLICIES, IAM_INLINE_POLICIES], resourceType: MANAGED_POLICY_TYPE };
  const judge = (record: EvidenceRecord): Verdict => {
    const label = policyLabel(record);
    const document = policyDocumentOf(record);
    if (document === undefined) return { status: 'INSUFFICIENT_EVIDENCE', reason: `The answer for ${label} holds no policy document.` };
    const parsed = parsePolicy(document);
    if (!parsed.ok) return { status: 'INSUFFICIENT_EVIDENCE', reason: `${label} could not be read: ${parsed.problem}.` };
    return check(parsed.statements, label);
  };
  const parts = [
    perResource(
      { ...full, resourceType: MANAGED_POLICY_TYPE },
      { collector: IAM_MANAGED_POLICIES, noun: 'IAM customer managed policies', check: judge, scopeResource: iamAccountResource },
    ),
    perResource(
      { ...full, resourceType: INLINE_POLICY_TYPE },
      { collector: IAM_INLINE_POLICIES, noun: 'IAM inline policies', check: judge, scopeResource: iamAccountResource },
    ),
  ];
  return oncePerAccount(unionOfParts(full, parts, { noun: 'IAM customer managed or inline policies', scopeResource: iamAccountResource }));
}
