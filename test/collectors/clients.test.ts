import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsClients, MAX_ATTEMPTS, retrySettings } from '../../lib/collectors/clients.js';
import { FittedRetryStrategy } from '../../lib/collectors/retry.js';
import { FAKE_CREDENTIALS } from '../fixtures/fake-http.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('awsClients', () => {
  it.each(['sagemaker', 'bedrock'] as const)(
    'gives %s clients the adaptive retry strategy, fitted to the error, with MAX_ATTEMPTS attempts',
    async (service) => {
      // Prepare: no retry settings in the environment.
      vi.stubEnv('AWS_RETRY_MODE', '');
      vi.stubEnv('AWS_MAX_ATTEMPTS', '');
      const provider = awsClients({ credentials: async () => FAKE_CREDENTIALS });
      // Act
      const client = provider.client(service, 'eu-west-1');
      // Assess
      const strategy = (await client.config.retryStrategy()) as { mode?: string };
      expect(strategy).toBeInstanceOf(FittedRetryStrategy);
      expect(strategy.mode).toBe('adaptive');
      expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
      expect(await client.config.region()).toBe('eu-west-1');
    },
  );

  it("honours the SDK's own AWS_RETRY_MODE and AWS_MAX_ATTEMPTS when the environment sets them", async () => {
    // Prepare: an operator's retry settings, as the SDK's standard configuration reads them.
    vi.stubEnv('AWS_RETRY_MODE', 'standard');
    vi.stubEnv('AWS_MAX_ATTEMPTS', '9');
    // Act
    const client = awsClients({ credentials: async () => FAKE_CREDENTIALS }).client('sagemaker', 'eu-west-1');
    // Assess
    const strategy = (await client.config.retryStrategy()) as { mode?: string };
    expect(strategy.mode).toBe('standard');
    expect(await client.config.maxAttempts()).toBe(9);
    expect(retrySettings({ AWS_MAX_ATTEMPTS: '2' })).toMatchObject({ maxAttempts: 2, retryStrategy: { mode: 'adaptive' } });
    expect(retrySettings({})).toMatchObject({ maxAttempts: MAX_ATTEMPTS, retryStrategy: { mode: 'adaptive' } });
    expect(retrySettings({ AWS_RETRY_MODE: 'standard' }).retryStrategy).toBeInstanceOf(FittedRetryStrategy);
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
