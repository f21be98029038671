import { type ModelInvocationJobSummary, paginateListModelInvocationJobs } from '@aws-sdk/client-bedrock';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { guardedPages, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'bedrock.model-invocation-jobs';

/**
 * Bedrock batch inference jobs: ListModelInvocationJobs only, one record per job summary. The
 * summary already holds the output location, its KMS key and the VPC configuration, which is all
 * the controls read; GetModelInvocationJob would return the same fields.
 */
export const bedrockModelInvocationJobs: Collector = {
  id: ID,
  service: 'bedrock',
  description: 'Amazon Bedrock batch inference jobs: output location and KMS key, VPC configuration.',
  actions: ['bedrock:ListModelInvocationJobs'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('bedrock', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      for await (const page of guardedPages('ListModelInvocationJobs', paginateListModelInvocationJobs({ client, pageSize: 100 }, {}))) {
        for (const job of page.invocationJobSummaries ?? []) records.push(toRecord(ctx, job));
      }
    } catch (error) {
      errors.push(coverageError('ListModelInvocationJobs', error));
    }
    return collectorResult(ID, ctx, records, errors);
  },
};

function toRecord(ctx: CollectorContext, job: ModelInvocationJobSummary): EvidenceRecord {
  const arn = text(job.jobArn);
  if (arn === undefined) throw new InvalidResponseError('ListModelInvocationJobs returned a job summary without a jobArn.');
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: ID, service: 'bedrock', operation: 'ListModelInvocationJobs' },
    resource: { type: 'AWS::Bedrock::ModelInvocationJob', id: arn },
    collectedAt: ctx.now(),
    data: { ...job },
  });
}
