import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_BASE_VECTOR_STORES, VECTOR_STORE_TYPE } from '../../lib/collectors/bedrock-knowledge-base-vector-stores.js';
import { control } from '../../lib/controls/bedrock_knowledge_base_vector_store_encrypted_with_cmk.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { makeEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { keyArn, knowledgeBaseArn } from '../fixtures/bedrock.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { COLLECTED_AT, complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';

const vectorStore = (id: string, storageType: string, store: unknown, key?: unknown, scope: Scope = SCOPE) =>
  sealEvidence(
    makeEvidence({
      accountId: scope.accountId,
      region: scope.region,
      source: { collector: KNOWLEDGE_BASE_VECTOR_STORES, service: 'bedrock-agent', operation: 'BatchGetCollection' },
      resource: { type: VECTOR_STORE_TYPE, id: knowledgeBaseArn(id, scope) },
      collectedAt: COLLECTED_AT,
      data: { knowledgeBaseArn: knowledgeBaseArn(id, scope), name: `kb-${id}`, storageType, store, key },
    }),
  );
const collection = (kmsKeyArn: unknown) => ({ id: 'kbcoll01', name: 'policy-kb', status: 'ACTIVE', kmsKeyArn });
const cluster = (encrypted: unknown) => ({ DBClusterIdentifier: 'kb-aurora', StorageEncrypted: encrypted, KmsKeyId: keyArn() });

describe('bedrock_knowledge_base_vector_store_encrypted_with_cmk', () => {
  it.each<[string, ReturnType<typeof vectorStore>, string, string]>([
    [
      '#1 a collection under a customer managed key',
      vectorStore('KB1', 'OPENSEARCH_SERVERLESS', collection(keyArn())),
      'PASS',
      'customer managed key',
    ],
    [
      '#2 an Aurora cluster under a customer managed key',
      vectorStore('KB1', 'RDS', cluster(true), { KeyManager: 'CUSTOMER' }),
      'PASS',
      'Aurora cluster kb-aurora',
    ],
    ['#3 a collection under an AWS owned key', vectorStore('KB1', 'OPENSEARCH_SERVERLESS', collection('auto')), 'FAIL', 'AWS owned key'],
    ['#4 an unencrypted Aurora cluster', vectorStore('KB1', 'RDS', cluster(false)), 'FAIL', 'not encrypted at rest'],
    [
      '#5 an Aurora cluster under the AWS managed key',
      vectorStore('KB1', 'RDS', cluster(true), { KeyManager: 'AWS' }),
      'FAIL',
      'AWS managed key',
    ],
    ['#6 a third-party store', vectorStore('KB1', 'PINECONE', null), 'INSUFFICIENT_EVIDENCE', 'PINECONE'],
    [
      '#7 a collection BatchGetCollection did not return',
      vectorStore('KB1', 'OPENSEARCH_SERVERLESS', { missing: true, collectionArn: 'arn:x' }),
      'INSUFFICIENT_EVIDENCE',
      'did not return',
    ],
    [
      '#8 a collection without its key field',
      vectorStore('KB1', 'OPENSEARCH_SERVERLESS', collection(undefined)),
      'INSUFFICIENT_EVIDENCE',
      'kmsKeyArn',
    ],
    [
      '#9 an encrypted cluster whose key was not described',
      vectorStore('KB1', 'RDS', cluster(true)),
      'INSUFFICIENT_EVIDENCE',
      'manager was not read',
    ],
  ])('%s is %s', (_case, evidence, status, words) => {
    const findings = judge(control, { evidence: [evidence], coverage: [complete(KNOWLEDGE_BASE_VECTOR_STORES, 1)] });
    expect(findings).toEqual([expect.objectContaining({ status, evidence: [digestOf(evidence)] })]);
    expect(findings[0]?.reason).toContain(words);
  });

  describeSharedCases({
    control,
    collector: KNOWLEDGE_BASE_VECTOR_STORES,
    resourceType: VECTOR_STORE_TYPE,
    listOperation: 'ListKnowledgeBases',
    describeOperation: 'GetKnowledgeBase',
    compliant: (scope, n) => vectorStore(`KB${n}`, 'OPENSEARCH_SERVERLESS', collection(keyArn(scope)), undefined, scope),
    scopeResourceId: regionResourceId,
  });
});
