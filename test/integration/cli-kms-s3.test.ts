/**
 * `ai-evidence assess --demo --s3-bucket B --kms-key-id K` and `verify --s3-bucket B --public-key`
 * against moto server, configured only through environment variables as a user would: the S3 and
 * KMS clients come from the SDK's standard configuration (AWS_ENDPOINT_URL, AWS_REGION, credentials).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runKeys } from '../../lib/store/types.js';
import { cli, createSigningKey, sealedStoreTarget, sealingSession } from './cli-session.js';
import { moto, skipReason } from './moto.js';

const US = 'us-east-1';
/** The demo estate's smallest region. */
const DEMO_REGION = 'ap-southeast-2';

describe.skipIf(moto.endpoint === null)(`ai-evidence with --s3-bucket and --kms-key-id against moto server${skipReason}`, () => {
  const session = sealingSession('cli-kms-s3', US);

  // One region of the demo estate (about 120 objects): this file checks the S3, Object Lock and KMS
  // plumbing, which is the same for every object; the whole demo is sealed and verified offline.
  it('seals the demo estate into an Object Lock bucket with a KMS key, and verifies it with the KMS public key pinned', async () => {
    const { s3, kms, scratch } = session;
    const bucket = `ai-evidence-cli-${session.account.accountId}`;
    const { keyArn, publicKeyFile } = await sealedStoreTarget(session, bucket);

    const assessed = await cli([
      'assess',
      '--demo',
      '--regions',
      DEMO_REGION,
      '--s3-bucket',
      bucket,
      '--s3-prefix',
      'org',
      '--retention-days',
      '30',
      '--kms-key-id',
      keyArn,
      '--json',
    ]);
    expect(assessed.stderr).toEqual([]);
    expect(assessed.exitCode).toBeUndefined();
    const result = JSON.parse(assessed.stdout);
    expect(result.verification).toEqual({ ok: true, problems: [] });
    expect(result.store).toBe(`s3://${bucket}/org/`);
    expect(result.evidenceFolder).toBeUndefined();

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `org/${runKeys.statement(result.runId)}` }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    const days = ((head.ObjectLockRetainUntilDate?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);

    const verified = await cli(['verify', '--s3-bucket', bucket, '--s3-prefix', 'org', '--public-key', publicKeyFile, '--json']);
    expect(verified.exitCode).toBeUndefined();
    const report = JSON.parse(verified.stdout);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.runs.map((r: { runId: string }) => r.runId)).toEqual([result.runId]);

    // Pinned to another key, the same bucket fails verification.
    const other = await createSigningKey(kms);
    const otherFile = join(scratch, 'other.der');
    await writeFile(otherFile, other.publicKeyDer);
    const refused = await cli(['verify', '--s3-bucket', bucket, '--s3-prefix', 'org', '--public-key', otherFile, '--json']);
    expect(refused.exitCode).toBe(1);
    expect(JSON.parse(refused.stdout).ok).toBe(false);
  });

  it('diffs the last two runs of the bucket after verifying both with the KMS public key pinned: no change between two runs of the same estate', async () => {
    const bucket = `ai-evidence-diff-${session.account.accountId}`;
    const { keyArn, publicKeyFile } = await sealedStoreTarget(session, bucket);
    const assess = ['assess', '--demo', '--regions', DEMO_REGION, '--s3-bucket', bucket, '--kms-key-id', keyArn, '--json'];
    const first = JSON.parse((await cli(assess)).stdout);
    const second = JSON.parse((await cli(assess)).stdout);

    const diffed = await cli(['diff', '--s3-bucket', bucket, '--public-key', publicKeyFile, '--json']);
    expect(diffed.exitCode).toBeUndefined();
    const diff = JSON.parse(diffed.stdout);
    expect(diff).toMatchObject({ before: { runId: first.runId }, after: { runId: second.runId }, unchanged: true });
    expect(diff.findings.totals).toEqual({ NEW: 0, RESOLVED: 0, STATUS: 0, REASON: 0 });
  });
});
