import { type EvaluationSummary, paginateListEvaluationJobs } from '@aws-sdk/client-bedrock';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { guardedPages, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'bedrock.evaluation-jobs';

/**
 * Bedrock model evaluation jobs (automatic, human and RAG evaluations): ListEvaluationJobs only, one
 * record per job summary. The summary holds what the controls judge (status, type, creation time,
 * models); GetEvaluationJob would add the datasets and metrics, which no control reads.
 */
export const bedrockEvaluationJobs: Collector = {
  id: ID,
  service: 'bedrock',
  description: 'Amazon Bedrock model evaluation jobs: status, type, creation time and models evaluated.',
  actions: ['bedrock:ListEvaluationJobs'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('bedrock', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      for await (const page of guardedPages('ListEvaluationJobs', paginateListEvaluationJobs({ client, pageSize: 100 }, {}))) {
        for (const job of page.jobSummaries ?? []) records.push(toRecord(ctx, job));
      }
    } catch (error) {
      errors.push(coverageError('ListEvaluationJobs', error));
    }
    return collectorResult(ID, ctx, records, errors);
  },
};

function toRecord(ctx: CollectorContext, job: EvaluationSummary): EvidenceRecord {
  const arn = text(job.jobArn);
  if (arn === undefined) throw new InvalidResponseError('ListEvaluationJobs returned a job summary without a jobArn.');
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: ID, service: 'bedrock', operation: 'ListEvaluationJobs' },
    resource: { type: 'AWS::Bedrock::EvaluationJob', id: arn },
    collectedAt: ctx.now(),
    data: { ...job },
  });
}
