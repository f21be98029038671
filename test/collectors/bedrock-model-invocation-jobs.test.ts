import 'aws-sdk-client-mock-vitest/extend';
import { BedrockClient, ListModelInvocationJobsCommand } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockModelInvocationJobs } from '../../lib/collectors/bedrock-model-invocation-jobs.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { BATCH_JOB_TYPE, batchJobArn, batchJobSummary } from '../fixtures/bedrock.js';
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

const idsOf = (records: readonly { resource: { id: string } }[]) => records.map((r) => r.resource.id).sort();

describe('bedrock.model-invocation-jobs collector', () => {
  it('follows nextToken over every page and keeps one record per job summary, verbatim', async () => {
    // Prepare
    const sent: (string | undefined)[] = [];
    const pages = [['a', 'b'], ['c']];
    bedrock.on(ListModelInvocationJobsCommand).callsFake((input: { nextToken?: string }) => {
      sent.push(input.nextToken);
      const index = input.nextToken === undefined ? 0 : 1;
      return {
        invocationJobSummaries: (pages[index] ?? []).map((n) => batchJobSummary(n)),
        ...(index === 0 ? { nextToken: 'page-1' } : {}),
      };
    });
    // Act
    const result = await bedrockModelInvocationJobs.collect(mockedContext());
    // Assess
    expect(sent).toEqual([undefined, 'page-1']);
    expect(idsOf(result.records)).toEqual(['a', 'b', 'c'].map((n) => batchJobArn(n)));
    expect(result.coverage).toEqual({ collector: 'bedrock.model-invocation-jobs', ...SCOPE, status: 'COMPLETE', records: 3, errors: [] });
    const record = result.records[0];
    expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      source: { collector: 'bedrock.model-invocation-jobs', service: 'bedrock', operation: 'ListModelInvocationJobs' },
      resource: { type: BATCH_JOB_TYPE, id: batchJobArn('a') },
      collectedAt: COLLECTED_AT,
      data: batchJobSummary('a'),
    });
  });

  it('turns AccessDenied into FAILED coverage of kind ACCESS_DENIED, without throwing', async () => {
    // Prepare
    bedrock
      .on(ListModelInvocationJobsCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: bedrock:ListModelInvocationJobs'));
    // Act
    const result = await bedrockModelInvocationJobs.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListModelInvocationJobs', kind: 'ACCESS_DENIED' }] });
  });

  it('keeps the jobs of the first page when the second is throttled past the retries, and reports FAILED', async () => {
    // Prepare
    bedrock
      .on(ListModelInvocationJobsCommand)
      .resolvesOnce({ invocationJobSummaries: [batchJobSummary('a')], nextToken: 'page-1' } as never)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded', true));
    // Act
    const result = await bedrockModelInvocationJobs.collect(mockedContext());
    // Assess
    expect(idsOf(result.records)).toEqual([batchJobArn('a')]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', records: 1, errors: [{ kind: 'THROTTLED' }] });
  });

  it('turns a summary without a jobArn, or a repeated nextToken, into INVALID_RESPONSE', async () => {
    // Prepare
    const { jobArn: _missing, ...malformed } = batchJobSummary('b');
    bedrock.on(ListModelInvocationJobsCommand).resolves({ invocationJobSummaries: [batchJobSummary('a'), malformed] } as never);
    // Act
    const withoutArn = await bedrockModelInvocationJobs.collect(mockedContext());
    bedrock.reset();
    bedrock.on(ListModelInvocationJobsCommand).resolves({ invocationJobSummaries: [], nextToken: 'same' });
    const looping = await bedrockModelInvocationJobs.collect(mockedContext());
    // Assess
    expect(idsOf(withoutArn.records)).toEqual([batchJobArn('a')]);
    expect(withoutArn.coverage.errors).toEqual([expect.objectContaining({ kind: 'INVALID_RESPONSE' })]);
    expect(looping.coverage.errors).toEqual([expect.objectContaining({ kind: 'INVALID_RESPONSE' })]);
    expect(bedrock).toReceiveCommandTimes(ListModelInvocationJobsCommand, 2);
  });
});
