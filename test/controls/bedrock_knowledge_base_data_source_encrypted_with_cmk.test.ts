import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_knowledge_base_data_source_encrypted_with_cmk.js';
import { DATA_SOURCE_COLLECTOR, dataSourceEvidence, dataSourceFields, dataSourceSubject, judgeOne, keyArn } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, judge } from '../fixtures/evidence.js';

/** The GetDataSource answer of a compliant answer, with the key field set (or, for `undefined`, left out as the API does). */
const judgeKey = (key: unknown) => {
  const evidence = dataSourceEvidence({
    dataSource: dataSourceFields('KBPOLICIES', 'DSHANDBOOK', {
      serverSideEncryptionConfiguration: key === undefined ? undefined : { kmsKeyArn: key },
    }),
  });
  return { evidence, finding: judgeOne(control, DATA_SOURCE_COLLECTOR, evidence) };
};

describe('bedrock_knowledge_base_data_source_encrypted_with_cmk', () => {
  it('#1 compliant: a customer managed key ARN is PASS, and the reason names the key', () => {
    // Act
    const { evidence, finding } = judgeKey(keyArn());
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(keyArn());
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#2 non-compliant: no key in the answer (AWS owned key)', undefined],
    ['#3 non-compliant: an empty key', ''],
  ])('%s is FAIL and names the resource', (_case, key) => {
    // Act
    const { finding } = judgeKey(key);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('source-DSHANDBOOK');
    expect(finding.reason).toContain('AWS owned key');
  });

  it('#4 gives INSUFFICIENT_EVIDENCE, not PASS, for a key field that is not a string', () => {
    // Act
    const { finding } = judgeKey({ arn: keyArn() });
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#5 is NOT_APPLICABLE in a region read completely that has none', () => {
    // Act
    const findings = judge(control, { coverage: [complete(DATA_SOURCE_COLLECTOR, 0)] });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  describeSharedCases(dataSourceSubject(control));
});

describe('bedrock_knowledge_base_data_source_encrypted_with_cmk, the encryption setting itself', () => {
  it('is FAIL for a serverSideEncryptionConfiguration without a key', () => {
    // Act
    const evidence = dataSourceEvidence({ dataSource: dataSourceFields('KB1', 'DS1', { serverSideEncryptionConfiguration: {} }) });
    const finding = judgeOne(control, DATA_SOURCE_COLLECTOR, evidence);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('knowledge base KB1');
  });

  it('is INSUFFICIENT_EVIDENCE for a serverSideEncryptionConfiguration that is not an object', () => {
    // Act
    const evidence = dataSourceEvidence({ dataSource: dataSourceFields('KB1', 'DS1', { serverSideEncryptionConfiguration: 'aws:kms' }) });
    const finding = judgeOne(control, DATA_SOURCE_COLLECTOR, evidence);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('is INSUFFICIENT_EVIDENCE for a GetDataSource answer without its dataSource', () => {
    // Act
    const evidence = dataSourceEvidence({ dataSource: dataSourceFields('KB1', 'DS1') });
    const stripped = { ...evidence, record: { ...evidence.record, data: {} } };
    const [finding] = judge(control, { evidence: [stripped], coverage: [complete(DATA_SOURCE_COLLECTOR, 1)] });
    // Assess
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('no dataSource');
  });
});
