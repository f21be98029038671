import { BedrockClient } from '@aws-sdk/client-bedrock';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { getOrCreate } from '../util/maps.js';
import type { ClientProvider } from './types.js';

/** Attempts per call, with the SDK's adaptive retry (client-side rate limiting on throttling). */
export const MAX_ATTEMPTS = 6;

export interface AwsClientOptions {
  /** Credentials for the account; by default the SDK's standard chain (env, profile, SSO, IMDS...). */
  credentials?: AwsCredentialIdentityProvider;
}

/**
 * Real SDK clients, one per service and region, created on first use. Endpoint, profile and
 * credentials follow the SDK's standard configuration (AWS_ENDPOINT_URL, AWS_PROFILE, ...).
 */
export function awsClients(options: AwsClientOptions = {}): ClientProvider {
  const cache = new Map<string, unknown>();
  const config = (region: string) => ({
    region,
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const get = <T>(key: string, make: () => T): T => getOrCreate(cache, key, make) as T;
  return {
    sagemaker: (region) => get(`sagemaker/${region}`, () => new SageMakerClient(config(region))),
    bedrock: (region) => get(`bedrock/${region}`, () => new BedrockClient(config(region))),
  };
}
