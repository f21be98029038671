import { paginateListClassificationJobs } from '@aws-sdk/client-macie2';
import { summaryCollector } from './list-describe.js';

export const MACIE_JOBS = 'macie.classification-jobs';
export const MACIE_JOB_TYPE = 'AWS::Macie::ClassificationJob';

/** A classification job's ARN as Macie forms it (ListClassificationJobs gives only the id). */
export function classificationJobArn(scope: { accountId: string; region: string }, jobId: string): string {
  return `arn:aws:macie2:${scope.region}:${scope.accountId}:classification-job/${jobId}`;
}

/**
 * Macie sensitive data discovery jobs: ListClassificationJobs, every page, one record per job
 * summary (as returned). The summary already holds what the controls judge (type, status, the
 * buckets named or the bucket criteria), so DescribeClassificationJob is not called: it adds only
 * object-level scoping and statistics.
 */
export const macieClassificationJobs = /* @__PURE__ */ summaryCollector({
  id: MACIE_JOBS,
  service: 'macie2',
  description: 'Amazon Macie classification jobs of the region, their type, status and bucket scope.',
  actions: ['macie2:ListClassificationJobs'],
  listOperation: 'ListClassificationJobs',
  pages: (client) => paginateListClassificationJobs({ client, pageSize: 100 }, {}),
  itemsKey: 'items',
  recordId: (job, ctx) => (job.jobId ? classificationJobArn(ctx, job.jobId) : undefined),
  itemCalled: 'a job',
  listedBy: 'a jobId',
  resourceType: MACIE_JOB_TYPE,
});
