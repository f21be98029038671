import { GetKnowledgeBaseCommand } from '@aws-sdk/client-bedrock-agent';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { BatchGetCollectionCommand } from '@aws-sdk/client-opensearchserverless';
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { knowledgeBaseListing } from './bedrock-knowledge-bases.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { DESCRIBE_CONCURRENCY, listAll, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const KNOWLEDGE_BASE_VECTOR_STORES = 'bedrock.knowledge-base-vector-stores';
export const VECTOR_STORE_TYPE = 'AWS::Bedrock::KnowledgeBase';

/** The vector stores whose encryption the collector reads; the others are recorded with no store. */
export const READ_STORES = ['OPENSEARCH_SERVERLESS', 'RDS'] as const;

/** What the collector reads of one knowledge base's store; `at` names the operation under way, for coverage errors. */
async function readStore(
  ctx: CollectorContext,
  storage: Record<string, unknown>,
  at: { operation: string },
): Promise<{ store: object | null; key?: object }> {
  const type = storage.type;
  if (type === 'OPENSEARCH_SERVERLESS') {
    const arn = text((storage.opensearchServerlessConfiguration as Record<string, unknown> | undefined)?.collectionArn);
    const id = arn?.split('/').pop();
    if (id === undefined || id === '')
      throw new InvalidResponseError('GetKnowledgeBase returned an OpenSearch Serverless store without its collectionArn.');
    at.operation = 'BatchGetCollection';
    const answer = await ctx.clients.client('aoss', ctx.region).send(new BatchGetCollectionCommand({ ids: [id] }));
    const found = (answer.collectionDetails ?? []).find((c) => c.id === id || c.arn === arn);
    return {
      store:
        found === undefined ? { missing: true, collectionArn: arn, collectionErrorDetails: answer.collectionErrorDetails ?? [] } : found,
    };
  }
  if (type === 'RDS') {
    const arn = text((storage.rdsConfiguration as Record<string, unknown> | undefined)?.resourceArn);
    if (arn === undefined) throw new InvalidResponseError('GetKnowledgeBase returned an RDS store without its resourceArn.');
    at.operation = 'DescribeDBClusters';
    const answer = await ctx.clients.client('rds', ctx.region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: arn }));
    const cluster = answer.DBClusters?.[0];
    if (cluster === undefined) throw new InvalidResponseError(`DescribeDBClusters returned no cluster for ${arn}.`);
    const store = {
      DBClusterArn: cluster.DBClusterArn,
      DBClusterIdentifier: cluster.DBClusterIdentifier,
      Engine: cluster.Engine,
      StorageEncrypted: cluster.StorageEncrypted,
      KmsKeyId: cluster.KmsKeyId,
    };
    if (cluster.StorageEncrypted !== true || typeof cluster.KmsKeyId !== 'string') return { store };
    at.operation = 'DescribeKey';
    const key = await ctx.clients.client('kms', ctx.region).send(new DescribeKeyCommand({ KeyId: cluster.KmsKeyId }));
    const meta = key.KeyMetadata;
    return {
      store,
      key: { KeyId: meta?.KeyId, Arn: meta?.Arn, KeyManager: meta?.KeyManager, KeyState: meta?.KeyState },
    };
  }
  return { store: null };
}

/**
 * Where each knowledge base keeps its vectors and how that store is encrypted at rest: ListKnowledgeBases,
 * GetKnowledgeBase, then for an OpenSearch Serverless collection BatchGetCollection (its kmsKeyArn,
 * `auto` for an AWS owned key) and for an Aurora (RDS) cluster DescribeDBClusters and, for its key,
 * KMS DescribeKey (who manages it). One record per knowledge base `{ knowledgeBaseArn, storageType,
 * store, key }`; a store of another type (a third-party service, OpenSearch managed clusters, Neptune
 * Analytics) is recorded with `store: null`, for the control to say it was not read.
 */
export const bedrockKnowledgeBaseVectorStores: Collector = {
  id: KNOWLEDGE_BASE_VECTOR_STORES,
  service: 'bedrock-agent',
  description:
    'The vector stores of Amazon Bedrock knowledge bases and their encryption at rest (OpenSearch Serverless collections, Aurora clusters and their KMS keys).',
  actions: [
    'bedrock:ListKnowledgeBases',
    'bedrock:GetKnowledgeBase',
    'aoss:BatchGetCollection',
    'rds:DescribeDBClusters',
    'kms:DescribeKey',
  ],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('bedrock-agent', ctx.region);
    const errors: CoverageError[] = [];
    const listed = await listAll(client, ctx, knowledgeBaseListing, errors);
    const read = await mapWithConcurrency(listed, DESCRIBE_CONCURRENCY, async (item): Promise<EvidenceRecord | undefined> => {
      const at = { operation: 'GetKnowledgeBase' };
      try {
        const answer = await client.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: item.key }));
        const kb = answer.knowledgeBase;
        const arn = text(kb?.knowledgeBaseArn);
        if (kb === undefined || arn === undefined)
          throw new InvalidResponseError(`GetKnowledgeBase for ${item.resourceId} returned no knowledgeBaseArn.`);
        const storage = (kb.storageConfiguration ?? {}) as Record<string, unknown>;
        const { store, key } = await readStore(ctx, storage, at);
        return governanceRecord(ctx, {
          collector: KNOWLEDGE_BASE_VECTOR_STORES,
          service: 'bedrock-agent',
          operation: at.operation,
          resource: { type: VECTOR_STORE_TYPE, id: arn },
          data: { knowledgeBaseArn: arn, name: kb.name, storageType: storage.type, storageConfiguration: storage, store, key },
        });
      } catch (error) {
        errors.push(coverageError(at.operation, error, item.resourceId));
        return undefined;
      }
    });
    return collectorResult(
      KNOWLEDGE_BASE_VECTOR_STORES,
      ctx,
      read.filter((r): r is EvidenceRecord => r !== undefined),
      errors,
    );
  },
};
