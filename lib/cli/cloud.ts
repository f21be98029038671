import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { needsPathStyle } from '../collectors/client-settings.js';
import { type KmsSigner, kmsSigner } from '../seal/kms-signer.js';
import { S3ObjectLockStore } from '../store/s3.js';
import { DEFAULT_RETENTION_DAYS } from './defaults.js';

export { DEFAULT_RETENTION_DAYS, needsPathStyle };

/** The S3 store of the CLI, on a client from the SDK's standard configuration (credential chain, AWS_REGION, endpoint). */
export function cliS3Store(options: { bucket: string; prefix?: string; retentionDays?: number }): S3ObjectLockStore {
  const client = new S3Client({ ...(needsPathStyle() ? { forcePathStyle: true } : {}) });
  return new S3ObjectLockStore({
    client,
    bucket: options.bucket,
    retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
    ...(options.prefix ? { prefix: options.prefix } : {}),
  });
}

/** The KMS signer of the CLI, on a client from the SDK's standard configuration. */
export function cliKmsSigner(keyId: string): Promise<KmsSigner> {
  return kmsSigner({ client: new KMSClient({}), keyId });
}
