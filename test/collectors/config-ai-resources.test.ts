import 'aws-sdk-client-mock-vitest/extend';
import {
  ConfigServiceClient,
  ConfigServiceServiceException,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configAiResources, QUERIES } from '../../lib/collectors/config-ai-resources.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { bucketItem } from '../fixtures/governance.js';

const config = mockClient(ConfigServiceClient);

beforeEach(() => {
  config.reset();
});

afterAll(() => {
  config.restore();
});

function awsError(name: string, message: string): ConfigServiceServiceException {
  return new ConfigServiceServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

const notebook = (name: string) => ({
  resourceId: name,
  resourceName: name,
  resourceType: 'AWS::SageMaker::NotebookInstance',
  arn: `arn:aws:sagemaker:${SCOPE.region}:${SCOPE.accountId}:notebook-instance/${name}`,
  configurationItemStatus: 'OK',
});

/** Serves the AI query over two pages and the bucket query over one. */
function answerQueries(): void {
  config.on(SelectResourceConfigCommand).callsFake((input: { Expression: string; NextToken?: string }) => {
    if (input.Expression === QUERIES[1]) return { Results: [JSON.stringify(bucketItem('acme-claims-training'))] };
    return input.NextToken === undefined
      ? { Results: [JSON.stringify(notebook('a'))], NextToken: 'page-1' }
      : { Results: [JSON.stringify(notebook('b'))] };
  });
}

describe('config.ai-resources collector', () => {
  it('queries AI resource types and tagged buckets over every page, one record per configuration item', async () => {
    // Prepare
    answerQueries();
    // Act
    const result = await configAiResources.collect(mockedContext());
    // Assess
    expect(QUERIES[1]).toContain("tags.tag = 'ai-evidence:data-classification=training-data'");
    expect(QUERIES[0]).toContain("'AWS::SageMaker::NotebookInstance'");
    expect(config).toReceiveCommandTimes(SelectResourceConfigCommand, 3);
    expect(config).toReceiveCommandWith(SelectResourceConfigCommand, { Expression: QUERIES[0], Limit: 100 });
    expect(config).not.toReceiveCommand(SelectAggregateResourceConfigCommand);
    expect(result.records.map((r) => [r.resource.type, r.resource.id])).toEqual([
      ['AWS::SageMaker::NotebookInstance', notebook('a').arn],
      ['AWS::SageMaker::NotebookInstance', notebook('b').arn],
      ['AWS::S3::Bucket', 'arn:aws:s3:::acme-claims-training'],
    ]);
    expect(result.records[2]?.data).toEqual(bucketItem('acme-claims-training'));
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3, errors: [] });
  });

  it('also queries the aggregator the settings name, and skips it where it does not exist', async () => {
    // Prepare
    answerQueries();
    const settings = { configAggregator: 'acme-org' };
    config
      .on(SelectAggregateResourceConfigCommand)
      .resolvesOnce({ Results: [JSON.stringify(notebook('other-account'))] })
      .resolves({ Results: [] });
    // Act
    const here = await configAiResources.collect({ ...mockedContext(), settings });
    config
      .on(SelectAggregateResourceConfigCommand)
      .rejects(awsError('NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist.'));
    const elsewhere = await configAiResources.collect({ ...mockedContext(), settings });
    // Assess
    expect(config).toReceiveCommandWith(SelectAggregateResourceConfigCommand, {
      ConfigurationAggregatorName: 'acme-org',
      Expression: QUERIES[0],
    });
    expect(here.records.filter((r) => r.source.operation === 'SelectAggregateResourceConfig')).toHaveLength(1);
    expect(elsewhere.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
  });

  it('turns AccessDenied on a query into FAILED coverage and keeps the other query', async () => {
    config.on(SelectResourceConfigCommand).callsFake((input: { Expression: string }) => {
      if (input.Expression === QUERIES[0])
        throw awsError('AccessDeniedException', 'User is not authorized to perform: config:SelectResourceConfig');
      return { Results: [JSON.stringify(bucketItem('b'))] };
    });
    const result = await configAiResources.collect(mockedContext());
    expect(result.records).toHaveLength(1);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'SelectResourceConfig', kind: 'ACCESS_DENIED' }] });
  });

  it.each([
    ['a result that is not JSON', '{"resourceType":'],
    ['a result without resourceId', JSON.stringify({ resourceType: 'AWS::S3::Bucket' })],
  ])('turns %s into INVALID_RESPONSE coverage', async (_case, text) => {
    config.on(SelectResourceConfigCommand).resolves({ Results: [text] });
    const result = await configAiResources.collect(mockedContext());
    expect(result.coverage.errors[0]).toMatchObject({ operation: 'SelectResourceConfig', kind: 'INVALID_RESPONSE' });
  });
});
