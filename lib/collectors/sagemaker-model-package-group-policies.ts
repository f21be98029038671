import { GetModelPackageGroupPolicyCommand } from '@aws-sdk/client-sagemaker';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { DESCRIBE_CONCURRENCY, listAll } from './list-describe.js';
import { MODEL_PACKAGE_GROUP_TYPE, modelPackageGroups } from './sagemaker-model-packages.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'sagemaker.model-package-group-policies';

/** How SageMaker says a group has no resource policy: a ValidationException with this message, not an empty answer. */
export const NO_POLICY_MESSAGE = /cannot find resource policy/i;

function errorField(error: unknown, field: 'name' | 'message'): string {
  const value = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * The resource policy of every model package group (GetModelPackageGroupPolicy), one record per
 * group named by the group's ARN: the answer as returned (`ResourcePolicy`, a JSON string), or,
 * where the group has no policy (SageMaker answers ValidationException "Cannot find resource
 * policy"), that answer kept as `{ Error: { Code, Message } }`. Any other error is a coverage gap
 * naming the group.
 */
export const sagemakerModelPackageGroupPolicies: Collector = {
  id: ID,
  service: 'sagemaker',
  description:
    'SageMaker model registry: the resource policy of each model package group (who in which accounts may read or register models).',
  actions: ['sagemaker:ListModelPackageGroups', 'sagemaker:GetModelPackageGroupPolicy'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('sagemaker', ctx.region);
    const errors: CoverageError[] = [];
    const groups = await listAll(client, ctx, modelPackageGroups, errors);
    const read = await mapWithConcurrency(groups, DESCRIBE_CONCURRENCY, async (group): Promise<EvidenceRecord | undefined> => {
      const record = (data: object) =>
        governanceRecord(ctx, {
          collector: ID,
          service: 'sagemaker',
          operation: 'GetModelPackageGroupPolicy',
          resource: { type: MODEL_PACKAGE_GROUP_TYPE, id: group.resourceId },
          data,
        });
      try {
        return record(await client.send(new GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: group.key })));
      } catch (error) {
        if (errorField(error, 'name') === 'ValidationException' && NO_POLICY_MESSAGE.test(errorField(error, 'message'))) {
          return record({ Error: { Code: 'ValidationException', Message: errorField(error, 'message') } });
        }
        errors.push(coverageError('GetModelPackageGroupPolicy', error, group.resourceId));
        return undefined;
      }
    });
    return collectorResult(
      ID,
      ctx,
      read.filter((r): r is EvidenceRecord => r !== undefined),
      errors,
    );
  },
};
