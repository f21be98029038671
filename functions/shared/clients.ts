import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { maxAttemptsSetting, needsPathStyle, retrySettings } from '../../lib/collectors/client-settings.js';

/** Organizations has one endpoint per partition: us-east-1, cn-northwest-1 or us-gov-west-1. */
export function organizationsRegion(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'cn-northwest-1';
  if (region?.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

/**
 * The functions' own SDK clients (the Lambda role's credentials, the function's region), made per
 * invocation: the standard configuration (AWS_ENDPOINT_URL included) is read when they are made.
 */
export const awsClients = {
  s3: () => new S3Client({ ...(needsPathStyle() ? { forcePathStyle: true } : {}), ...maxAttemptsSetting() }),
  sts: () => new STSClient(maxAttemptsSetting()),
  kms: () => new KMSClient(maxAttemptsSetting()),
  organizations: () => new OrganizationsClient({ region: organizationsRegion(process.env.AWS_REGION), ...retrySettings() }),
};
export type AwsClients = typeof awsClients;
