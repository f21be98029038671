import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsClients, MAX_ATTEMPTS } from '../../lib/collectors/clients.js';
import { FAKE_CREDENTIALS } from '../fixtures/fake-http.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('awsClients', () => {
  it.each(['sagemaker', 'bedrock'] as const)('gives %s clients the adaptive retry strategy with MAX_ATTEMPTS attempts', async (service) => {
    // Prepare: a retry mode in the environment must not weaken what the collectors rely on.
    vi.stubEnv('AWS_RETRY_MODE', 'standard');
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
    const provider = awsClients({ credentials: async () => FAKE_CREDENTIALS });
    // Act
    const client = provider.client(service, 'eu-west-1');
    // Assess
    const strategy = (await client.config.retryStrategy()) as { mode?: string };
    expect(strategy.mode).toBe('adaptive');
    expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    expect(await client.config.region()).toBe('eu-west-1');
  });

  it('creates one client per service and region, and reuses it', () => {
    // Prepare
    const provider = awsClients({ credentials: async () => FAKE_CREDENTIALS });
    // Act
    const first = provider.client('sagemaker', 'eu-west-1');
    // Assess
    expect(provider.client('sagemaker', 'eu-west-1')).toBe(first);
    expect(provider.client('sagemaker', 'us-east-1')).not.toBe(first);
    expect(provider.client('bedrock', 'eu-west-1')).not.toBe(provider.client('bedrock', 'us-east-1'));
  });

  it('uses the credentials it is given', async () => {
    // Prepare
    const credentials = vi.fn(async () => FAKE_CREDENTIALS);
    // Act
    const identity = await awsClients({ credentials }).client('bedrock', 'eu-west-1').config.credentials();
    // Assess
    expect(identity).toMatchObject(FAKE_CREDENTIALS);
    expect(credentials).toHaveBeenCalled();
  });
});
