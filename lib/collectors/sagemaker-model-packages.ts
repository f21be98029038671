import { DescribeModelPackageCommand, paginateListModelPackageGroups, paginateListModelPackages } from '@aws-sdk/client-sagemaker';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult } from './errors.js';
import { describeAll, type ListDescribeKind, listAll } from './sagemaker-list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'sagemaker.model-packages';
export const MODEL_PACKAGE_GROUP_TYPE = 'AWS::SageMaker::ModelPackageGroup';

const groups = {
  listOperation: 'ListModelPackageGroups',
  pages: (client: Parameters<ListDescribeKind['pages']>[0]) => paginateListModelPackageGroups({ client, pageSize: 100 }, {}),
  itemsKey: 'ModelPackageGroupSummaryList',
  nameKey: 'ModelPackageGroupName',
  arnKey: 'ModelPackageGroupArn',
};

function packagesOf(group: string): ListDescribeKind {
  return {
    listOperation: 'ListModelPackages',
    pages: (client) => paginateListModelPackages({ client, pageSize: 100 }, { ModelPackageGroupName: group }),
    itemsKey: 'ModelPackageSummaryList',
    // Versioned packages are described by ARN: their name is the group's, shared by every version.
    nameKey: 'ModelPackageArn',
    arnKey: 'ModelPackageArn',
    describeOperation: 'DescribeModelPackage',
    describe: (client, arn) => client.send(new DescribeModelPackageCommand({ ModelPackageName: arn })),
    describedArnKey: 'ModelPackageArn',
    resourceType: 'AWS::SageMaker::ModelPackage',
  };
}

/**
 * The model registry: every model package group (kept as its ListModelPackageGroups summary) and
 * every package version in it (DescribeModelPackage: approval status, who created and who approved).
 */
export const sagemakerModelPackages: Collector = {
  id: ID,
  service: 'sagemaker',
  description: 'SageMaker model registry: model package groups and their package versions with approval status and approver.',
  actions: ['sagemaker:ListModelPackageGroups', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackage'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('sagemaker', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const listedGroups = await listAll(client, ctx, groups, errors);
    for (const group of listedGroups) {
      records.push(
        makeEvidence({
          accountId: ctx.accountId,
          region: ctx.region,
          source: { collector: ID, service: 'sagemaker', operation: 'ListModelPackageGroups' },
          resource: { type: MODEL_PACKAGE_GROUP_TYPE, id: group.arn },
          collectedAt: ctx.now(),
          data: group.summary,
        }),
      );
      const kind = packagesOf(group.name);
      const listingErrors: CoverageError[] = [];
      const listed = await listAll(client, ctx, kind, listingErrors);
      // A group whose packages could not all be listed leaves the registry's contents unknown; say which.
      errors.push(...listingErrors.map((e) => ({ ...e, message: `model package group ${group.name}: ${e.message}` })));
      records.push(...(await describeAll(client, ctx, ID, kind, listed, errors)));
    }
    return collectorResult(ID, ctx, records, errors);
  },
};
