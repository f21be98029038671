import { AGENTCORE_RESOURCE_POLICIES } from '../collectors/agentcore-resource-policies.js';
import type { Verdict } from './per-resource.js';
import { describeOpen, openStatements } from './resource-policy-helpers.js';
import { resourceControl, textField } from './supporting-helpers.js';
import type { Control, ControlMetadata } from './types.js';

/**
 * A control on the resource-based policies of one kind of AgentCore resource (runtimes or
 * gateways), from `bedrock-agentcore.resource-policies`: no policy passes (only IAM principals of
 * the account can call it), a policy whose Allow statements all name principals or tie `*` to an
 * account, organization, VPC or endpoint passes, a statement open to any principal fails.
 */
export function resourcePolicyControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  source: { resourceType: string; noun: string; label: string },
): Control {
  return resourceControl(
    meta,
    { collector: AGENTCORE_RESOURCE_POLICIES, resourceType: source.resourceType, noun: source.noun },
    (record, name) => {
      const subject = `${source.label} ${name}`;
      if (textField(record, 'ErrorCode') === 'ResourceNotFoundException') {
        return {
          status: 'PASS',
          reason: `${subject} has no resource-based policy: only IAM principals its own account allows can call it.`,
        };
      }
      const policy = textField(record, 'policy');
      if (policy === undefined) {
        return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetResourcePolicy for ${subject} returned no policy.` };
      }
      const verdict = openStatements(policy);
      if (!verdict.ok) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `The resource-based policy of ${subject} could not be read: ${verdict.problem}.`,
        };
      }
      if (verdict.open.length > 0) {
        return {
          status: 'FAIL',
          reason: `The resource-based policy of ${subject} allows any principal, with no condition tying the caller to an account, organization, VPC or endpoint: ${describeOpen(verdict.open)}.`,
        } satisfies Verdict;
      }
      return {
        status: 'PASS',
        reason: `The resource-based policy of ${subject} (${verdict.statements} statement${verdict.statements === 1 ? '' : 's'}) allows only named principals or callers tied to an account, organization, VPC or endpoint.`,
      };
    },
  );
}
