import 'aws-sdk-client-mock-vitest/extend';
import { BedrockAgentClient, GetDataSourceCommand, ListDataSourcesCommand, ListKnowledgeBasesCommand } from '@aws-sdk/client-bedrock-agent';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockKnowledgeBaseDataSources } from '../../lib/collectors/bedrock-knowledge-base-data-sources.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { DATA_SOURCE_TYPE, dataSourceFields, dataSourceId, knowledgeBaseArn } from '../fixtures/bedrock.js';
import { awsError } from '../fixtures/bedrock-collector-cases.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';

const agent = mockClient(BedrockAgentClient);

beforeEach(() => {
  agent.reset();
});

afterAll(() => {
  agent.restore();
});

const denied = (op: string) => awsError('AccessDeniedException', `User is not authorized to perform: bedrock:${op}`);

/** Paged answers linked by nextToken `page-N`. */
function paged<T>(pages: T[][], key: string, token: string | undefined) {
  const index = token === undefined ? 0 : Number(token.replace('page-', ''));
  return { [key]: pages[index] ?? [], ...(index + 1 < pages.length ? { nextToken: `page-${index + 1}` } : {}) };
}

/** Knowledge bases (paged) holding data sources (paged per knowledge base). */
function estate(bases: Record<string, string[][]>, basePages: string[][] = [Object.keys(bases)]) {
  agent.on(ListKnowledgeBasesCommand).callsFake((input: { nextToken?: string }) =>
    paged(
      basePages.map((page) => page.map((id) => ({ knowledgeBaseId: id, name: `kb-${id}`, status: 'ACTIVE' }))),
      'knowledgeBaseSummaries',
      input.nextToken,
    ),
  );
  agent.on(ListDataSourcesCommand).callsFake((input: { knowledgeBaseId: string; nextToken?: string }) => {
    const pages = bases[input.knowledgeBaseId] ?? [];
    return paged(
      pages.map((page) => page.map((ds) => ({ knowledgeBaseId: input.knowledgeBaseId, dataSourceId: ds, name: ds, status: 'AVAILABLE' }))),
      'dataSourceSummaries',
      input.nextToken,
    );
  });
}

function readAll(failures: Record<string, Error> = {}) {
  agent.on(GetDataSourceCommand).callsFake((input: { knowledgeBaseId: string; dataSourceId: string }) => {
    const failure = failures[input.dataSourceId];
    if (failure !== undefined) throw failure;
    return { $metadata: { httpStatusCode: 200 }, dataSource: dataSourceFields(input.knowledgeBaseId, input.dataSourceId) };
  });
}

const idsOf = (records: readonly { resource: { id: string } }[]) => records.map((r) => r.resource.id).sort();

describe('bedrock.knowledge-base-data-sources collector', () => {
  it("pages through knowledge bases and each one's data sources, and reads every data source", async () => {
    // Prepare
    estate({ KB1: [['DS1', 'DS2'], ['DS3']], KB2: [['DS4']], KB3: [[]] }, [['KB1', 'KB2'], ['KB3']]);
    readAll();
    // Act
    const result = await bedrockKnowledgeBaseDataSources.collect(mockedContext());
    // Assess
    expect(agent).toReceiveCommandTimes(ListKnowledgeBasesCommand, 2);
    expect(agent).toReceiveCommandTimes(ListDataSourcesCommand, 4);
    expect(agent).toReceiveCommandTimes(GetDataSourceCommand, 4);
    expect(idsOf(result.records)).toEqual(
      [dataSourceId('KB1', 'DS1'), dataSourceId('KB1', 'DS2'), dataSourceId('KB1', 'DS3'), dataSourceId('KB2', 'DS4')].sort(),
    );
    expect(result.coverage).toEqual({
      collector: 'bedrock.knowledge-base-data-sources',
      ...SCOPE,
      status: 'COMPLETE',
      records: 4,
      errors: [],
    });
  });

  it('keeps the GetDataSource answer verbatim as a valid record', async () => {
    // Prepare
    estate({ KB1: [['DS1']] });
    readAll();
    // Act
    const { records } = await bedrockKnowledgeBaseDataSources.collect(mockedContext());
    // Assess
    expect(EvidenceRecordSchema.parse(records[0])).toEqual(records[0]);
    expect(records[0]).toEqual({
      schemaVersion: 1,
      ...SCOPE,
      source: { collector: 'bedrock.knowledge-base-data-sources', service: 'bedrock-agent', operation: 'GetDataSource' },
      resource: { type: DATA_SOURCE_TYPE, id: dataSourceId('KB1', 'DS1') },
      collectedAt: COLLECTED_AT,
      data: { dataSource: dataSourceFields('KB1', 'DS1') },
    });
  });

  it('gives COMPLETE coverage and no records when there is no knowledge base', async () => {
    // Prepare
    estate({});
    readAll();
    // Act
    const result = await bedrockKnowledgeBaseDataSources.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
    expect(agent).not.toReceiveCommand(ListDataSourcesCommand);
  });

  it('turns AccessDenied on ListKnowledgeBases into FAILED coverage without a resource id', async () => {
    // Prepare
    agent.on(ListKnowledgeBasesCommand).rejects(denied('ListKnowledgeBases'));
    // Act
    const result = await bedrockKnowledgeBaseDataSources.collect(mockedContext());
    // Assess
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'ListKnowledgeBases', kind: 'ACCESS_DENIED' }] });
    expect(result.coverage.errors[0]).not.toHaveProperty('resourceId');
  });

  it('names the knowledge base whose data sources could not be listed, and reads the others', async () => {
    // Prepare
    estate({ KB1: [['DS1']], KB2: [['DS2']] });
    agent.on(ListDataSourcesCommand, { knowledgeBaseId: 'KB2' }).rejects(awsError('ThrottlingException', 'Rate exceeded', true));
    readAll();
    // Act
    const result = await bedrockKnowledgeBaseDataSources.collect(mockedContext());
    // Assess
    expect(idsOf(result.records)).toEqual([dataSourceId('KB1', 'DS1')]);
    expect(result.coverage).toMatchObject({ status: 'PARTIAL' });
    expect(result.coverage.errors).toEqual([
      {
        operation: 'ListDataSources',
        resourceId: knowledgeBaseArn('KB2'),
        kind: 'THROTTLED',
        code: 'ThrottlingException',
        message: 'Rate exceeded',
        httpStatus: 400,
      },
    ]);
  });

  it('names the data source whose read was denied, and reads the others', async () => {
    // Prepare
    estate({ KB1: [['DS1', 'DS2']] });
    readAll({ DS2: denied('GetDataSource') });
    // Act
    const result = await bedrockKnowledgeBaseDataSources.collect(mockedContext());
    // Assess
    expect(idsOf(result.records)).toEqual([dataSourceId('KB1', 'DS1')]);
    expect(result.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'GetDataSource', resourceId: dataSourceId('KB1', 'DS2'), kind: 'ACCESS_DENIED' }),
    ]);
  });

  it.each([
    [
      'a knowledge base summary without an id',
      () => agent.on(ListKnowledgeBasesCommand).resolves({ knowledgeBaseSummaries: [{ name: 'x' }] } as never),
      'ListKnowledgeBases',
    ],
    [
      'a GetDataSource answer without its data source',
      () => {
        estate({ KB1: [['DS1']] });
        agent.on(GetDataSourceCommand).resolves({} as never);
      },
      'GetDataSource',
    ],
  ])('turns %s into INVALID_RESPONSE coverage', async (_case, prepare, operation) => {
    // Prepare
    prepare();
    // Act
    const result = await bedrockKnowledgeBaseDataSources.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage.errors).toEqual([expect.objectContaining({ operation, kind: 'INVALID_RESPONSE' })]);
  });

  it('turns a data source listing that repeats its nextToken into INVALID_RESPONSE for that knowledge base', async () => {
    // Prepare
    agent
      .on(ListKnowledgeBasesCommand)
      .resolves({ knowledgeBaseSummaries: [{ knowledgeBaseId: 'KB1', name: 'kb', status: 'ACTIVE', updatedAt: new Date() }] });
    let calls = 0;
    agent.on(ListDataSourcesCommand).callsFake(() => {
      calls += 1;
      if (calls > 20) throw awsError('RunawayPagination', 'the collector kept paging');
      return { dataSourceSummaries: [], nextToken: 'same' };
    });
    readAll();
    // Act
    const result = await bedrockKnowledgeBaseDataSources.collect(mockedContext());
    // Assess
    expect(calls).toBe(2);
    expect(result.coverage.errors).toEqual([
      expect.objectContaining({ operation: 'ListDataSources', resourceId: knowledgeBaseArn('KB1'), kind: 'INVALID_RESPONSE' }),
    ]);
  });
});
