import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DeployConfig } from './config.js';

/**
 * What a key administrator may do: manage, describe, enable, disable, tag, alias and schedule the
 * deletion of a key, never use it (no Sign, Encrypt, Decrypt, GenerateDataKey, CreateGrant).
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/** S3 actions nobody may perform on the evidence bucket, whatever their IAM policies say. */
export const DENIED_EVIDENCE_ACTIONS = [
  's3:DeleteBucket',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutLifecycleConfiguration',
] as const;

/** What every bucket of the stack has: TLS 1.2 or later only, no public access, no ACLs (the bucket owner owns every object). */
const LOCKED_DOWN = {
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
} as const satisfies Partial<s3.BucketProps>;

/** The buckets and keys of one deployment; the functions are given access to them one by one. */
export class EvidenceStorage extends Construct {
  /** Object Lock (COMPLIANCE) store of the sealed runs. */
  readonly evidenceBucket: s3.Bucket;
  /** Per-target records between collect and evaluate-and-seal; expires. */
  readonly stagingBucket: s3.Bucket;
  /** Auditor bundles written by export; expires. */
  readonly exportBucket: s3.Bucket;
  /**
   * Where people upload signed attestations (`attestations/`) and the attester trust list
   * (`trusted-attesters/`); only evaluate-and-seal reads it, nothing in the stack writes to it.
   */
  readonly attestationsBucket: s3.Bucket;
  /** Server access logs of the four buckets above. */
  readonly accessLogBucket: s3.Bucket;
  /** Asymmetric ECC_NIST_P256 SIGN_VERIFY key that signs each run's statement. */
  readonly signingKey: kms.Key;
  /** Symmetric key that encrypts the evidence, staging and export buckets. */
  readonly dataKey: kms.Key;
  /** Symmetric key that encrypts the state machine's log group, which holds execution data. */
  readonly logsKey: kms.Key;

  constructor(scope: Construct, id: string, config: DeployConfig) {
    super(scope, id);
    const stack = Stack.of(this);

    this.signingKey = new kms.Key(this, 'SigningKey', {
      description: 'ai-evidence: signs the statement of every sealed run (ECDSA P-256, SHA-256).',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: `alias/${stack.stackName}-signing`,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
      policy: new iam.PolicyDocument({ statements: [adminStatement()] }),
    });
    // Anyone in the account the IAM policies allow may read the public key: it verifies runs.
    this.signingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ReadThePublicKey',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:DescribeKey', 'kms:GetPublicKey'],
        resources: ['*'],
      }),
    );

    this.logsKey = new kms.Key(this, 'LogsKey', {
      description: "ai-evidence: encrypts the state machine's CloudWatch Logs log group (execution data).",
      enableKeyRotation: true,
      alias: `alias/${stack.stackName}-logs`,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
      policy: new iam.PolicyDocument({ statements: [adminStatement()] }),
    });

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: 'ai-evidence: encrypts the evidence, staging and export buckets (SSE-KMS).',
      enableKeyRotation: true,
      alias: `alias/${stack.stackName}-data`,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
      policy: new iam.PolicyDocument({ statements: [adminStatement()] }),
    });

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      // Server access logs can only be delivered to a bucket encrypted with S3-managed keys.
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...LOCKED_DOWN,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(config.accessLogExpirationDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the destination of the server access logs of the evidence, staging, export and attestations buckets; logging it to itself would log its own log deliveries without end.',
    });

    this.evidenceBucket = new s3.Bucket(this, 'EvidenceBucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(config.retentionDays)),
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      ...LOCKED_DOWN,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.evidenceBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeletingEvidence',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...DENIED_EVIDENCE_ACTIONS],
        resources: [this.evidenceBucket.bucketArn, this.evidenceBucket.arnForObjects('*')],
      }),
    );

    // S3-managed keys, not the data key: people upload with `aws s3 cp`, and the data key's policy
    // lets only the functions use it. The files are signed; what protects them is their signature
    // and the trust list, not secrecy.
    this.attestationsBucket = new s3.Bucket(this, 'AttestationsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...LOCKED_DOWN,
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'attestations/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stagingBucket = this.scratchBucket('StagingBucket', 'staging/', config.stagingExpirationDays);
    this.exportBucket = this.scratchBucket('ExportBucket', 'export/', config.exportExpirationDays);

    // Readers named in the configuration (an auditors' role) get the key policy's half; their own
    // account's IAM policy must grant them kms:Decrypt and s3:GetObject.
    config.evidenceReaderArns.forEach((arn, i) => {
      this.allowDataKey(arn, `Reader${i + 1}`, 'kms:Decrypt', 'Decrypt');
    });
  }

  /**
   * `role` may sign with the signing key (ECDSA_SHA_256 over a RAW message) and read its public key.
   * The key policy names the role as well as the role's own policy granting it, so an IAM policy
   * written later in the account cannot hand signing to anyone else.
   */
  allowSigning(role: iam.IRole, label: string): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SignRuns',
        actions: ['kms:GetPublicKey', 'kms:Sign'],
        resources: [this.signingKey.keyArn],
      }),
    );
    this.signingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `Sign${label}`,
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: {
          ArnEquals: { 'aws:PrincipalArn': role.roleArn },
          StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'RAW' },
        },
      }),
    );
  }

  /**
   * CloudWatch Logs may encrypt and decrypt the log group `logGroupArn` (and nothing else) with the
   * logs key: the key policy names the service and, by encryption context, the one log group.
   */
  allowLogGroup(logGroupArn: string): void {
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EncryptTheStateMachineLogGroup',
        principals: [new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      }),
    );
  }

  /** `role` may read the signing key's public key (to pin it when verifying), not sign. */
  allowReadingPublicKey(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'ReadSigningPublicKey', actions: ['kms:GetPublicKey'], resources: [this.signingKey.keyArn] }),
    );
  }

  /** `role` may have S3 encrypt new objects with the data key (PutObject to an SSE-KMS bucket). */
  allowEncryptThroughS3(role: iam.IRole, label: string): void {
    this.allowDataKey(role.roleArn, label, 'kms:GenerateDataKey', 'Encrypt', role);
  }

  /** `role` may have S3 decrypt objects with the data key (GetObject from an SSE-KMS bucket). */
  allowDecryptThroughS3(role: iam.IRole, label: string): void {
    this.allowDataKey(role.roleArn, label, 'kms:Decrypt', 'Decrypt', role);
  }

  /**
   * Like {@link allowEncryptThroughS3} and {@link allowDecryptThroughS3}: the key policy names the
   * principal and the role's own policy grants the action, only through S3 in this region.
   */
  private allowDataKey(principalArn: string, label: string, action: string, verb: string, role?: iam.IRole): void {
    const viaS3 = { StringEquals: { 'kms:ViaService': s3Service(this) } };
    role?.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: `${verb}ThroughS3`, actions: [action], resources: [this.dataKey.keyArn], conditions: viaS3 }),
    );
    this.dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `${verb}ThroughS3For${label}`,
        principals: [new iam.AccountRootPrincipal()],
        actions: [action],
        resources: ['*'],
        conditions: { ...viaS3, ArnEquals: { 'aws:PrincipalArn': principalArn } },
      }),
    );
  }

  private scratchBucket(id: string, logPrefix: string, expirationDays: number): s3.Bucket {
    return new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      ...LOCKED_DOWN,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: logPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire',
          expiration: Duration.days(expirationDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}

function adminStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AdministerTheKeyNotUseIt',
    principals: [new iam.AccountRootPrincipal()],
    actions: [...KEY_ADMIN_ACTIONS],
    resources: ['*'],
  });
}

function s3Service(scope: Construct): string {
  return `s3.${Stack.of(scope).region}.amazonaws.com`;
}
