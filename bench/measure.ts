/**
 * Measures one estate size: every figure beside the figure it is compared to, in the same process.
 * Run by bench/run.ts in a child process per size, so that the peak RSS is that size's own.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import canonicalize from 'canonicalize';
import { mapWithConcurrency } from '../lib/collectors/concurrency.js';
import { evaluate } from '../lib/controls/evaluate.js';
import { catalog, catalogVersion } from '../lib/controls/index.js';
import { canonicalJson, sha256Hex } from '../lib/evidence/canonical.js';
import { sealEvidence } from '../lib/evidence/record.js';
import { storeSealedRun } from '../lib/pipeline/assess.js';
import { localSigner } from '../lib/seal/local-signer.js';
import { type SealedRun, sealRun } from '../lib/seal/seal.js';
import { verifyStore } from '../lib/seal/verify.js';
import { LocalFolderStore } from '../lib/store/local.js';
import { getOrCreate } from '../lib/util/maps.js';
import { TOOL_VERSION } from '../lib/version.js';
import { syntheticEstate } from './estate.js';
import { CHILD_READY_MARK, CHILD_RESULT_MARK, type ChildJob, EXPORT_OLD_SPACE_MIB, type ExportFigures } from './export-figures.js';
import { interleaved, median, timeAsync, timeSync } from './stats.js';

export interface SizeResult {
  notebooks: number;
  evidence: number;
  findings: number;
  /** Objects the manifest lists: evidence, findings and the public key. */
  objects: number;
  storedBytes: number;
  reps: number;
  ioReps: number;
  ms: {
    /** makeEvidence for every record (what collectors do; includes zod validation). */
    build: number;
    /** Every evidence record and finding serialized: canonicalJson, JSON.stringify, the canonicalize library. */
    canonicalJson: number;
    jsonStringify: number;
    canonicalizeLibrary: number;
    /** One SHA-256 (node:crypto) of each listed object's bytes: the floor for sealing. */
    hashFloor: number;
    /** sha256Hex of every object's canonical bytes, then sealRun: sealing once the bytes exist. */
    sealFromBytes: number;
    /** sealRun alone (objects, Merkle tree, manifest, signature). */
    sealRun: number;
    /** sealEvidence of every record, canonicalJson + sha256Hex of every finding, then sealRun. */
    sealEndToEnd: number;
    /** JSON.stringify of every object plus one SHA-256 of each: the floor for sealing from records. */
    stringifyAndHashFloor: number;
    evaluate: number;
    /** JSON.stringify of the findings that evaluate returned. */
    stringifyFindings: number;
    /** storeSealedRun into a fresh LocalFolderStore. */
    store: number;
    /** fs.writeFile of each object once into a fresh folder of the same layout, 16 at a time. */
    writeFloor: number;
    verify: number;
    /** fs.readFileSync of every object of the run once, one after another as verify reads them. */
    readFloor: number;
  };
  /** Export of the stored run to a bundle, in a process of its own (first store round only). */
  export: ExportFigures | null;
  canonicalMatchesLibrary: boolean;
  verifyOk: boolean;
  /** process.resourceUsage().maxRSS, in bytes. */
  peakRss: number;
  /** RSS after importing everything, before the estate is built. */
  baselineRss: number;
}

function seal(
  sealed: { evidence: { bytes: string; sha256: string }[]; findings: { bytes: string; sha256: string }[] },
  context: SealContext,
) {
  return sealRun({
    runId: context.runId,
    startedAt: context.startedAt,
    finishedAt: context.startedAt,
    toolVersion: TOOL_VERSION,
    catalogVersion,
    scopes: context.scopes,
    coverage: context.coverage,
    evidence: sealed.evidence,
    findings: sealed.findings,
    previous: null,
    signer: context.signer,
  });
}

type SealContext = {
  runId: string;
  startedAt: string;
  scopes: ReturnType<typeof syntheticEstate>['scopes'];
  coverage: ReturnType<typeof syntheticEstate>['coverage'];
  signer: ReturnType<typeof localSigner>;
};

/**
 * Starts bench/export-child.ts for one job, which loads its code now (the same code as this
 * process) and does its job when {@link ChildProcess.run} gives it a stored run: in its own
 * process, so that its peak RSS is the job's. The export's process runs under a fixed old-space
 * ceiling ({@link EXPORT_OLD_SPACE_MIB}).
 */
class ChildProcess {
  private readonly proc: ReturnType<typeof spawn>;
  private text = '';
  private readonly closed: Promise<number | null>;
  readonly ready: Promise<void>;

  constructor(readonly job: ChildJob) {
    const script = fileURLToPath(new URL('./export-child.ts', import.meta.url));
    const heap = job === 'export' ? [`--max-old-space-size=${EXPORT_OLD_SPACE_MIB}`] : [];
    this.proc = spawn(process.execPath, [...process.execArgv, ...heap, script, job], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.proc.stdout?.setEncoding('utf8');
    let markReady: () => void = () => {};
    this.ready = new Promise((resolve) => {
      markReady = resolve;
    });
    this.proc.stdout?.on('data', (chunk: string) => {
      this.text += chunk;
      if (this.text.includes(CHILD_READY_MARK)) markReady();
    });
    this.closed = new Promise((resolve, reject) => {
      this.proc.on('error', reject);
      this.proc.on('close', (code) => {
        markReady();
        resolve(code);
      });
    });
  }

  /** The job's figures, or null when it failed (out of memory, say): the failure is printed and leaves its rows unmeasured. */
  async run<T>(root: string, out: string, notebooks: number): Promise<T | null> {
    await this.ready;
    this.proc.stdin?.end(`${JSON.stringify([root, out])}\n`);
    const code = await this.closed;
    const line = this.text.split('\n').find((l) => l.startsWith(CHILD_RESULT_MARK));
    if (code !== 0 || line === undefined) {
      process.stderr.write(`\n${this.job} of ${notebooks} notebooks failed (exit code ${code}):\n${this.text.slice(-2000)}\n`);
      return null;
    }
    return JSON.parse(line.slice(CHILD_RESULT_MARK.length)) as T;
  }

  /** Ends the process when no job was asked of it. */
  stop(): void {
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ai-evidence-bench-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * `store: false` skips the store, verify and export figures; `exportOnly` measures only what the
 * export needs (build, seal, one store round) and the export itself.
 */
export async function measureSize(
  notebooks: number,
  options: { store: boolean; exportOnly?: boolean } = { store: true },
): Promise<SizeResult> {
  const baselineRss = process.memoryUsage().rss;
  const children = options.store
    ? {
        export: new ChildProcess('export'),
        load: new ChildProcess('load'),
        verifyStore: new ChildProcess('verify-store'),
        verify: new ChildProcess('verify'),
      }
    : undefined;
  if (children) await Promise.all(Object.values(children).map((c) => c.ready));
  const exportOnly = options.exportOnly === true;
  const reps = exportOnly ? 0 : notebooks >= 100_000 ? 3 : 5;
  const ioReps = !options.store ? 0 : exportOnly || notebooks >= 100_000 ? 1 : 3;

  let estate!: ReturnType<typeof syntheticEstate>;
  const build = timeSync(() => {
    estate = syntheticEstate(notebooks);
  });
  const { records, scopes, coverage, startedAt } = estate;
  const evidence = records.map(sealEvidence);
  const findings = evaluate(catalog, { scopes, evaluatedAt: startedAt, evidence, coverage });
  const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  const context: SealContext = { runId: '20261101T120000Z-bench000', startedAt, scopes, coverage, signer };

  // Every JSON object a run stores, apart from the manifest: evidence records and findings.
  const stored: object[] = [...records, ...findings];
  const findingBytes = findings.map((f) => canonicalJson(f));
  const evidenceBytes = evidence.map((e) => e.bytes);
  const objectBuffers = [...evidenceBytes, ...findingBytes, signer.publicKeyPem].map((s) => Buffer.from(s));
  const storedBytes = objectBuffers.reduce((sum, b) => sum + b.length, 0);

  let canonicalMatchesLibrary = true;
  for (const value of stored) {
    if (canonicalJson(value) !== canonicalize(value)) {
      canonicalMatchesLibrary = false;
      break;
    }
  }

  // Serialization, hashing, sealing and evaluation: in memory, interleaved, median of `reps`.
  const findingObjects = findingBytes.map((bytes) => ({ bytes, sha256: sha256Hex(bytes) }));
  let sink = 0;
  const inMemory = await interleaved(reps, notebooks < 100_000, {
    canonicalJson: () =>
      timeSync(() => {
        for (const value of stored) sink += canonicalJson(value).length;
      }),
    jsonStringify: () =>
      timeSync(() => {
        for (const value of stored) sink += JSON.stringify(value).length;
      }),
    canonicalizeLibrary: () =>
      timeSync(() => {
        for (const value of stored) sink += (canonicalize(value) as string).length;
      }),
    hashFloor: () =>
      timeSync(() => {
        for (const bytes of objectBuffers) sink += hash('sha256', bytes).length;
      }),
    sealFromBytes: () =>
      timeAsync(async () => {
        const hashedEvidence = evidenceBytes.map((bytes) => ({ bytes, sha256: sha256Hex(bytes) }));
        const hashedFindings = findingBytes.map((bytes) => ({ bytes, sha256: sha256Hex(bytes) }));
        sink += (await seal({ evidence: hashedEvidence, findings: hashedFindings }, context)).objects.length;
      }),
    sealRun: () =>
      timeAsync(async () => {
        sink += (await seal({ evidence, findings: findingObjects }, context)).objects.length;
      }),
    sealEndToEnd: () =>
      timeAsync(async () => {
        const sealedEvidence = records.map(sealEvidence);
        const sealedFindings = findings.map((f) => {
          const bytes = canonicalJson(f);
          return { bytes, sha256: sha256Hex(bytes) };
        });
        sink += (await seal({ evidence: sealedEvidence, findings: sealedFindings }, context)).objects.length;
      }),
    stringifyAndHashFloor: () =>
      timeSync(() => {
        for (const value of stored) sink += hash('sha256', JSON.stringify(value)).length;
        sink += hash('sha256', signer.publicKeyPem).length;
      }),
    evaluate: () =>
      timeSync(() => {
        sink += evaluate(catalog, { scopes, evaluatedAt: startedAt, evidence, coverage }).length;
      }),
    stringifyFindings: () =>
      timeSync(() => {
        for (const f of findings) sink += JSON.stringify(f).length;
      }),
  });

  // Store and verify: on disk under os.tmpdir(), a fresh folder each round, no warm-up round.
  const sealed: SealedRun = await seal({ evidence, findings: findingObjects }, context);
  const prefix = `runs/${sealed.runId}/`;
  const io = { writeFloor: [] as number[], store: [] as number[], readFloor: [] as number[], verify: [] as number[] };
  let verifyOk = true;
  let exported: ExportFigures | null = null;
  for (let round = 0; round < ioReps; round++) {
    if (!exportOnly)
      io.writeFloor.push(
        await withTempDir((dir) =>
          timeAsync(async () => {
            const folders = new Map<string, Promise<unknown>>();
            await mapWithConcurrency(sealed.objects, 16, async (o) => {
              const path = join(dir, o.key);
              const folder = dirname(path);
              await getOrCreate(folders, folder, () => mkdir(folder, { recursive: true }));
              await writeFile(path, o.bytes);
            });
          }),
        ),
      );
    await withTempDir(async (dir) => {
      const store = new LocalFolderStore(dir);
      io.store.push(await timeAsync(() => storeSealedRun(store, sealed)));
      if (!exportOnly) {
        io.readFloor.push(
          await timeAsync(async () => {
            for (const key of await store.list(prefix)) sink += readFileSync(join(dir, key)).length;
          }),
        );
        io.verify.push(
          await timeAsync(async () => {
            if (!(await verifyStore(store)).ok) verifyOk = false;
          }),
        );
      }
      if (round === 0 && children) {
        // One after another, so that none competes with another for the machine.
        const out = join(dir, 'bundle.zip');
        const exportFigures = await children.export.run<NonNullable<ExportFigures['export']>>(dir, out, notebooks);
        const load = await children.load.run<NonNullable<ExportFigures['load']>>(dir, out, notebooks);
        const verifyStore = await children.verifyStore.run<NonNullable<ExportFigures['verifyStore']>>(dir, out, notebooks);
        const verify = exportFigures === null ? null : await children.verify.run<NonNullable<ExportFigures['verify']>>(dir, out, notebooks);
        exported = { export: exportFigures, load, verifyStore, verify };
      }
    });
  }

  for (const child of Object.values(children ?? {})) child.stop();
  if (sink === 0 && !exportOnly) throw new Error('Nothing was measured.');
  return {
    notebooks,
    evidence: evidence.length,
    findings: findings.length,
    objects: objectBuffers.length,
    storedBytes,
    reps,
    ioReps,
    ms: {
      build,
      ...inMemory.median,
      store: median(io.store),
      writeFloor: median(io.writeFloor),
      verify: median(io.verify),
      readFloor: median(io.readFloor),
    },
    export: exported,
    canonicalMatchesLibrary,
    verifyOk,
    peakRss: process.resourceUsage().maxRSS * 1024,
    baselineRss,
  };
}
