/**
 * `npm run bench:requests`: HTTP requests one collection of every default collector makes against
 * moto server (the integration tests' emulator), with the retry configuration the collectors had
 * before (the SDK's adaptive retry, 6 attempts for every error it deems retryable) beside the one
 * they have now (the same, fitted to the error: lib/collectors/retry.ts). Both run in the same
 * process, against the same seeded account, one after the other.
 *
 *   npm run bench:requests               python3 with moto[server] (or .venv-moto/) must be there
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BedrockClient, PutModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { CreateNotebookInstanceCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, DeserializeHandler, MetadataBearer, Pluggable } from '@smithy/types';
import { CLIENT_CLASSES, clientProvider, MAX_ATTEMPTS, retrySettings } from '../lib/collectors/clients.js';
import { collectors as defaultCollectors } from '../lib/collectors/index.js';
import type { ClientProvider } from '../lib/collectors/types.js';
import { collectScope } from '../lib/pipeline/collect.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const REGIONS = ['us-east-1', 'eu-west-1'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startMoto(): Promise<{ endpoint: string; child: ChildProcess }> {
  const venv = `${ROOT}.venv-moto/bin/python`;
  const python = existsSync(venv) ? venv : 'python3';
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  delete env.MOTO_ACCOUNT_ID;
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'ignore'] });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return { endpoint, child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${python} -m moto.server did not answer on ${endpoint}: is moto[server] installed?`);
}

/** A fresh moto account with four notebooks and invocation logging in us-east-1 (the integration tests' estate, in small). */
async function seed(endpoint: string): Promise<{ accountId: string; credentials: AwsCredentialIdentity }> {
  const accountId = '314159265358';
  const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/bench`, RoleSessionName: 'bench' }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('moto AssumeRole gave no credentials.');
  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  const config = { endpoint, region: 'us-east-1', credentials };
  const sagemaker = new SageMakerClient(config);
  for (const [name, open] of [
    ['nb-open', true],
    ['nb-locked', false],
    ['nb-a', false],
    ['nb-b', true],
  ] as const) {
    await sagemaker.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: name,
        InstanceType: 'ml.t3.medium',
        RoleArn: `arn:aws:iam::${accountId}:role/SageMakerNotebook`,
        DirectInternetAccess: open ? 'Enabled' : 'Disabled',
        RootAccess: open ? 'Enabled' : 'Disabled',
      }),
    );
  }
  await new BedrockClient(config).send(
    new PutModelInvocationLoggingConfigurationCommand({
      loggingConfig: { s3Config: { bucketName: `bedrock-logs-${accountId}` }, textDataDeliveryEnabled: true },
    }),
  );
  return { accountId, credentials };
}

interface Count {
  requests: number;
  /** Attempts answered with an HTTP status of 300 or more, or not answered. */
  failedAttempts: number;
}

/** Collector clients made by `config`, each counting every attempt it sends (a middleware in the deserialize step, inside the retry loop). */
function countingClients(config: (region: string) => object, count: Count): ClientProvider {
  return clientProvider((service, region) => {
    const client = new CLIENT_CLASSES[service]({ ...config(region), region } as never);
    (client as unknown as { middlewareStack: { use(p: Pluggable<object, MetadataBearer>): void } }).middlewareStack.use(counting(count));
    return client;
  });
}

/**
 * A middleware in the deserialize step, which the retry loop runs once per attempt; it sits below
 * the SDK's deserializer, so it sees the raw HTTP answer: a status of 300 or more, or no answer at
 * all, is a failed attempt.
 */
function counting(count: Count): Pluggable<object, MetadataBearer> {
  return {
    applyToStack: (stack) => {
      stack.add(
        (next: DeserializeHandler<object, MetadataBearer>) => async (args) => {
          count.requests += 1;
          try {
            const result = await next(args);
            if (((result.response as { statusCode?: number }).statusCode ?? 0) >= 300) count.failedAttempts += 1;
            return result;
          } catch (error) {
            count.failedAttempts += 1;
            throw error;
          }
        },
        { step: 'deserialize', name: 'benchCountRequests' },
      );
    },
  };
}

async function measure(name: string, config: (region: string) => object, accountId: string) {
  const count: Count = { requests: 0, failedAttempts: 0 };
  const clients = countingClients(config, count);
  const started = performance.now();
  const kinds: Record<string, number> = {};
  let errors = 0;
  for (const region of REGIONS) {
    const { coverage } = await collectScope({ scope: { accountId, region }, clients, now: () => new Date() });
    for (const entry of coverage) {
      for (const e of entry.errors) {
        errors += 1;
        kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { name, ...count, coverageErrors: errors, kinds, seconds };
}

async function main(): Promise<void> {
  delete process.env.AWS_MAX_ATTEMPTS;
  delete process.env.AWS_RETRY_MODE;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { endpoint, child } = await startMoto();
  try {
    const { accountId, credentials } = await seed(endpoint);
    const base = { endpoint, credentials };
    const before = await measure(
      'before: SDK adaptive retry, 6 attempts',
      () => ({ ...base, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS }),
      accountId,
    );
    const after = await measure('after: adaptive retry fitted to the error', () => ({ ...base, ...retrySettings({}) }), accountId);
    const collectors = defaultCollectors.length;
    process.stdout.write(`${collectors} collectors x ${REGIONS.length} regions (${REGIONS.join(', ')}) against moto, one account\n\n`);
    process.stdout.write('| | requests | failed attempts | coverage errors (by kind) | wall time (s) |\n|---|---:|---:|---|---:|\n');
    for (const r of [before, after]) {
      const kinds = Object.entries(r.kinds)
        .sort()
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      process.stdout.write(
        `| ${r.name} | ${r.requests} | ${r.failedAttempts} | ${r.coverageErrors} (${kinds}) | ${r.seconds.toFixed(1)} |\n`,
      );
    }
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
