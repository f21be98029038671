/**
 * `ai-evidence export --s3-bucket B` against moto server: two demo runs sealed with a KMS key into
 * an Object Lock bucket, exported to a bundle from the bucket (the streamed export reads the runs
 * back object by object through S3 GetObject), then the bundle verified offline with the KMS
 * public key pinned, as an auditor would.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type BundleIndex, ROOT_FILES } from '../../lib/export/bundle.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { S3ObjectLockStore } from '../../lib/store/s3.js';
import { cli, sealedStoreTarget, sealingSession } from './cli-session.js';
import { moto, skipReason } from './moto.js';

const US = 'us-east-1';
/** The demo estate's smallest region: the S3 path is the same for every object, and the whole demo is exported offline. */
const DEMO_REGION = 'ap-southeast-2';

/** Every key under `prefix` in the bucket, through as many ListObjectsV2 pages as it takes. */
async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

describe.skipIf(moto.endpoint === null)(`ai-evidence export from an S3 store against moto server${skipReason}`, () => {
  const session = sealingSession('export-s3', US);

  it('exports the runs sealed in an Object Lock bucket to a bundle that verifies offline with the KMS key pinned', async () => {
    const { s3, scratch } = session;
    const bucket = `ai-evidence-export-${session.account.accountId}`;
    const { keyArn, publicKeyFile } = await sealedStoreTarget(session, bucket);
    const store = ['--s3-bucket', bucket, '--s3-prefix', 'org'];

    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const assessed = await cli([
        'assess',
        '--demo',
        '--regions',
        DEMO_REGION,
        ...store,
        '--retention-days',
        '1',
        '--kms-key-id',
        keyArn,
        '--json',
      ]);
      expect(assessed.stderr).toEqual([]);
      expect(assessed.exitCode).toBeUndefined();
      runIds.push(JSON.parse(assessed.stdout).runId);
    }

    const out = join(scratch, 'bundle.zip');
    const exported = await cli([
      'export',
      ...store,
      '--public-key',
      publicKeyFile,
      '--from',
      '2000-01-01',
      '--to',
      '2100-01-01',
      '--out',
      out,
    ]);
    expect(exported.stderr).toEqual([]);
    expect(exported.exitCode).toBeUndefined();
    expect(exported.stdout).toContain('Exported 2 run(s)');

    // The bundle holds every object the bucket holds for the two runs, and every sealed item with its inclusion proof.
    const entries = unzipSync(await readFile(out));
    const index = JSON.parse(Buffer.from(entries[ROOT_FILES.index] as Uint8Array).toString('utf8')) as BundleIndex;
    expect(index.runs.map((r) => r.runId)).toEqual(runIds);
    const stored = (await listKeys(s3, bucket, 'org/runs/')).map((k) => k.slice('org/'.length));
    const bucketStore = new S3ObjectLockStore({ client: s3, bucket, prefix: 'org', retentionDays: 1 });
    const items: string[] = [];
    for (const runId of runIds) {
      const run = await loadSealedRun(bucketStore, runId);
      items.push(...run.evidence.map((e) => e.key), ...run.findings.map((f) => f.key));
    }
    expect(items.length).toBeGreaterThan(0);
    expect(
      index.objects
        .filter((o) => o.kind !== 'public-key')
        .map((o) => o.key)
        .sort(),
    ).toEqual(items.sort());
    for (const key of stored.filter((k) => !k.endsWith('/proofs.bin'))) expect(entries[key], key).toBeDefined();
    for (const object of index.objects) expect(entries[object.proof], object.proof).toBeDefined();

    const verified = await cli(['verify', out, '--public-key', publicKeyFile, '--json']);
    expect(verified.exitCode).toBeUndefined();
    const report = JSON.parse(verified.stdout);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r: { runId: string; reEvaluated: boolean }) => [r.runId, r.reEvaluated])).toEqual(
      runIds.map((id) => [id, true]),
    );
    expect(report.derived.sort()).toEqual([ROOT_FILES.oscal, ROOT_FILES.csv, ROOT_FILES.requirements, ROOT_FILES.index].sort());
  });
});
