/** Default COMPLIANCE retention of objects the CLI writes to S3 (apart from cloud.ts, which loads the S3 and KMS clients). */
export const DEFAULT_RETENTION_DAYS = 365;
