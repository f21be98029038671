import { GetPolicyVersionCommand, type IAMClient, type Policy, paginateListPolicies } from '@aws-sdk/client-iam';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { IAM_HOME_REGION, listMarked, markerPages } from './iam-global.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const IAM_MANAGED_POLICIES = 'iam.customer-managed-policies';
export const MANAGED_POLICY_TYPE = 'AWS::IAM::ManagedPolicy';
/** IAM's request rate is per account and low; a few calls at a time stay under it. */
const IAM_CONCURRENCY = 4;

/**
 * Customer managed policies that are attached to a user, group or role (ListPolicies with
 * Scope=Local and OnlyAttached=true), and the document of each one's default version
 * (GetPolicyVersion; the document stays URL-encoded, as IAM returns it). Read in the IAM home
 * region only (see {@link IAM_HOME_REGION}).
 */
export const iamCustomerManagedPolicies: Collector = {
  id: IAM_MANAGED_POLICIES,
  service: 'iam',
  description: `IAM customer managed policies attached to a principal, with their default version's document (read in ${IAM_HOME_REGION} only).`,
  actions: ['iam:ListPolicies', 'iam:GetPolicyVersion'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    if (ctx.region !== IAM_HOME_REGION) return collectorResult(IAM_MANAGED_POLICIES, ctx, [], []);
    const client = ctx.clients.client('iam', ctx.region);
    const errors: CoverageError[] = [];
    const policies: Policy[] = [];
    try {
      await listMarked(
        'ListPolicies',
        markerPages(paginateListPolicies({ client, pageSize: 100 }, { Scope: 'Local', OnlyAttached: true }), (page) => page.Policies),
        policies,
      );
      for (const policy of policies) {
        if (!policy.Arn || !policy.DefaultVersionId) {
          throw new InvalidResponseError('ListPolicies returned a policy without its Arn or DefaultVersionId.');
        }
      }
    } catch (error) {
      errors.push(coverageError('ListPolicies', error));
    }
    const wellFormed = policies.filter((p): p is Policy & { Arn: string; DefaultVersionId: string } => !!p.Arn && !!p.DefaultVersionId);
    const read = await mapWithConcurrency(wellFormed, IAM_CONCURRENCY, async (policy) => {
      try {
        return await readPolicyVersion(client, ctx, IAM_MANAGED_POLICIES, policy.Arn, policy.DefaultVersionId);
      } catch (error) {
        errors.push(coverageError('GetPolicyVersion', error, policy.Arn));
        return undefined;
      }
    });
    return collectorResult(
      IAM_MANAGED_POLICIES,
      ctx,
      read.filter((r): r is EvidenceRecord => r !== undefined),
      errors,
    );
  },
};

/**
 * GetPolicyVersion of one managed policy's version, kept as a record of `collector` (resource: the
 * policy's ARN; the document stays URL-encoded, as IAM returns it). An answer without a document is
 * an InvalidResponseError; AWS errors are thrown for the caller to turn into coverage.
 */
export async function readPolicyVersion(
  client: IAMClient,
  ctx: CollectorContext,
  collector: string,
  policyArn: string,
  versionId: string,
): Promise<EvidenceRecord> {
  const output = await client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
  if (typeof output.PolicyVersion?.Document !== 'string') {
    throw new InvalidResponseError(`GetPolicyVersion for ${policyArn} returned no policy document.`);
  }
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector, service: 'iam', operation: 'GetPolicyVersion' },
    resource: { type: MANAGED_POLICY_TYPE, id: policyArn },
    collectedAt: ctx.now(),
    data: output,
  });
}
