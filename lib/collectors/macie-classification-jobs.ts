import { type JobSummary, paginateListClassificationJobs } from '@aws-sdk/client-macie2';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

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
export const macieClassificationJobs: Collector = {
  id: MACIE_JOBS,
  service: 'macie2',
  description: 'Amazon Macie classification jobs of the region, their type, status and bucket scope.',
  actions: ['macie2:ListClassificationJobs'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('macie2', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      for await (const page of guardedPages('ListClassificationJobs', paginateListClassificationJobs({ client, pageSize: 100 }, {}))) {
        for (const job of page.items ?? []) records.push(toRecord(ctx, job));
      }
    } catch (error) {
      errors.push(coverageError('ListClassificationJobs', error));
    }
    return collectorResult(MACIE_JOBS, ctx, records, errors);
  },
};

function toRecord(ctx: CollectorContext, job: JobSummary): EvidenceRecord {
  if (!job.jobId) throw new InvalidResponseError('ListClassificationJobs returned a job without a jobId.');
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: MACIE_JOBS, service: 'macie2', operation: 'ListClassificationJobs' },
    resource: { type: MACIE_JOB_TYPE, id: classificationJobArn(ctx, job.jobId) },
    collectedAt: ctx.now(),
    data: job,
  });
}
