import { KNOWLEDGE_BASE_VECTOR_STORES, VECTOR_STORE_TYPE } from '../collectors/bedrock-knowledge-base-vector-stores.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { asFields, textField } from './bedrock.js';
import { perResource, type Verdict } from './per-resource.js';

function judge(record: EvidenceRecord): Verdict {
  const what = `The vector store of Amazon Bedrock knowledge base ${String(record.data.name ?? record.resource.id)}`;
  const type = record.data.storageType;
  const store = asFields(record.data.store);
  if (type === 'OPENSEARCH_SERVERLESS') {
    if (store === undefined) return { status: 'INSUFFICIENT_EVIDENCE', reason: `${what} (OpenSearch Serverless) was not read.` };
    if (store.missing === true) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `${what} names OpenSearch Serverless collection ${String(store.collectionArn)}, which BatchGetCollection did not return.`,
      };
    }
    const key = textField(store, 'kmsKeyArn');
    const name = `OpenSearch Serverless collection ${String(store.name ?? store.id)}`;
    if (key === undefined) return { status: 'INSUFFICIENT_EVIDENCE', reason: `${what}, ${name}, was returned without its kmsKeyArn.` };
    if (key === 'auto') {
      return {
        status: 'FAIL',
        reason: `${what}, ${name}, is encrypted with an AWS owned key (kmsKeyArn auto); give the collection an encryption policy with a customer managed key.`,
      };
    }
    return { status: 'PASS', reason: `${what}, ${name}, is encrypted with the customer managed key ${key}.` };
  }
  if (type === 'RDS') {
    if (store === undefined) return { status: 'INSUFFICIENT_EVIDENCE', reason: `${what} (Aurora) was not read.` };
    const name = `Aurora cluster ${String(store.DBClusterIdentifier ?? store.DBClusterArn)}`;
    if (store.StorageEncrypted === false) return { status: 'FAIL', reason: `${what}, ${name}, is not encrypted at rest.` };
    if (store.StorageEncrypted !== true)
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `${what}, ${name}, was returned without StorageEncrypted.` };
    const manager = asFields(record.data.key)?.KeyManager;
    if (manager === 'CUSTOMER')
      return { status: 'PASS', reason: `${what}, ${name}, is encrypted with the customer managed key ${String(store.KmsKeyId)}.` };
    if (manager === 'AWS') {
      return {
        status: 'FAIL',
        reason: `${what}, ${name}, is encrypted with the AWS managed key ${String(store.KmsKeyId)}, not a customer managed key.`,
      };
    }
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `${what}, ${name}, is encrypted with ${String(store.KmsKeyId)}, whose manager was not read.`,
    };
  }
  return {
    status: 'INSUFFICIENT_EVIDENCE',
    reason: `${what} is of type ${String(type)}, whose encryption ai-evidence does not read (a third-party or unsupported store): check it in that service.`,
  };
}

/** The knowledge base's vector store (OpenSearch Serverless collection or Aurora cluster) is encrypted with a customer managed key. */
export const control = perResource(
  {
    id: 'bedrock_knowledge_base_vector_store_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock knowledge base vector stores are encrypted with a customer managed KMS key',
    rationale:
      'The vector store holds every chunk of the documents a knowledge base was built from, in text beside its embedding: what the data source’s encryption protects in S3 is copied there. An OpenSearch Serverless collection under an AWS owned key, or an Aurora cluster under the AWS managed key, cannot be put under a key policy the organization controls, audited per use in CloudTrail or revoked, and an unencrypted Aurora cluster is not protected at rest at all. Stores outside AWS (Pinecone, Redis Enterprise Cloud, MongoDB Atlas) and those ai-evidence does not read are INSUFFICIENT_EVIDENCE, to be checked in their service.',
    severity: 'MEDIUM',
    remediation:
      'For OpenSearch Serverless, create the collection under an encryption policy naming a customer managed KMS key (a collection’s key cannot change: create a new collection, point the knowledge base at it and re-ingest). For Aurora, restore an encrypted copy of the cluster with a customer managed key and point the knowledge base at it. Let the knowledge base role use the key.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MANAGE 2.4'],
    iso42001: ['A.7.2'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: ['rds-storage-encrypted'],
    collectors: [KNOWLEDGE_BASE_VECTOR_STORES],
    resourceType: VECTOR_STORE_TYPE,
  },
  { collector: KNOWLEDGE_BASE_VECTOR_STORES, noun: 'Bedrock knowledge bases', check: judge },
);
