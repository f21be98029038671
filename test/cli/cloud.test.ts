import { join } from 'node:path';
import { CommanderError } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cliS3Store, DEFAULT_RETENTION_DAYS, needsPathStyle } from '../../lib/cli/cloud.js';
import { buildProgram, UsageError } from '../../lib/cli/program.js';
import { captureIo } from '../helpers/io.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());
afterEach(() => {
  process.exitCode = undefined;
});

function run(args: string[]) {
  return buildProgram(captureIo()).parseAsync(args, { from: 'user' });
}

describe('S3 and KMS options of the CLI', () => {
  it('uses path-style S3 addressing only with a custom endpoint', () => {
    expect(needsPathStyle({})).toBe(false);
    expect(needsPathStyle({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' })).toBe(true);
    expect(needsPathStyle({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:5000' })).toBe(true);
    expect(needsPathStyle({ AWS_ENDPOINT_URL: '' })).toBe(false);
  });

  it('gives the S3 client of the CLI path-style addressing when AWS_ENDPOINT_URL is set, and not otherwise', () => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', '');
    try {
      vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:5000');
      expect(cliS3Store({ bucket: 'evidence' }).client.config.forcePathStyle).toBe(true);
      vi.stubEnv('AWS_ENDPOINT_URL', '');
      expect(cliS3Store({ bucket: 'evidence' }).client.config.forcePathStyle).toBeFalsy();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('builds the S3 store with the bucket, prefix and the default retention', () => {
    const store = cliS3Store({ bucket: 'evidence', prefix: 'prod' });
    expect(store.location).toBe('s3://evidence/prod/');
    expect(store.retentionDays).toBe(DEFAULT_RETENTION_DAYS);
    expect(DEFAULT_RETENTION_DAYS).toBe(365);
  });

  it.each([
    [['assess', '--demo', '--out', 'x', '--s3-bucket', 'b'], 'Give either --out or --s3-bucket, not both.'],
    [['assess', '--demo', '--s3-prefix', 'p'], '--s3-prefix needs --s3-bucket.'],
    [['verify', 'x', '--s3-bucket', 'b'], 'Give either an evidence folder or --s3-bucket, not both.'],
    [['verify', '--s3-prefix', 'p'], '--s3-prefix needs --s3-bucket.'],
  ])('refuses %j', async (args, message) => {
    const attempt = run(args);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('refuses --signing-key with --kms-key-id before touching either', async () => {
    const dir = await temp.make('cli-kms');
    const attempt = run([
      'assess',
      '--demo',
      '--out',
      join(dir, 'evidence'),
      '--signing-key',
      join(dir, 'k.pem'),
      '--kms-key-id',
      'alias/x',
    ]);
    await expect(attempt).rejects.toThrow('Give either --signing-key or --kms-key-id, not both.');
  });

  it.each(['0', '-1', '1.5', 'ten'])('refuses --retention-days %s', async (days) => {
    const attempt = run(['assess', '--demo', '--s3-bucket', 'b', '--retention-days', days]);
    await expect(attempt).rejects.toBeInstanceOf(CommanderError);
  });
});
