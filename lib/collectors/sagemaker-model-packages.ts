import {
  DescribeModelPackageCommand,
  type ModelPackageGroupSummary,
  paginateListModelPackageGroups,
  paginateListModelPackages,
} from '@aws-sdk/client-sagemaker';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult } from './errors.js';
import { describeAll, kind, type Listed, listAll, listedByName, listing, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'sagemaker.model-packages';
export const MODEL_PACKAGE_GROUP_TYPE = 'AWS::SageMaker::ModelPackageGroup';

/** A listed group keeps its summary: the group's record is the summary. */
export type ListedGroup = Listed & { summary: ModelPackageGroupSummary };

/** The listing of model package groups, shared with the group policy collector. */
export const modelPackageGroups = /* @__PURE__ */ listing('sagemaker', {
  listOperation: 'ListModelPackageGroups',
  pages: (client) => paginateListModelPackageGroups({ client, pageSize: 100 }, {}),
  itemsKey: 'ModelPackageGroupSummaryList',
  listed: (item): ListedGroup | undefined => {
    const listed = listedByName(item.ModelPackageGroupName, item.ModelPackageGroupArn);
    return listed === undefined ? undefined : { ...listed, summary: item };
  },
  listedBy: 'ModelPackageGroupName or ModelPackageGroupArn',
});

function packagesOf(group: string) {
  return kind('sagemaker', {
    listOperation: 'ListModelPackages',
    pages: (client) => paginateListModelPackages({ client, pageSize: 100 }, { ModelPackageGroupName: group }),
    itemsKey: 'ModelPackageSummaryList',
    // Versioned packages are described by ARN: their name is the group's, shared by every version.
    listed: (item) => listedByName(item.ModelPackageArn, item.ModelPackageArn),
    listedBy: 'ModelPackageArn',
    describeOperation: 'DescribeModelPackage',
    describe: (client, { key }) => client.send(new DescribeModelPackageCommand({ ModelPackageName: key })),
    recordId: (output) => text(output.ModelPackageArn),
    recordedBy: 'ModelPackageArn',
    resourceType: 'AWS::SageMaker::ModelPackage',
  });
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
    const listedGroups = await listAll(client, ctx, modelPackageGroups, errors);
    for (const group of listedGroups) {
      records.push(
        makeEvidence({
          accountId: ctx.accountId,
          region: ctx.region,
          source: { collector: ID, service: 'sagemaker', operation: 'ListModelPackageGroups' },
          resource: { type: MODEL_PACKAGE_GROUP_TYPE, id: group.resourceId },
          collectedAt: ctx.now(),
          data: group.summary,
        }),
      );
      const packages = packagesOf(group.key);
      const listingErrors: CoverageError[] = [];
      const listed = await listAll(client, ctx, packages, listingErrors);
      // A group whose packages could not all be listed leaves the registry's contents unknown; say which.
      errors.push(...listingErrors.map((e) => ({ ...e, message: `model package group ${group.key}: ${e.message}` })));
      records.push(...(await describeAll(client, ctx, { id: ID, service: 'sagemaker' }, packages, listed, errors)));
    }
    return collectorResult(ID, ctx, records, errors);
  },
};
