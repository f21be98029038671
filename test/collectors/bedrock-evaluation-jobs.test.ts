import 'aws-sdk-client-mock-vitest/extend';
import { BedrockClient, ListEvaluationJobsCommand } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockEvaluationJobs } from '../../lib/collectors/bedrock-evaluation-jobs.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { EVALUATION_JOB_TYPE, evaluationJobArn, evaluationSummary } from '../fixtures/bedrock.js';
import { awsError } from '../fixtures/bedrock-collector-cases.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';

const bedrock = mockClient(BedrockClient);

beforeEach(() => {
  bedrock.reset();
});

afterAll(() => {
  bedrock.restore();
});

function listPages(pages: string[][]): (string | undefined)[] {
  const sent: (string | undefined)[] = [];
  bedrock.on(ListEvaluationJobsCommand).callsFake((input: { nextToken?: string }) => {
    sent.push(input.nextToken);
    const index = input.nextToken === undefined ? 0 : Number(input.nextToken.replace('page-', ''));
    const page = pages[index] ?? [];
    return { jobSummaries: page.map((n) => evaluationSummary(n)), ...(index + 1 < pages.length ? { nextToken: `page-${index + 1}` } : {}) };
  });
  return sent;
}

const idsOf = (records: readonly { resource: { id: string } }[]) => records.map((r) => r.resource.id).sort();

describe('bedrock.evaluation-jobs collector', () => {
  it('follows nextToken over every page and keeps one record per job summary, verbatim', async () => {
    // Prepare
    const sent = listPages([['fraud-eval-1', 'fraud-eval-2'], ['chatbot-rag-eval']]);
    // Act
    const result = await bedrockEvaluationJobs.collect(mockedContext());
    // Assess
    expect(sent).toEqual([undefined, 'page-1']);
    expect(idsOf(result.records)).toEqual(['chatbot-rag-eval', 'fraud-eval-1', 'fraud-eval-2'].map((n) => evaluationJobArn(n)));
    expect(result.coverage).toEqual({ collector: 'bedrock.evaluation-jobs', ...SCOPE, status: 'COMPLETE', records: 3, errors: [] });
    const record = result.records.find((r) => r.resource.id === evaluationJobArn('chatbot-rag-eval'));
    expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      source: { collector: 'bedrock.evaluation-jobs', service: 'bedrock', operation: 'ListEvaluationJobs' },
      resource: { type: EVALUATION_JOB_TYPE },
      collectedAt: COLLECTED_AT,
      data: evaluationSummary('chatbot-rag-eval'),
    });
  });

  it('gives COMPLETE coverage and no records for a region without evaluation jobs', async () => {
    // Prepare
    listPages([[]]);
    // Act
    const result = await bedrockEvaluationJobs.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 0, errors: [] });
  });

  it('turns AccessDenied into FAILED coverage of kind ACCESS_DENIED, without throwing', async () => {
    // Prepare
    bedrock
      .on(ListEvaluationJobsCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: bedrock:ListEvaluationJobs'));
    // Act
    const result = await bedrockEvaluationJobs.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'ListEvaluationJobs', kind: 'ACCESS_DENIED', code: 'AccessDeniedException' }],
    });
  });

  it('keeps the jobs of the pages read before a later page was throttled past the retries, and reports FAILED', async () => {
    // Prepare
    bedrock
      .on(ListEvaluationJobsCommand)
      .resolvesOnce({ jobSummaries: [evaluationSummary('a')], nextToken: 'page-1' } as never)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded', true));
    // Act
    const result = await bedrockEvaluationJobs.collect(mockedContext());
    // Assess
    expect(idsOf(result.records)).toEqual([evaluationJobArn('a')]);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      records: 1,
      errors: [{ operation: 'ListEvaluationJobs', kind: 'THROTTLED' }],
    });
  });

  it('turns a job summary without a jobArn into INVALID_RESPONSE, keeping the jobs before it', async () => {
    // Prepare
    const { jobArn: _missing, ...malformed } = evaluationSummary('b');
    bedrock.on(ListEvaluationJobsCommand).resolves({ jobSummaries: [evaluationSummary('a'), malformed] } as never);
    // Act
    const result = await bedrockEvaluationJobs.collect(mockedContext());
    // Assess
    expect(idsOf(result.records)).toEqual([evaluationJobArn('a')]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListEvaluationJobs', kind: 'INVALID_RESPONSE' }] });
  });

  it('turns a nextToken the listing already gave into INVALID_RESPONSE instead of paging forever', async () => {
    // Prepare
    let calls = 0;
    bedrock.on(ListEvaluationJobsCommand).callsFake(() => {
      calls += 1;
      if (calls > 20) throw awsError('RunawayPagination', 'the collector kept paging');
      return { jobSummaries: [evaluationSummary(`job-${calls}`)], nextToken: 'same' };
    });
    // Act
    const result = await bedrockEvaluationJobs.collect(mockedContext());
    // Assess
    expect(calls).toBe(2);
    expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: 'ListEvaluationJobs', kind: 'INVALID_RESPONSE' })]);
  });
});
