import { type PolicyGroup, type PolicyRole, type PolicyUser, paginateListEntitiesForPolicy } from '@aws-sdk/client-iam';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError } from './errors.js';
import { MANAGED_POLICY_TYPE } from './iam-customer-managed-policies.js';
import { IAM_HOME_REGION } from './iam-global.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const IAM_FULL_ACCESS_ATTACHMENTS = 'iam.ai-full-access-attachments';

/** AWS managed policies that give full control of an AI service. */
export const AI_FULL_ACCESS_POLICIES = [
  'arn:aws:iam::aws:policy/AmazonBedrockFullAccess',
  'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess',
  'arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess',
] as const;

/**
 * Who holds each AI full-access managed policy: ListEntitiesForPolicy for each, every page. One
 * record per policy whose `data` is the pages' PolicyGroups, PolicyUsers and PolicyRoles put
 * together (the one place where a record is not a single API answer: the pages only make sense as a
 * whole). A policy whose entities cannot be listed is a coverage error naming the policy. Read in
 * the IAM home region only (see {@link IAM_HOME_REGION}).
 */
export const iamAiFullAccessAttachments: Collector = {
  id: IAM_FULL_ACCESS_ATTACHMENTS,
  service: 'iam',
  description: `Users, groups and roles holding AmazonBedrockFullAccess, AmazonSageMakerFullAccess or BedrockAgentCoreFullAccess (read in ${IAM_HOME_REGION} only).`,
  actions: ['iam:ListEntitiesForPolicy'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    if (ctx.region !== IAM_HOME_REGION) return collectorResult(IAM_FULL_ACCESS_ATTACHMENTS, ctx, [], []);
    const client = ctx.clients.client('iam', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    for (const policyArn of AI_FULL_ACCESS_POLICIES) {
      const groups: PolicyGroup[] = [];
      const users: PolicyUser[] = [];
      const roles: PolicyRole[] = [];
      try {
        const pages = paginateListEntitiesForPolicy({ client, pageSize: 100 }, { PolicyArn: policyArn });
        for await (const page of guardedPages('ListEntitiesForPolicy', pages)) {
          groups.push(...(page.PolicyGroups ?? []));
          users.push(...(page.PolicyUsers ?? []));
          roles.push(...(page.PolicyRoles ?? []));
        }
        records.push(
          makeEvidence({
            accountId: ctx.accountId,
            region: ctx.region,
            source: { collector: IAM_FULL_ACCESS_ATTACHMENTS, service: 'iam', operation: 'ListEntitiesForPolicy' },
            resource: { type: MANAGED_POLICY_TYPE, id: policyArn },
            collectedAt: ctx.now(),
            data: { PolicyArn: policyArn, PolicyGroups: groups, PolicyUsers: users, PolicyRoles: roles },
          }),
        );
      } catch (error) {
        errors.push(coverageError('ListEntitiesForPolicy', error, policyArn));
      }
    }
    return collectorResult(IAM_FULL_ACCESS_ATTACHMENTS, ctx, records, errors);
  },
};
