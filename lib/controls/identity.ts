import { sha256Hex } from '../evidence/canonical.js';
import type { Finding } from './types.js';

/** What identifies a finding across runs. */
export type FindingSubject = Pick<Finding, 'controlId' | 'accountId' | 'region' | 'resource'>;

/**
 * A finding's identity across runs: the control, and the account, region and resource it judged
 * (`<control id>/<SHA-256 of account, region and resource id, one per line>`). A resource id alone
 * is not enough: an AWS-managed policy ARN is judged once per account, a global resource once per
 * region. The digest keeps the identity short whatever the ARN (Security Hub allows 512 characters
 * in an Id). Two findings of one run never share an identity; the same judgement in the next run
 * has the same one. The ASFF Id, the report's changes, findings.csv and OSCAL all use this.
 */
export function findingIdentity(f: FindingSubject): string {
  return `${f.controlId}/${sha256Hex(`${f.accountId}\n${f.region}\n${f.resource.id}`)}`;
}
