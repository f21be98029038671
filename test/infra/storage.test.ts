import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DENIED_EVIDENCE_ACTIONS, KEY_ADMIN_ACTIONS } from '../../infra/storage.js';
import { actionsOf, logicalIdOf, type Synthesized, synthesize } from './synth.js';

// A synth takes a second or two, several under load: more than vitest's default 5 s and 10 s allow.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

type Json = Record<string, unknown>;

let synth: Synthesized;
let template: Template;
let ids: {
  evidence: string;
  staging: string;
  exportBucket: string;
  attestations: string;
  logs: string;
  signingKey: string;
  dataKey: string;
  sealRole: string;
};

beforeAll(() => {
  synth = synthesize();
  template = synth.evidenceTemplate;
  const { storage } = synth.evidence;
  const id = (c: { node: { defaultChild?: unknown } }) => logicalIdOf(c, synth.evidence);
  ids = {
    evidence: id(storage.evidenceBucket),
    staging: id(storage.stagingBucket),
    exportBucket: id(storage.exportBucket),
    attestations: id(storage.attestationsBucket),
    logs: id(storage.accessLogBucket),
    signingKey: id(storage.signingKey),
    dataKey: id(storage.dataKey),
    sealRole: id(synth.evidence.evaluateAndSeal.role),
  };
});

function bucket(logicalId: string): Json {
  const found = template.findResources('AWS::S3::Bucket')[logicalId];
  if (!found) throw new Error(`No bucket ${logicalId}.`);
  return found as Json;
}

function bucketPolicyStatements(bucketLogicalId: string): Json[] {
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
    (p) => (p.Properties.Bucket as { Ref: string }).Ref === bucketLogicalId,
  );
  const [policy] = policies;
  if (policies.length !== 1 || !policy) throw new Error(`Expected one bucket policy of ${bucketLogicalId}, found ${policies.length}.`);
  return (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement;
}

function keyPolicy(logicalId: string): Json[] {
  const key = template.findResources('AWS::KMS::Key')[logicalId];
  if (!key) throw new Error(`No key ${logicalId}.`);
  return (key.Properties.KeyPolicy as { Statement: Json[] }).Statement;
}

describe('the evidence bucket', () => {
  it('has Object Lock with COMPLIANCE default retention of the configured days, and versioning', () => {
    const props = bucket(ids.evidence).Properties as Json;
    expect(props.ObjectLockEnabled).toBe(true);
    expect(props.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
    });
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('takes its retention from the retentionDays context', () => {
    const other = synthesize({ retentionDays: '30' });
    other.evidenceTemplate.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } },
    });
  });

  it('is encrypted with the data key, blocks public access, logs access and is retained when the stack goes', () => {
    const resource = bucket(ids.evidence);
    const props = resource.Properties as Json;
    expect(props.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [ids.dataKey, 'Arn'] } },
        },
      ],
    });
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: ids.logs }, LogFilePrefix: 'evidence/' });
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });

  it('refuses every request without TLS, and TLS older than 1.2', () => {
    const statements = bucketPolicyStatements(ids.evidence);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    );
  });

  it('denies deleting objects, versions and the bucket, and lifecycle rules, to every principal', () => {
    const deny = bucketPolicyStatements(ids.evidence).find((s) => s.Sid === 'DenyDeletingEvidence');
    expect(deny).toBeDefined();
    expect(deny?.Effect).toBe('Deny');
    expect(deny?.Principal).toEqual({ AWS: '*' });
    expect(deny?.Condition).toBeUndefined();
    expect(actionsOf(deny as Json).sort()).toEqual([...DENIED_EVIDENCE_ACTIONS].sort());
    expect(actionsOf(deny as Json)).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion']));
    expect(deny?.Resource).toEqual([
      { 'Fn::GetAtt': [ids.evidence, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.evidence, 'Arn'] }, '/*']] },
    ]);
  });

  it('allows no principal anything in its bucket policy', () => {
    const allows = bucketPolicyStatements(ids.evidence).filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([]);
  });
});

describe('the staging, export and access log buckets', () => {
  it('expire staged records and exported bundles after the configured days', () => {
    for (const [id, prefix] of [
      [ids.staging, 'staging/'],
      [ids.exportBucket, 'export/'],
    ] as const) {
      const props = bucket(id).Properties as Json;
      expect(props.LifecycleConfiguration).toEqual({
        Rules: [
          expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 7, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        ],
      });
      expect(props.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: ids.logs }, LogFilePrefix: prefix });
      expect(JSON.stringify(props.BucketEncryption)).toContain(ids.dataKey);
    }
    const other = synthesize({ stagingExpirationDays: 2, exportExpirationDays: 1 });
    const days = Object.values(other.evidenceTemplate.findResources('AWS::S3::Bucket')).map((b) =>
      ((b.Properties.LifecycleConfiguration as { Rules: { ExpirationInDays?: number }[] } | undefined)?.Rules ?? []).map(
        (r) => r.ExpirationInDays,
      ),
    );
    expect(days.flat()).toEqual(expect.arrayContaining([2, 1]));
  });

  it('every bucket blocks public access and refuses plain HTTP; only the access log and attestations buckets use S3-managed keys', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets).sort()).toEqual([ids.evidence, ids.staging, ids.exportBucket, ids.attestations, ids.logs].sort());
    for (const [id, b] of Object.entries(buckets)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucketPolicyStatements(id)).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const algorithm = (
        b.Properties.BucketEncryption as {
          ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { SSEAlgorithm: string } }[];
        }
      ).ServerSideEncryptionConfiguration[0]?.ServerSideEncryptionByDefault.SSEAlgorithm;
      expect(algorithm).toBe(id === ids.logs || id === ids.attestations ? 'AES256' : 'aws:kms');
    }
  });

  it('the access log bucket lets only the S3 logging service write, for the four logged buckets of this account', () => {
    const writes = bucketPolicyStatements(ids.logs).filter((s) => s.Effect === 'Allow');
    expect(writes.length).toBeGreaterThan(0);
    const sources = new Set<string>();
    for (const write of writes) {
      expect(write).toMatchObject({ Action: 's3:PutObject', Principal: { Service: 'logging.s3.amazonaws.com' } });
      const condition = JSON.stringify(write.Condition);
      expect(condition).toContain('"aws:SourceAccount"');
      for (const id of [ids.evidence, ids.staging, ids.exportBucket, ids.attestations]) if (condition.includes(`"${id}"`)) sources.add(id);
    }
    expect([...sources].sort()).toEqual([ids.evidence, ids.staging, ids.exportBucket, ids.attestations].sort());
  });
});

describe('the attestations bucket', () => {
  it('is versioned, blocks public access, is encrypted, logs access and is retained when the stack goes; nothing expires', () => {
    const resource = bucket(ids.attestations);
    const props = resource.Properties as Json;
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(props.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: ids.logs }, LogFilePrefix: 'attestations/' });
    expect(props.LifecycleConfiguration).toBeUndefined();
    expect(props.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });

  it('refuses plain HTTP and TLS older than 1.2, and its policy allows nobody anything', () => {
    const statements = bucketPolicyStatements(ids.attestations);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    );
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });

  it('is named by a stack output', () => {
    template.hasOutput('AttestationsBucketName', { Value: { Ref: ids.attestations } });
  });
});

describe('the KMS keys', () => {
  it('the signing key is ECC_NIST_P256 for SIGN_VERIFY, kept for 30 days after a deletion is asked and retained with the stack', () => {
    const key = template.findResources('AWS::KMS::Key')[ids.signingKey] as Json;
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PendingWindowInDays: 30 });
    expect((key.Properties as Json).EnableKeyRotation).not.toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('the data key is a symmetric ENCRYPT_DECRYPT key with rotation', () => {
    const key = template.findResources('AWS::KMS::Key')[ids.dataKey] as Json;
    const props = key.Properties as Json;
    expect(props.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    expect(props.KeyUsage ?? 'ENCRYPT_DECRYPT').toBe('ENCRYPT_DECRYPT');
    expect(props.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('no key policy grants kms:* or a wildcard action', () => {
    for (const id of [ids.signingKey, ids.dataKey]) {
      for (const statement of keyPolicy(id)) {
        for (const action of actionsOf(statement)) expect(action, `${id} ${String(statement.Sid)}`).not.toContain('*');
      }
    }
  });

  it('the account administers both keys without being able to use them', () => {
    for (const id of [ids.signingKey, ids.dataKey]) {
      const admin = keyPolicy(id).find((s) => s.Sid === 'AdministerTheKeyNotUseIt');
      expect(actionsOf(admin as Json).sort()).toEqual([...KEY_ADMIN_ACTIONS].sort());
      for (const use of ['kms:Sign', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:CreateGrant', 'kms:ReEncryptFrom']) {
        expect(KEY_ADMIN_ACTIONS as readonly string[]).not.toContain(use);
      }
    }
  });

  it('only the evaluate-and-seal role may sign, with ECDSA_SHA_256 over a RAW message', () => {
    const signing = keyPolicy(ids.signingKey).filter((s) => actionsOf(s).includes('kms:Sign'));
    expect(signing).toHaveLength(1);
    expect(signing[0]?.Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [ids.sealRole, 'Arn'] } },
      StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'RAW' },
    });
    expect(actionsOf(signing[0] as Json)).toEqual(['kms:Sign']);
  });

  it("the data key is usable only through S3 in the stack's region, by roles the key policy names", () => {
    const usage = keyPolicy(ids.dataKey).filter((s) => s.Sid !== 'AdministerTheKeyNotUseIt');
    expect(usage.length).toBeGreaterThan(0);
    for (const statement of usage) {
      expect(actionsOf(statement).every((a) => a === 'kms:Decrypt' || a === 'kms:GenerateDataKey')).toBe(true);
      expect(statement.Condition).toMatchObject({
        StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
        ArnEquals: { 'aws:PrincipalArn': expect.anything() },
      });
    }
  });

  it('an evidence reader named in the context may decrypt through S3, and nothing more', () => {
    const reader = 'arn:aws:iam::111122223333:role/Auditors';
    const other = synthesize({ evidenceReaderArns: reader });
    const keys = other.evidenceTemplate.findResources('AWS::KMS::Key');
    const dataKey = keys[logicalIdOf(other.evidence.storage.dataKey, other.evidence)] as Json;
    const statements = ((dataKey.Properties as Json).KeyPolicy as { Statement: Json[] }).Statement;
    const forReader = statements.filter((s) => String(JSON.stringify(s.Condition)).includes(reader));
    expect(forReader).toHaveLength(1);
    expect(actionsOf(forReader[0] as Json)).toEqual(['kms:Decrypt']);
  });
});
