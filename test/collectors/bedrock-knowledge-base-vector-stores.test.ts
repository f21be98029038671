/** The knowledge base vector store collector, with aws-sdk-client-mock answers for Bedrock Agents, OpenSearch Serverless, RDS and KMS. */
import 'aws-sdk-client-mock-vitest/extend';
import { BedrockAgentClient, GetKnowledgeBaseCommand, ListKnowledgeBasesCommand } from '@aws-sdk/client-bedrock-agent';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { BatchGetCollectionCommand, OpenSearchServerlessClient } from '@aws-sdk/client-opensearchserverless';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockKnowledgeBaseVectorStores } from '../../lib/collectors/bedrock-knowledge-base-vector-stores.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';

const agent = mockClient(BedrockAgentClient);
const aoss = mockClient(OpenSearchServerlessClient);
const rds = mockClient(RDSClient);
const kms = mockClient(KMSClient);
const all = [agent, aoss, rds, kms];
beforeEach(() => {
  for (const m of all) m.reset();
});
afterAll(() => {
  for (const m of all) m.restore();
});
const kb = (id: string, storageConfiguration: Record<string, unknown>) => ({
  knowledgeBase: {
    knowledgeBaseId: id,
    name: `kb-${id}`,
    knowledgeBaseArn: `arn:aws:bedrock:${SCOPE.region}:${SCOPE.accountId}:knowledge-base/${id}`,
    storageConfiguration,
  },
});

describe('bedrock.knowledge-base-vector-stores', () => {
  it('reads each store by its type and keeps one record per knowledge base', async () => {
    agent.on(ListKnowledgeBasesCommand).resolves({
      knowledgeBaseSummaries: [{ knowledgeBaseId: 'KBAOSS' }, { knowledgeBaseId: 'KBRDS' }, { knowledgeBaseId: 'KBPINE' }],
    } as never);
    agent
      .on(GetKnowledgeBaseCommand, { knowledgeBaseId: 'KBAOSS' })
      .resolves(
        kb('KBAOSS', {
          type: 'OPENSEARCH_SERVERLESS',
          opensearchServerlessConfiguration: { collectionArn: `arn:aws:aoss:${SCOPE.region}:${SCOPE.accountId}:collection/coll1` },
        }) as never,
      )
      .on(GetKnowledgeBaseCommand, { knowledgeBaseId: 'KBRDS' })
      .resolves(kb('KBRDS', { type: 'RDS', rdsConfiguration: { resourceArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:kb' } }) as never)
      .on(GetKnowledgeBaseCommand, { knowledgeBaseId: 'KBPINE' })
      .resolves(kb('KBPINE', { type: 'PINECONE' }) as never);
    aoss.on(BatchGetCollectionCommand, { ids: ['coll1'] }).resolves({ collectionDetails: [{ id: 'coll1', kmsKeyArn: 'auto' }] });
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'kb',
          StorageEncrypted: true,
          KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k1',
          Engine: 'aurora-postgresql',
        },
      ],
    });
    kms
      .on(DescribeKeyCommand, { KeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k1' })
      .resolves({ KeyMetadata: { KeyId: 'k1', KeyManager: 'CUSTOMER' } });
    const result = await bedrockKnowledgeBaseVectorStores.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3 });
    const byId = Object.fromEntries(result.records.map((r) => [String(r.data.name), r]));
    expect(byId['kb-KBAOSS']).toMatchObject({ source: { operation: 'BatchGetCollection' }, data: { store: { kmsKeyArn: 'auto' } } });
    expect(byId['kb-KBRDS']).toMatchObject({
      source: { operation: 'DescribeKey' },
      data: { store: { StorageEncrypted: true }, key: { KeyManager: 'CUSTOMER' } },
    });
    expect(byId['kb-KBPINE']?.data).toMatchObject({ storageType: 'PINECONE', store: null });
  });

  it('names the knowledge base and the operation when its store cannot be read', async () => {
    agent.on(ListKnowledgeBasesCommand).resolves({ knowledgeBaseSummaries: [{ knowledgeBaseId: 'KBRDS' }] } as never);
    agent
      .on(GetKnowledgeBaseCommand)
      .resolves(kb('KBRDS', { type: 'RDS', rdsConfiguration: { resourceArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:kb' } }) as never);
    rds.on(DescribeDBClustersCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const result = await bedrockKnowledgeBaseVectorStores.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'DescribeDBClusters', kind: 'ACCESS_DENIED', resourceId: expect.stringContaining('knowledge-base/KBRDS') }],
    });
  });
});
