import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_invocation_log_bucket_encrypted_with_cmk.js';
import { BUCKET_TYPE, BUCKETS_COLLECTOR, bucketEncryption, bucketEvidence, bucketId, CMK_ARN } from '../fixtures/bedrock-destinations.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import {
  accessDenied,
  complete,
  digestOf,
  failed,
  findingFor,
  judge,
  OTHER_SCOPE,
  partial,
  SCOPE,
  throttled,
} from '../fixtures/evidence.js';

const judgeBuckets = (...buckets: ReturnType<typeof bucketEvidence>[]) =>
  judge(control, { evidence: buckets, coverage: [complete(BUCKETS_COLLECTOR, buckets.length)] });

describe('bedrock_invocation_log_bucket_encrypted_with_cmk', () => {
  it('#1 compliant: SSE-KMS with a customer managed key is PASS, citing the bucket and naming the key', () => {
    // Prepare
    const evidence = bucketEvidence('acme-bedrock-logs', bucketEncryption('aws:kms', CMK_ARN));
    // Act
    const finding = findingFor(judgeBuckets(evidence), bucketId('acme-bedrock-logs'));
    // Assess
    expect(finding).toMatchObject({ status: 'PASS', resource: { type: BUCKET_TYPE } });
    expect(finding.reason).toContain(CMK_ARN);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#2 compliant: dual-layer SSE-KMS (aws:kms:dsse) with a customer managed key alias is PASS', () => {
    // Act
    const [finding] = judgeBuckets(bucketEvidence('b', bucketEncryption('aws:kms:dsse', 'alias/acme-bedrock-logs')));
    // Assess
    expect(finding?.status).toBe('PASS');
  });

  it.each([
    ['SSE-S3 (AES256)', bucketEncryption('AES256'), 'AES256'],
    ['SSE-KMS without a key id, which is the AWS managed aws/s3 key', bucketEncryption('aws:kms'), 'aws/s3'],
    ['SSE-KMS with the alias aws/s3', bucketEncryption('aws:kms', 'alias/aws/s3'), 'aws/s3'],
    ['SSE-KMS with the alias ARN of aws/s3', bucketEncryption('aws:kms', 'arn:aws:kms:eu-west-1:111122223333:alias/aws/s3'), 'aws/s3'],
  ])('#3 non-compliant: %s is FAIL', (_case, data, named) => {
    // Prepare
    const evidence = bucketEvidence('acme-bedrock-logs', data);
    // Act
    const [finding] = judgeBuckets(evidence);
    // Assess
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain(named);
    expect(finding?.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['no ServerSideEncryptionConfiguration', {}],
    ['an empty list of rules', { ServerSideEncryptionConfiguration: { Rules: [] } }],
    ['Rules that is not a list', { ServerSideEncryptionConfiguration: { Rules: 'AES256' } }],
    ['a rule without its SSEAlgorithm', { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: {} }] } }],
  ])('#4 gives INSUFFICIENT_EVIDENCE, never PASS, for an answer with %s', (_case, data) => {
    // Act
    const [finding] = judgeBuckets(bucketEvidence('acme-bedrock-logs', data));
    // Assess
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#5 not applicable: a region read completely without a log bucket (logging off, or to CloudWatch only)', () => {
    // Act
    const findings = judge(control, { coverage: [complete(BUCKETS_COLLECTOR, 0)] });
    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } }),
    ]);
  });

  it.each([
    ['access to the logging configuration is denied', accessDenied('GetModelInvocationLoggingConfiguration')],
    ['the logging configuration read is throttled', throttled('GetModelInvocationLoggingConfiguration')],
  ])('#6 gives INSUFFICIENT_EVIDENCE for the region when %s', (_case, error) => {
    // Act
    const findings = judge(control, { coverage: [failed(BUCKETS_COLLECTOR, error)] });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
    expect(findings[0]?.reason).toContain(error.code);
  });

  it('#7 gives INSUFFICIENT_EVIDENCE for a bucket whose encryption could not be read, and judges the bucket that was read', () => {
    // Prepare
    const read = bucketEvidence('acme-bedrock-large', bucketEncryption('AES256'));
    const coverage = partial(BUCKETS_COLLECTOR, [accessDenied('GetBucketEncryption', bucketId('acme-bedrock-logs'))], 1);
    // Act
    const findings = judge(control, { evidence: [read], coverage: [coverage] });
    // Assess
    expect(findings).toHaveLength(2);
    expect(findingFor(findings, bucketId('acme-bedrock-logs')).status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findingFor(findings, bucketId('acme-bedrock-large')).status).toBe('FAIL');
  });

  it('#8 gives INSUFFICIENT_EVIDENCE where the collector never ran, and judges the regions it read', () => {
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [bucketEvidence('acme-bedrock-logs', bucketEncryption('AES256'))],
      coverage: [complete(BUCKETS_COLLECTOR, 1)],
    });
    // Assess
    expect(findingFor(findings, bucketId('acme-bedrock-logs')).status).toBe('FAIL');
    expect(findingFor(findings, regionResourceId(OTHER_SCOPE))).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE' });
    expect(findingFor(findings, regionResourceId(OTHER_SCOPE)).reason).toContain(BUCKETS_COLLECTOR);
  });
});
