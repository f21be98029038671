import { DescribeEffectivePolicyCommand } from '@aws-sdk/client-organizations';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { IAM_HOME_REGION } from './iam-global.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const ORGANIZATIONS_AI_OPT_OUT_POLICY = 'organizations.ai-opt-out-policy';
export const AI_OPT_OUT_POLICY_TYPE = 'AISERVICES_OPT_OUT_POLICY' as const;
/** Not a CloudFormation type: an effective policy is computed by Organizations, not created. */
export const EFFECTIVE_POLICY_TYPE = 'AWS::Organizations::EffectivePolicy';

/**
 * Organizations is global, like IAM: an account's effective policy is the same from every region,
 * so it is read once per account, in the IAM home region, and nowhere else.
 */
export const ORGANIZATIONS_HOME_REGION = IAM_HOME_REGION;

/** The answers of DescribeEffectivePolicy that say something about the account rather than failing the read. */
export const ANSWERING_ERRORS = ['AWSOrganizationsNotInUseException', 'EffectivePolicyNotFoundException'] as const;

/** The id of an account's effective AI services opt-out policy. */
export function aiOptOutPolicyId(accountId: string): string {
  return effectivePolicyId(accountId, AI_OPT_OUT_POLICY_TYPE);
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : undefined;
}

function errorMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : '';
}

/** The id of an account's effective policy of a type (`AISERVICES_OPT_OUT_POLICY`, `BEDROCK_POLICY`). */
export function effectivePolicyId(accountId: string, policyType: string): string {
  return `arn:aws:organizations::${accountId}:account/effective-policy/${policyType.toLowerCase()}`;
}

/**
 * A collector of the policy of `policyType` in effect for the account: DescribeEffectivePolicy with
 * that PolicyType and no TargetId (the calling account), read in the home region only. Its answer is
 * kept as returned. AWSOrganizationsNotInUseException (the account is in no organization) and
 * EffectivePolicyNotFoundException (no such policy applies to it) are answers, kept as a record
 * `{ Error: { Code, Message } }`; any other error (AccessDenied, throttling) is a coverage gap.
 */
export function effectivePolicyCollector(spec: {
  id: string;
  policyType: 'AISERVICES_OPT_OUT_POLICY' | 'BEDROCK_POLICY';
  description: string;
}): Collector {
  return {
    id: spec.id,
    service: 'organizations',
    description: `${spec.description} (read in ${ORGANIZATIONS_HOME_REGION} only).`,
    actions: ['organizations:DescribeEffectivePolicy'],
    async collect(ctx: CollectorContext): Promise<CollectorResult> {
      if (ctx.region !== ORGANIZATIONS_HOME_REGION) return collectorResult(spec.id, ctx, [], []);
      const errors: CoverageError[] = [];
      const records: EvidenceRecord[] = [];
      const record = (data: object) =>
        governanceRecord(ctx, {
          collector: spec.id,
          service: 'organizations',
          operation: 'DescribeEffectivePolicy',
          resource: { type: EFFECTIVE_POLICY_TYPE, id: effectivePolicyId(ctx.accountId, spec.policyType) },
          data,
        });
      try {
        const client = ctx.clients.client('organizations', ctx.region);
        const answer = await client.send(new DescribeEffectivePolicyCommand({ PolicyType: spec.policyType }));
        if (typeof answer?.EffectivePolicy !== 'object' || answer.EffectivePolicy === null) {
          throw new InvalidResponseError('DescribeEffectivePolicy returned no EffectivePolicy.');
        }
        const { $metadata: _metadata, ...output } = answer;
        records.push(record(output));
      } catch (error) {
        const name = errorName(error);
        if (name !== undefined && (ANSWERING_ERRORS as readonly string[]).includes(name)) {
          records.push(record({ Error: { Code: name, Message: errorMessage(error) } }));
        } else {
          errors.push(coverageError('DescribeEffectivePolicy', error));
        }
      }
      return collectorResult(spec.id, ctx, records, errors);
    },
  };
}

/** The AI services opt-out policy in effect for the account. */
export const organizationsAiOptOutPolicy: Collector = /* @__PURE__ */ effectivePolicyCollector({
  id: ORGANIZATIONS_AI_OPT_OUT_POLICY,
  policyType: AI_OPT_OUT_POLICY_TYPE,
  description: 'The AI services opt-out policy in effect for the account, from AWS Organizations',
});

export const ORGANIZATIONS_BEDROCK_POLICY = 'organizations.bedrock-policy';
export const BEDROCK_POLICY_TYPE = 'BEDROCK_POLICY';

/**
 * The Amazon Bedrock policy in effect for the account: the guardrails AWS Organizations enforces on
 * every model invocation of the account, per region (`bedrock.guardrail_inference.<region>`).
 */
export const organizationsBedrockPolicy: Collector = /* @__PURE__ */ effectivePolicyCollector({
  id: ORGANIZATIONS_BEDROCK_POLICY,
  policyType: BEDROCK_POLICY_TYPE,
  description: 'The Amazon Bedrock policy (organization-enforced guardrails) in effect for the account, from AWS Organizations',
});
