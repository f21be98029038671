/**
 * The organization-scale bench (issue 11): N synthetic targets (17 regions an account, seeded;
 * most regions nearly empty, a few with hundreds of AI resources) through the cloud's real shard
 * and run-seal code into a LocalFolderStore, then the run checked streaming. Each step runs in a
 * child process of its own, so that its peak RSS is its own:
 *
 *   shards   every account's shard (evaluateShard + storeShard, as seal-shard runs them), its
 *            summary written beside the store as seal-shard stages it
 *   largest  the largest account's shard step alone: what one seal-shard invocation holds
 *   seal     the run seal over the summaries only (sealRunOverShards, one signature)
 *   verify   the run read back and checked (test/helpers/sharded-run.ts: signature, run tree, every
 *            shard manifest and pack item by item)
 *
 *   npm run bench:scale -- --targets 17000 [--json FILE]
 *
 * Collect is synthetic (records built with makeEvidence from SDK-shaped outputs, bench/estate.ts);
 * the AWS wall time is computed on paper from counted calls and published limits.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COLLECTOR_MANIFEST } from '../lib/collectors/manifest.js';
import { catalog } from '../lib/controls/index.js';
import type { CoverageEntry, Scope } from '../lib/evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../lib/evidence/record.js';
import { statusCounts } from '../lib/pipeline/account-shard.js';
import { sealRunOverShards } from '../lib/pipeline/seal-run.js';
import { evaluateShard, storeShard } from '../lib/pipeline/shard-step.js';
import { localSigner } from '../lib/seal/local-signer.js';
import type { ShardSummary } from '../lib/seal/shard.js';
import { LocalFolderStore } from '../lib/store/local.js';
import { checkShardedRun } from '../test/helpers/sharded-run.js';
import { describeNotebookInstance, loggingConfiguration, prng } from './estate.js';

const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'sa-east-1',
];
const RUN_ID = '20261126T120000000Z-5ca1e000';
const STARTED_AT = '2026-11-26T12:00:00.000Z';
const RESULT = 'SCALE-RESULT ';

const accountId = (i: number) => String(100_000_000_000 + i);

/** The targets of `n`: accounts of 17 regions (the last account may have fewer). */
function targetsOf(n: number): Scope[] {
  return Array.from({ length: n }, (_, i) => ({
    accountId: accountId(Math.floor(i / REGIONS.length)),
    region: REGIONS[i % REGIONS.length] as string,
  }));
}

/**
 * What collect would stage for one target, seeded by its index: 90% of regions hold nothing but the
 * logging setting, 9% a few notebooks, 1% (its "AI regions") 200 to 600. Coverage: one entry per
 * collector of the catalog, as collect writes it.
 */
function collectTarget(scope: Scope, index: number): { records: EvidenceRecord[]; coverage: CoverageEntry[] } {
  const random = prng(index + 1);
  const roll = random();
  const notebooks = roll < 0.9 ? 0 : roll < 0.99 ? 1 + Math.floor(random() * 5) : 200 + Math.floor(random() * 400);
  const records: EvidenceRecord[] = [];
  for (let n = 0; n < notebooks; n++) {
    const output = describeNotebookInstance(random, scope, n);
    records.push(
      makeEvidence({
        ...scope,
        source: { collector: 'sagemaker.notebook-instances', service: 'sagemaker', operation: 'DescribeNotebookInstance' },
        resource: { type: 'AWS::SageMaker::NotebookInstance', id: output.NotebookInstanceArn as string },
        collectedAt: STARTED_AT,
        data: output,
      }),
    );
  }
  records.push(
    makeEvidence({
      ...scope,
      source: { collector: 'bedrock.model-invocation-logging', service: 'bedrock', operation: 'GetModelInvocationLoggingConfiguration' },
      resource: {
        type: 'AWS::Bedrock::ModelInvocationLoggingConfiguration',
        id: `${scope.accountId}/${scope.region}/model-invocation-logging`,
      },
      collectedAt: STARTED_AT,
      data: loggingConfiguration(random, scope, index),
    }),
  );
  const coverage: CoverageEntry[] = COLLECTOR_MANIFEST.map((c) => ({
    collector: c.id,
    ...scope,
    status: 'COMPLETE',
    records: c.id === 'sagemaker.notebook-instances' ? notebooks : c.id === 'bedrock.model-invocation-logging' ? 1 : 0,
    errors: [],
  }));
  return { records, coverage };
}

function accountsOf(targets: readonly Scope[]): Map<string, { scopes: Scope[]; first: number }> {
  const accounts = new Map<string, { scopes: Scope[]; first: number }>();
  targets.forEach((t, i) => {
    const a = accounts.get(t.accountId) ?? { scopes: [], first: i };
    a.scopes.push(t);
    accounts.set(t.accountId, a);
  });
  return accounts;
}

/** One account's shard step: its targets collected (synthetically), evaluated, sealed and stored. */
async function shardStep(store: LocalFolderStore, account: string, scopes: Scope[], first: number, runAccounts: readonly string[]) {
  const records: EvidenceRecord[] = [];
  const coverage: CoverageEntry[] = [];
  scopes.forEach((scope, k) => {
    const c = collectTarget(scope, first + k);
    records.push(...c.records);
    coverage.push(...c.coverage);
  });
  const step = evaluateShard({
    runId: RUN_ID,
    startedAt: STARTED_AT,
    shard: { shardId: account, scopes, records, coverage },
    accounts: runAccounts,
    catalog,
  });
  await storeShard(store, step.sealed);
  return { summary: step.sealed.summary, statuses: statusCounts(step.findings), records: records.length };
}

const signer = () => {
  // A fixed key per bench folder: the seal signs, verify checks with the public half.
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
};

async function child(mode: string, dir: string, n: number): Promise<Record<string, number>> {
  const store = new LocalFolderStore(join(dir, 'store'));
  const targets = targetsOf(n);
  const accounts = accountsOf(targets);
  const t0 = performance.now();
  const out: Record<string, number> = {};
  if (mode === 'shards') {
    mkdirSync(join(dir, 'summaries'), { recursive: true });
    let largest = { account: '', records: -1 };
    for (const [account, { scopes, first }] of accounts) {
      const done = await shardStep(store, account, scopes, first, [...accounts.keys()]);
      writeFileSync(join(dir, 'summaries', `${account}.json`), JSON.stringify(done));
      if (done.records > largest.records) largest = { account, records: done.records };
    }
    writeFileSync(join(dir, 'largest.json'), JSON.stringify(largest));
    out.largestRecords = largest.records;
  } else if (mode === 'largest') {
    const { account } = JSON.parse(readFileSync(join(dir, 'largest.json'), 'utf8')) as { account: string };
    const a = accounts.get(account);
    if (a === undefined) throw new Error(`no account ${account}`);
    // Into a store of its own: the same bytes, measured alone.
    const done = await shardStep(new LocalFolderStore(join(dir, 'largest-store')), account, a.scopes, a.first, [...accounts.keys()]);
    out.records = done.records;
    out.items = done.summary.treeSize;
  } else if (mode === 'seal') {
    const summaries: ShardSummary[] = readdirSync(join(dir, 'summaries')).map(
      (f) => (JSON.parse(readFileSync(join(dir, 'summaries', f), 'utf8')) as { summary: ShardSummary }).summary,
    );
    const keys = signer();
    writeFileSync(join(dir, 'public.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const sealed = await sealRunOverShards({
      store,
      signer: localSigner(keys.privateKey),
      runId: RUN_ID,
      startedAt: STARTED_AT,
      finishedAt: '2026-11-26T12:40:00.000Z',
      scopes: targets,
      shards: summaries,
      previous: null,
    });
    out.shards = summaries.length;
    out.written = sealed.stored.written;
  } else if (mode === 'verify') {
    const check = await checkShardedRun(store, RUN_ID, readFileSync(join(dir, 'public.pem'), 'utf8'));
    out.items = check.items;
    out.shards = check.manifest.shards.length;
  } else throw new Error(`unknown mode ${mode}`);
  out.seconds = (performance.now() - t0) / 1000;
  out.peakRssMiB = process.resourceUsage().maxRSS / 1024;
  return out;
}

type Figures = Record<'seconds' | 'peakRssMiB' | 'records' | 'items' | 'shards' | 'written' | 'largestRecords', number>;

function runChild(mode: string, dir: string, n: number): Figures {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, '--dir', dir, '--targets', String(n)],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = r.stdout.split('\n').find((l) => l.startsWith(RESULT));
  if (r.status !== 0 || line === undefined) throw new Error(`The ${mode} step failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT.length)) as Figures;
}

function walk(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = walk(path);
      files += sub.files;
      bytes += sub.bytes;
    } else {
      files++;
      bytes += statSync(path).size;
    }
  }
  return { files, bytes };
}

const f1 = (x: number) => x.toFixed(1);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { targets: { type: 'string', default: '1000' }, json: { type: 'string' }, child: { type: 'string' }, dir: { type: 'string' } },
  });
  const n = Number(values.targets);
  if (!Number.isInteger(n) || n < 1) throw new Error('--targets must be a whole number of targets');
  if (values.child !== undefined) {
    const out = await child(values.child, values.dir as string, n);
    process.stdout.write(`${RESULT}${JSON.stringify(out)}\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ai-evidence-scale-'));
  try {
    const accounts = Math.ceil(n / REGIONS.length);
    const shards = runChild('shards', dir, n);
    const largest = runChild('largest', dir, n);
    const seal = runChild('seal', dir, n);
    const verify = runChild('verify', dir, n);
    const stored = walk(join(dir, 'store'));
    const objectsPerTarget = stored.files / n;

    // AWS on paper (see docs/PERFORMANCE.md for the sources of each limit).
    const lambdaConcurrency = 1000;
    const collectConcurrency = 500; // DEFAULT_MAX_CONCURRENCY (infra/config.ts)
    const shardConcurrency = 200; // DEFAULT_SEAL_SHARD_CONCURRENCY
    const collectSeconds = 60; // one target's collect, measured order of magnitude against a real account
    const collectWaves = Math.ceil(n / Math.min(collectConcurrency, lambdaConcurrency));
    const shardStepSeconds = Math.max(2, shards.seconds / accounts + 1); // + S3 latency of ~20 GETs and 4 PUTs
    const shardWaves = Math.ceil(accounts / shardConcurrency);
    const sealSeconds = seal.seconds + (accounts * 0.02) / 16 + 1; // + one GET per summary, 16 at a time, + KMS Sign
    const wall = collectWaves * collectSeconds + shardWaves * shardStepSeconds + sealSeconds;

    const lines = [
      `ai-evidence scale bench: ${n} targets (${accounts} accounts x ${REGIONS.length} regions), run ${RUN_ID}`,
      `  stored objects          ${stored.files} = ${f1(objectsPerTarget)} per target (issue 11: <= 3 per target; v1 stored one per record and finding)`,
      `  stored bytes            ${(stored.bytes / 1048576).toFixed(1)} MiB = ${(stored.bytes / n / 1024).toFixed(1)} KiB per target`,
      `  shard steps, all        ${f1(shards.seconds)} s, peak RSS ${f1(shards.peakRssMiB)} MiB (one process, accounts in turn)`,
      `  largest shard step      ${largest.records} records, ${largest.items} items: ${f1(largest.seconds)} s, peak RSS ${f1(largest.peakRssMiB)} MiB (seal-shard has 1024 MB)`,
      `  run seal step           ${seal.shards} shards: ${f1(seal.seconds)} s, peak RSS ${f1(seal.peakRssMiB)} MiB (issue 11: <= 512 MiB; the Lambda has 1024 MB, 15 min)`,
      `  verify (streaming)      ${verify.items} items in ${verify.shards} shards: ${f1(verify.seconds)} s, peak RSS ${f1(verify.peakRssMiB)} MiB (issue 11: <= 1024 MiB)`,
      `  AWS wall time on paper  ${Math.round(wall)} s = collect ceil(${n} / min(${collectConcurrency} MaxConcurrency, ${lambdaConcurrency} Lambda)) = ${collectWaves} waves x ${collectSeconds} s`,
      `                          + shards ceil(${accounts} / ${shardConcurrency}) = ${shardWaves} waves x ${f1(shardStepSeconds)} s + run seal ${f1(sealSeconds)} s (6 h state machine timeout)`,
    ];
    console.log(lines.join('\n'));
    if (values.json !== undefined) {
      writeFileSync(
        values.json,
        `${JSON.stringify(
          {
            targets: n,
            accounts,
            storedObjects: stored.files,
            storedObjectsPerTarget: objectsPerTarget,
            storedBytes: stored.bytes,
            shardStepsSeconds: shards.seconds,
            largestShardStepPeakRssMiB: largest.peakRssMiB,
            largestShardStepSeconds: largest.seconds,
            largestShardRecords: largest.records,
            sealStepPeakRssMiB: seal.peakRssMiB,
            sealStepSeconds: seal.seconds,
            verifyPeakRssMiB: verify.peakRssMiB,
            verifySeconds: verify.seconds,
            verifiedItems: verify.items,
            awsWallSecondsOnPaper: wall,
          },
          null,
          2,
        )}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
