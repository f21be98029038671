import { asFields, cmkVerdict, dataSourceControl, malformed, textField } from './bedrock.js';

/** A knowledge base data source encrypts its transient ingestion data with a customer managed KMS key (Security Hub Bedrock.1). */
export const control = dataSourceControl(
  {
    id: 'bedrock_knowledge_base_data_source_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock knowledge base data sources are encrypted with a customer managed KMS key',
    rationale:
      "While a knowledge base ingests a data source, Bedrock keeps the documents and their chunks as transient data. These are the organisation's own documents; a customer managed key puts them under a key policy the organisation controls, audits and can revoke.",
    severity: 'MEDIUM',
    remediation:
      'Set serverSideEncryptionConfiguration.kmsKeyArn of the data source to a customer managed KMS key (UpdateDataSource, or the console under Advanced settings) whose policy allows the knowledge base service role, then sync the data source again.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.10', 'MEASURE 2.7'],
    iso42001: ['A.7.2', 'A.4.3'],
    aiLayers: ['input'],
    securityHubControls: ['Bedrock.1'],
    configRules: ['bedrock-data-source-encryption-enabled'],
  },
  (source, name) => {
    const what = `Amazon Bedrock knowledge base data source ${name} (knowledge base ${String(source.knowledgeBaseId)})`;
    const container = source.serverSideEncryptionConfiguration;
    const sse = asFields(container);
    if (container !== undefined && container !== null && sse === undefined) return malformed(what, 'serverSideEncryptionConfiguration');
    return cmkVerdict(what, textField(sse, 'kmsKeyArn'), sse?.kmsKeyArn);
  },
);
