import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { mapWithConcurrency } from '../collectors/concurrency.js';
import { catalogVersion } from '../controls/index.js';
import { sha256Hex } from '../evidence/canonical.js';
import type { RunTags } from '../evidence/resource-tags.js';
import type { ManifestItem, PreviousRun, Statement } from '../seal/manifest.js';
import { MerkleTree } from '../seal/merkle.js';
import type { ItemProof } from '../seal/proof.js';
import type { ShardedManifest } from '../seal/shard.js';
import { sigstoreBundle } from '../seal/sigstore.js';
import { readStatement } from '../seal/verify.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import { TOOL_VERSION } from '../version.js';
import { chronological, csvRecord, FINDINGS_CSV_HEADER, findingCsvRecord, requirementsCsv } from './csv.js';
import type { ItemList } from './items.js';
import { jsonStream, LazyList } from './json-chunks.js';
import {
  describeRun,
  parseItem,
  type RunDescription,
  readItems,
  readRunHead,
  type SealedFinding,
  type SealedRunData,
  type StoredEvidence,
} from './load.js';
import {
  assessmentResultsChunks,
  assessmentResultsText,
  OSCAL_FRAMEWORK_IDS,
  type OscalFrameworkId,
  type OscalRunSource,
  OscalRunSummary,
  oscalCatalog,
} from './oscal.js';
import { PROOF_SCRIPT } from './proof-script.js';
import { type ReportFrameworkId, ReportModel, reportChunks } from './report.js';
import {
  copyShardedRun,
  firstShardedFinding,
  type IndexShardedRun,
  indexShardedRun,
  shardedIndexItems,
  shardedItemCount,
  shardedItems,
  shardedRecords,
} from './sharded-bundle.js';
import { StreamingZipWriter } from './zip.js';

export const BUNDLE_FORMAT = 'ai-evidence-bundle/v1';

/** The files at the bundle's root, beside the runs/ folder. */
export const ROOT_FILES = {
  readme: 'README.md',
  proofScript: 'verify_proof.py',
  oscal: 'assessment-results.json',
  report: 'report.html',
  requirements: 'requirements.csv',
  csv: 'findings.csv',
  index: 'index.json',
} as const;

export type ReportFramework = ReportFrameworkId;

/** One object of a run in the bundle: where it is, what it hashes to, and where its inclusion proof is. */
export interface IndexObject {
  runId: string;
  kind: ManifestItem['kind'];
  /** The object's path in the bundle: its key in the store. */
  key: string;
  sha256: string;
  size: number;
  /** Path of its inclusion proof JSON in the bundle. */
  proof: string;
}

export interface IndexRun {
  runId: string;
  startedAt: string;
  finishedAt: string;
  statementSha256: string;
  merkleRoot: string;
  previous: PreviousRun | null;
  manifest: string;
  statement: string;
  /** The run's statement as a Sigstore bundle v0.3. Absent in bundles made before it was exported. */
  sigstoreBundle?: string;
  /** Items the manifest lists (a sharded run's: its shards' evidence and findings), and how many of them the bundle holds. */
  items: number;
  included: number;
  evidence: number;
  findings: number;
  /** Only for a sharded run (its stored objects: proofs.bin, the key, each shard's manifest and packs): see {@link IndexShardedRun}. */
  format?: IndexShardedRun['format'];
  proofs?: IndexShardedRun['proofs'];
  publicKey?: IndexShardedRun['publicKey'];
  shards?: IndexShardedRun['shards'];
}

/** index.json: the machine-readable table of contents. */
export interface BundleIndex {
  format: typeof BUNDLE_FORMAT;
  generatedAt: string;
  toolVersion: string;
  catalogVersion: string;
  framework: ReportFramework | null;
  /** The frameworks whose requirements the OSCAL findings target. Absent in bundles made before OWASP LLM and the EU AI Act: AI RMF only. */
  oscalFrameworks: OscalFrameworkId[];
  /** The columns of findings.csv. Absent in bundles made before resource tags: the first twelve (`LEGACY_FINDINGS_CSV_HEADER` of ./csv.ts). */
  findingsCsvColumns: string[];
  range: { from: string; to: string };
  /** The root files other than index.json, with their SHA-256. */
  files: { name: string; sha256: string; size: number }[];
  runs: IndexRun[];
  objects: IndexObject[];
}

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** The bundle path of the inclusion proof of `key`: `runs/<run>/evidence/<sha>.json` has `runs/<run>/proofs/evidence/<sha>.json`. */
export function proofPath(runId: string, key: string): string {
  const prefix = runKeys.prefix(runId);
  return `${prefix}proofs/${key.slice(prefix.length).replace(/\.[A-Za-z0-9]+$/u, '')}.json`;
}

/** index.json's entry for one object of a run's manifest. */
export function indexObject(runId: string, item: ManifestItem): IndexObject {
  return { runId, kind: item.kind, key: item.key, sha256: item.sha256, size: item.size, proof: proofPath(runId, item.key) };
}

/**
 * The ids of the complete runs of `store` whose start (from their signed statement) lies in
 * [from, to], in store order. Runs without a statement (crashed before their commit point) are
 * not exported.
 */
export async function runsInRange(store: EvidenceStore, from: Date, to: Date): Promise<string[]> {
  // Statements are read 16 at a time: a store of a thousand runs costs tens of round trips, not a thousand.
  const started = await mapWithConcurrency(await store.listRuns(), 16, async (runId) => {
    let bytes: Buffer;
    try {
      bytes = await store.get(runKeys.statement(runId));
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
    return { runId, at: Date.parse(readStatement(bytes, runKeys.statement(runId)).statement.predicate.startedAt) };
  });
  return started.flatMap((r) => (r !== undefined && r.at >= from.getTime() && r.at <= to.getTime() ? [r.runId] : []));
}

export interface BundleOptions {
  from: Date;
  to: Date;
  framework?: ReportFramework;
  /** When the bundle is made; by default now. */
  generatedAt?: string;
  toolVersion?: string;
}

export interface BundleSummary {
  path: string;
  runs: string[];
  /** The newest exported run and its statement digest (the README's first line). */
  head: { runId: string; statementSha256: string };
  objects: number;
  findings: number;
  evidence: number;
}

/** A run of the export once its statement and manifest are read: everything but the manifest's item list. */
interface ExportRun {
  readonly runId: string;
  readonly manifest: RunDescription;
  readonly statement: Statement;
  readonly statementSha256: string;
  readonly statementBytes: Buffer;
  readonly itemCount: number;
  /** The run manifest of a sharded (v2) run; undefined for a run of the first format. */
  readonly sharded?: ShardedManifest;
  /** The run's RFC 3161 token and the TSA's certificates, when it has them. */
  readonly timestamp: { token: Buffer; chainPem: Buffer | null } | null;
}

/**
 * The manifests of the exported runs, read again when a pass over a run needs its item list: the
 * item list of a large run is the largest thing an export holds (about 300 bytes per object), so
 * only the last one read is kept, which is all a one-run export ever reads.
 */
class Manifests {
  private last: { runId: string; items: ItemList } | undefined;
  constructor(private readonly store: EvidenceStore) {}

  async of(run: ExportRun): Promise<ItemList> {
    if (this.last?.runId !== run.runId) {
      this.last = undefined;
      const head = await readRunHead(this.store, run.runId);
      if (head.format !== 1 || head.statementSha256 !== run.statementSha256 || head.items.length !== run.itemCount) {
        throw new ExportError(`The statement or manifest of run ${run.runId} changed during the export.`);
      }
      this.last = { runId: run.runId, items: head.items };
    }
    return this.last.items;
  }

  /** Keeps a head just read, so that the first pass over its run does not read it again. */
  keep(runId: string, items: ItemList): void {
    this.last = { runId, items };
  }
}

/** Texts written to a side file and read back by name: what an export renders early and writes later. */
class TextSpool {
  private fd: number | undefined;
  private size = 0;
  private readonly ranges = new Map<string, { start: number; length: number }>();
  constructor(private readonly path: string) {}

  put(name: string, text: string): void {
    this.fd ??= openSync(this.path, 'w+');
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.ranges.set(name, { start: this.size, length: bytes.length });
    this.size += bytes.length;
  }

  async get(name: string): Promise<string> {
    const range = this.ranges.get(name);
    if (range === undefined || this.fd === undefined) throw new ExportError(`The export has no ${name} part: this is a bug.`);
    const bytes = Buffer.alloc(range.length);
    for (let done = 0; done < range.length; ) {
      const read = readSync(this.fd, bytes, done, range.length - done, range.start + done);
      if (read === 0) throw new ExportError(`${this.path} ended early: it was changed during the export.`);
      done += read;
    }
    return bytes.toString('utf8');
  }

  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }
}

/**
 * The run's Sigstore bundle as the store holds it (verification, which runs before an export,
 * checked it against the envelope), or, for a run sealed before bundles were written, made now
 * from its envelope: every exported run has one.
 */
async function storedSigstoreBundle(store: EvidenceStore, run: ExportRun): Promise<Buffer> {
  try {
    return await store.get(runKeys.sigstoreBundle(run.runId));
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return sigstoreBundle(run.statementBytes);
    throw error;
  }
}

/** Evidence and findings read again after the first pass: their bytes are checked against the manifest, which that pass validated. */
function storedEvidence(item: ManifestItem, bytes: Buffer): StoredEvidence {
  const text = bytes.toString('utf8');
  return { key: item.key, sha256: item.sha256, bytes: text, record: JSON.parse(text) as StoredEvidence['record'] };
}
function storedFinding(item: ManifestItem, bytes: Buffer): SealedFinding {
  return { key: item.key, sha256: item.sha256, finding: JSON.parse(bytes.toString('utf8')) as SealedFinding['finding'] };
}

/**
 * Writes the auditor's bundle of `runIds` (verified beforehand by the caller) to `out`, a zip:
 * README.md, the runs' sealed objects with one inclusion proof per object, findings.csv,
 * assessment-results.json, report.html and index.json.
 *
 * Memory does not grow with the runs' content: objects are read from the store one at a time (a
 * few in flight), checked against the manifest and written to the zip at once. The first pass over
 * a run gathers what the OSCAL document's header and the report need (counts, one entry per
 * resource, bounded lists); findings.csv, the OSCAL observations and findings, and index.json are
 * then written while the run's objects (or its manifest) are read again. What an export holds is
 * one manifest's item list, those summaries, and the report's bounded lists.
 */
export async function writeBundle(
  store: EvidenceStore,
  runIds: readonly string[],
  out: string,
  options: BundleOptions,
): Promise<BundleSummary> {
  if (runIds.length === 0) throw new ExportError('There is no run to export.');
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  const toolVersion = options.toolVersion ?? TOOL_VERSION;
  const { controls } = oscalCatalog();
  const manifests = new Manifests(store);

  const heads: ExportRun[] = [];
  for (const runId of runIds) {
    const token = await optionalObject(store, runKeys.timestamp(runId));
    const timestamp = token === null ? null : { token, chainPem: await optionalObject(store, runKeys.tsaChain(runId)) };
    const head = await readRunHead(store, runId);
    const { statement, statementSha256, statementBytes } = head;
    if (head.format === 2) {
      // Its coverage is in its shards: the first pass gathers it, shard by shard, into this description.
      const manifest = describeRun(head, []);
      const itemCount = shardedItemCount(head.manifest);
      heads.push({ runId, manifest, statement, statementSha256, statementBytes, itemCount, sharded: head.manifest, timestamp });
      continue;
    }
    const { manifest, items } = head;
    const run: ExportRun = { runId, manifest, statement, statementSha256, statementBytes, itemCount: items.length, timestamp };
    manifests.keep(runId, items);
    heads.push(run);
  }
  const ordered = chronological(heads);

  const zip = new StreamingZipWriter(out, { mtime: new Date(generatedAt) });
  const files: BundleIndex['files'] = [];
  const addRoot = (name: string, text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    zip.add(name, bytes);
    files.push({ name, sha256: sha256Hex(bytes), size: bytes.length });
  };
  const addRootChunks = async (name: string, chunks: AsyncIterable<string>) => {
    const hash = createHash('sha256');
    let size = 0;
    await zip.addChunks(
      name,
      (async function* () {
        for await (const chunk of chunks) {
          hash.update(chunk, 'utf8');
          size += Buffer.byteLength(chunk, 'utf8');
          yield chunk;
        }
      })(),
    );
    files.push({ name, sha256: hash.digest('hex'), size });
  };
  /** The run's objects of one kind, read again from the store in manifest order. */
  const objectsOf = async function* <T>(run: ExportRun, kind: 'evidence' | 'finding', parse: (item: ManifestItem, bytes: Buffer) => T) {
    if (run.sharded !== undefined) {
      for await (const { item, bytes } of shardedItems(store, run.sharded, kind)) yield parse(item, bytes);
      return;
    }
    const items = await manifests.of(run);
    for await (const { item, bytes } of readItems(store, run.runId, items.ofKind(kind))) yield parse(item, bytes);
  };

  const indexRuns: IndexRun[] = [];
  const oscalSources: OscalRunSource[] = [];
  const report = new ReportModel(ordered.length);
  const reportParts = new TextSpool(`${out}.report-parts.partial`);
  /** The evidence records a run's report part shows, read again from the store. */
  const citedRecords = async (cited: ReadonlyMap<string, string>) => {
    const records = new Map<string, StoredEvidence>();
    for (const [sha, key] of cited) {
      const bytes = await store.get(key);
      if (sha256Hex(bytes) !== sha)
        throw new ExportError(`${key} changed during the export: it does not match its SHA-256 in the manifest.`);
      records.set(sha, storedEvidence({ kind: 'evidence', key, sha256: sha, size: bytes.length }, bytes));
    }
    return records;
  };
  const csvTags = new Map<string, RunTags>();
  let objects = 0;
  let findings = 0;
  let evidence = 0;
  let head = { runId: '', statementSha256: '' };
  try {
    // The README's commands name a real finding of the first run, so that they can be run as they are.
    const first = ordered[0] as ExportRun;
    const finding: ManifestItem | undefined =
      first.sharded === undefined
        ? (await manifests.of(first)).ofKind('finding').next().value
        : await firstShardedFinding(store, first.sharded);
    // The head: the exported run no other exported run names as its predecessor (the newest).
    const named = new Set(
      ordered.flatMap((r) => (r.statement.predicate.previous === null ? [] : [r.statement.predicate.previous.statementSha256])),
    );
    const newest = ordered.filter((r) => !named.has(r.statementSha256)).at(-1) ?? (ordered.at(-1) as ExportRun);
    head = { runId: newest.runId, statementSha256: newest.statementSha256 };
    addRoot(
      ROOT_FILES.readme,
      bundleReadme({
        runs: ordered.map((r) => r.runId),
        generatedAt,
        toolVersion,
        from: options.from,
        to: options.to,
        ...(finding === undefined ? {} : { finding: finding.key }),
        head,
        timestamped: ordered.find((r) => r.timestamp !== null)?.runId,
        sharded: ordered.some((r) => r.sharded !== undefined),
      }),
    );
    addRoot(ROOT_FILES.proofScript, PROOF_SCRIPT);

    // First pass: every object of every run, with its inclusion proof, into the zip.
    for (const [runIndex, run] of ordered.entries()) {
      const { runId, manifest } = run;
      const manifestKey = runKeys.manifest(runId);
      const statementKey = runKeys.statement(runId);
      const manifestBytes = await store.get(manifestKey);
      if (sha256Hex(manifestBytes) !== run.statement.subject[0]?.digest.sha256) {
        throw new ExportError(`${manifestKey} changed during the export: it does not match the SHA-256 in the signed statement.`);
      }
      zip.add(manifestKey, manifestBytes);
      zip.add(statementKey, run.statementBytes);
      const sigstoreKey = runKeys.sigstoreBundle(runId);
      zip.add(sigstoreKey, await storedSigstoreBundle(store, run));
      if (run.timestamp !== null) {
        zip.add(runKeys.timestamp(runId), run.timestamp.token);
        if (run.timestamp.chainPem !== null) zip.add(runKeys.tsaChain(runId), run.timestamp.chainPem);
      }
      const indexRun = (included: number, counts: { evidence: number; findings: number }): IndexRun => ({
        runId,
        startedAt: manifest.startedAt,
        finishedAt: manifest.finishedAt,
        statementSha256: run.statementSha256,
        merkleRoot: run.statement.subject.find((s) => s.name === 'merkle-root')?.digest.sha256 ?? manifest.merkle.root,
        previous: manifest.previous,
        manifest: manifestKey,
        statement: statementKey,
        sigstoreBundle: sigstoreKey,
        items: run.itemCount,
        included,
        evidence: counts.evidence,
        findings: counts.findings,
        ...(run.sharded === undefined ? {} : indexShardedRun(run.sharded)),
      });
      if (run.sharded !== undefined) {
        const sharded = run.sharded;
        const summary = new OscalRunSummary(run, controls, undefined);
        const reportRun = report.run(runIndex, run);
        await copyShardedRun(store, sharded, (name, data) => zip.add(name, data), {
          shard: (shard) => {
            manifest.coverage.push(...shard.coverage);
          },
          item: (item, bytes, evidenceKey) => {
            const parsed = parseItem(item, bytes);
            if (parsed.kind === 'evidence') {
              summary.addEvidence(parsed.evidence);
              reportRun.addEvidence(parsed.evidence);
            } else {
              // What a finding cites is in its own shard: resolved now, while the walk is there.
              summary.addFinding(parsed.finding, (sha) => evidenceKey(sha) !== undefined);
              reportRun.addFinding(parsed.finding, evidenceKey);
            }
          },
        });
        // The evidence the shown findings cite is in their shards' packs: those are read again (v1 reads each object).
        const finished = reportRun.finish();
        csvTags.set(runId, finished.tags);
        const bytes = await shardedRecords(store, sharded, finished.cited);
        const records = new Map<string, StoredEvidence>();
        for (const [sha, key] of finished.cited)
          records.set(sha, storedEvidence({ kind: 'evidence', key, sha256: sha, size: 0 }, bytes.get(sha) as Buffer));
        const parts = report.add(runIndex, finished, records);
        reportParts.put(`${runIndex}/evidence`, parts.evidence);
        reportParts.put(`${runIndex}/coverage`, parts.coverage);
        oscalSources.push({
          summary: summary.finish(),
          evidence: () => objectsOf(run, 'evidence', storedEvidence),
          findings: () => objectsOf(run, 'finding', storedFinding),
        });
        objects += run.itemCount;
        evidence += summary.evidence;
        findings += summary.findings;
        indexRuns.push(indexRun(run.itemCount, summary));
        continue;
      }
      const items = await manifests.of(run);
      const tree = MerkleTree.fromNodes(await store.get(runKeys.proofs(runId)), items.length);
      const root = run.statement.subject.find((s) => s.name === 'merkle-root')?.digest.sha256 ?? manifest.merkle.root;
      const summary = new OscalRunSummary(run, controls, (sha) => items.evidenceKey(sha) !== undefined);
      const reportRun = report.run(runIndex, run);
      let leafIndex = 0;
      for await (const { item, bytes } of readItems(store, runId, items)) {
        zip.add(item.key, bytes);
        const proof: ItemProof = {
          runId,
          key: item.key,
          sha256: item.sha256,
          leafIndex,
          treeSize: items.length,
          path: tree.inclusionProof(leafIndex).map((n) => n.toString('hex')),
          root,
        };
        zip.add(proofPath(runId, item.key), `${JSON.stringify(proof, null, 2)}\n`);
        leafIndex++;
        // Evidence and findings feed the derived files; any other object (a public key) is copied with its proof only.
        if (item.kind !== 'evidence' && item.kind !== 'finding') continue;
        const parsed = parseItem(item, bytes);
        if (parsed.kind === 'evidence') {
          summary.addEvidence(parsed.evidence);
          reportRun.addEvidence(parsed.evidence);
        } else {
          summary.addFinding(parsed.finding);
          reportRun.addFinding(parsed.finding);
        }
      }
      // The run's parts of the report are rendered now and kept on disk, so that the findings and
      // records they list are not held while the other runs are read.
      const finished = reportRun.finish((sha) => items.evidenceKey(sha));
      // The run's resource tags, for findings.csv: one entry per tagged AI resource, kept until the CSV is written.
      csvTags.set(runId, finished.tags);
      const parts = report.add(runIndex, finished, await citedRecords(finished.cited));
      reportParts.put(`${runIndex}/evidence`, parts.evidence);
      reportParts.put(`${runIndex}/coverage`, parts.coverage);
      oscalSources.push({
        summary: summary.finish(),
        evidence: () => objectsOf(run, 'evidence', storedEvidence),
        findings: () => objectsOf(run, 'finding', storedFinding),
      });
      objects += items.length;
      evidence += summary.evidence;
      findings += summary.findings;
      indexRuns.push(indexRun(items.length, summary));
    }

    await addRootChunks(
      ROOT_FILES.csv,
      (async function* () {
        yield csvRecord(FINDINGS_CSV_HEADER);
        for (const run of ordered)
          for await (const sealed of objectsOf(run, 'finding', storedFinding))
            yield findingCsvRecord(run.runId, sealed, csvTags.get(run.runId));
      })(),
    );
    // The roll-up per framework requirement, from what the report model kept of each run (counts per control, attestations).
    await addRootChunks(
      ROOT_FILES.requirements,
      (async function* () {
        yield* requirementsCsv(
          report.runs.map((r) => ({
            runId: r.runId,
            startedAt: r.manifest.startedAt,
            byControl: r.byControl,
            attestations: r.attestations,
          })),
          [...controls.values()],
        );
      })(),
    );
    await addRootChunks(ROOT_FILES.oscal, assessmentResultsText(oscalSources, { toolVersion, frameworks: OSCAL_FRAMEWORK_IDS }));
    // The report's changes since the previous run: the diff reads the run before last a second time.
    if (report.previousIndex !== undefined) {
      for await (const sealed of objectsOf(ordered[report.previousIndex] as ExportRun, 'finding', storedFinding))
        report.addPreviousAgain(sealed);
    }
    const reportOptions = { generatedAt, toolVersion, ...(options.framework === undefined ? {} : { framework: options.framework }) };
    await addRootChunks(
      ROOT_FILES.report,
      reportChunks(report, reportOptions, async (i, which) => reportParts.get(`${i}/${which}`)),
    );
    const index = {
      format: BUNDLE_FORMAT,
      generatedAt,
      toolVersion,
      catalogVersion,
      framework: options.framework ?? null,
      oscalFrameworks: [...OSCAL_FRAMEWORK_IDS],
      findingsCsvColumns: [...FINDINGS_CSV_HEADER],
      range: { from: options.from.toISOString(), to: options.to.toISOString() },
      files,
      runs: indexRuns,
      // Written from each run's manifest as the index is: one line per object, never the list.
      objects: new LazyList(
        (async function* (): AsyncGenerator<IndexObject> {
          for (const run of ordered) {
            const items = run.sharded === undefined ? await manifests.of(run) : shardedIndexItems(store, run.sharded);
            for await (const item of items) yield indexObject(run.runId, item);
          }
        })(),
      ),
    };
    await zip.addChunks(
      ROOT_FILES.index,
      (async function* () {
        yield* jsonStream(index, 1);
        yield '\n';
      })(),
    );
    zip.finish();
  } catch (error) {
    zip.abort();
    throw error;
  } finally {
    reportParts.remove();
  }
  return { path: out, runs: ordered.map((r) => r.runId), head, objects, findings, evidence };
}

/** The object under `key`, or null when the store has none. */
async function optionalObject(store: EvidenceStore, key: string): Promise<Buffer | null> {
  try {
    return await store.get(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return null;
    throw error;
  }
}

/** assessment-results.json of runs held in memory, in pieces: `JSON.stringify(document, null, 2)` and a line break. */
export function oscalText(runs: readonly SealedRunData[], toolVersion: string): Generator<string> {
  return assessmentResultsChunks(runs, { toolVersion });
}

/** The bundle's README.md: what it holds and how to check it, with ai-evidence or with tools that are not ours. */
export function bundleReadme(info: {
  runs: readonly string[];
  generatedAt: string;
  toolVersion: string;
  from: Date;
  to: Date;
  /** A finding of the first run, which the commands below name so that they run as they are. */
  finding?: string;
  /** The newest exported run and the SHA-256 of its statement: the first line, to compare with what Security Hub or the owner saw. */
  head: { runId: string; statementSha256: string };
  /** A run that carries an RFC 3161 token, for the openssl example; none when no run does. */
  timestamped?: string | undefined;
  /** Whether a run of the bundle is sharded: its layout is described then (a bundle of v1 runs only has the same README as before). */
  sharded?: boolean;
}): string {
  const first = info.runs[0] ?? '<run-id>';
  const finding = info.finding ?? `runs/${first}/findings/<sha256>.json`;
  const proof = info.finding === undefined ? `runs/${first}/proofs/findings/<sha256>.json` : proofPath(first, info.finding);
  const stamped = info.timestamped ?? '<run-id>';
  const shardedRows = info.sharded
    ? `
| \`runs/<run>/shards/<shard>/shard.json\` | a sharded run (its manifest lists shards, not objects): the manifest of one shard (an AWS account, or \`run\` for the run's attestations and trust list), listed by SHA-256 in the run's manifest: its coverage, its two packs by SHA-256, each item's SHA-256 and place in its pack, and the shard's Merkle root |
| \`runs/<run>/shards/<shard>/evidence.jsonl\`, \`findings.jsonl\` | the shard's packs as they are stored: one item a line, canonical JSON, sorted by SHA-256 |
| \`runs/<run>/shards/<shard>/evidence/<sha256>.json\`, \`findings/<sha256>.json\` | one item of a shard as a file of its own: the same bytes as its line in the pack |
| \`runs/<run>/proofs/shards/<shard>/<folder>/<sha256>.json\` | the item's proof in two steps (RFC 9162 each): the item in its shard's tree, then the shard's root in the run's tree, whose root the statement signs |
| \`runs/<run>/proofs.bin\` | a sharded run's tree over its shard roots, as stored (every level, 32 bytes a node) |`
    : '';
  const shardedObject = info.sharded
    ? `

In a sharded run an item's SHA-256 is listed in its shard's \`shard.json\` (\`index\`), and the
SHA-256 of \`shard.json\` in the run's \`manifest.json\` (\`shards\`).`
    : '';
  return `Head statement SHA-256: ${info.head.statementSha256} (run ${info.head.runId})

# ai-evidence evidence bundle

Made by ${info.toolVersion} on ${info.generatedAt}, for the runs that started between
${info.from.toISOString()} and ${info.to.toISOString()}: ${info.runs.length} run(s), ${info.runs.join(', ')}.

Each run is an assessment of AI workloads on AWS whose evidence, findings and manifest were sealed
when the run ended: every object is listed by SHA-256 in the run's manifest, the manifest and the
Merkle root of those digests are named in an in-toto statement, and the statement is signed
(DSSE envelope, ECDSA P-256 with SHA-256). Nothing in this bundle needs to be trusted on its own:
everything below can be checked offline against the signatures.

## What is in it

| path | what it is |
|---|---|
| \`README.md\` | this file |
| \`verify_proof.py\` | checks one object's inclusion proof against the signed Merkle root, in Python 3 with the standard library only (below) |
| \`report.html\` | a readable report: posture per framework, trend across the runs, failing controls, evidence, coverage gaps; open it in a browser, it fetches nothing |
| \`assessment-results.json\` | the same runs as an OSCAL 1.1.2 assessment-results document, for OSCAL tooling |
| \`findings.csv\` | one row per finding, for spreadsheets, ending with the owner-like tag and every tag of the finding's resource as the run sealed them (cells a spreadsheet would read as a formula start with \`'\`) |
| \`requirements.csv\` | one row per run and framework requirement (NIST AI RMF, CAF-AI, ISO/IEC 42001, OWASP LLM Top 10, EU AI Act): its roll-up status, how it is evidenced, the controls and attestation behind it |
| \`index.json\` | machine-readable table of contents: the runs, and every object with its kind, key, SHA-256, size and the path of its inclusion proof |
| \`runs/<run>/statement.dsse.json\` | the signed statement (DSSE envelope) of the run |
| \`runs/<run>/statement.sigstore.json\` | the same signed statement as a Sigstore bundle v0.3, for cosign and sigstore-js |
| \`runs/<run>/timestamp.tsr\` | when the run has one: an RFC 3161 TimeStampToken (DER, the token alone, not the whole TSA response) over the SHA-256 of the exact bytes of \`statement.dsse.json\` |
| \`runs/<run>/tsa-chain.pem\` | the certificates the Time-Stamp Authority sent with the token (not trusted on their own: pin the TSA's root) |
| \`runs/<run>/manifest.json\` | the run's manifest: every object with its SHA-256, coverage, the Merkle root, the previous run |
| \`runs/<run>/keys/<key-id>.pem\` | the signer's public key (the key id is the SHA-256 of its DER SubjectPublicKeyInfo) |
| \`runs/<run>/findings/<sha256>.json\` | one finding, canonical JSON; its file name is its SHA-256 |
| \`runs/<run>/evidence/<sha256>.json\` | one evidence record (an AWS API answer), canonical JSON; every record of the run is here, so its findings can be re-evaluated |
| \`runs/<run>/proofs/<folder>/<sha256>.json\` | the Merkle inclusion proof (RFC 9162) of the object of the same name, up to the signed root |${shardedRows}

## Verify everything

With ai-evidence installed:

\`\`\`sh
ai-evidence verify bundle.zip                             # trusts the key of the oldest run in the bundle
ai-evidence verify bundle.zip --public-key signer.pem     # better: pin the key you received out of band
ai-evidence verify bundle.zip --public-key signer.pem --tsa-ca tsa-root.pem --require-timestamp \\
  --max-age 2d --expect-head ${info.head.statementSha256}
\`\`\`

\`--tsa-ca\` pins the root of the Time-Stamp Authority whose tokens you accept (without it only the
ai-evidence DEMO TSA is trusted, whose key is public: its tokens prove nothing). \`--max-age\` fails
when the newest run's trusted time (its token's, else its signed finish, and the output says which)
is older than the age, and \`--expect-head\` fails unless the chain ends at the statement digest you
were given elsewhere (the first line of this file, or the one Security Hub received): together they
show runs deleted or withheld after the newest one you see.

It checks, offline: each run's signature (one key for all runs), the manifest against the signed
statement, every object's SHA-256 against the manifest, every inclusion proof against the signed
root, the chain of runs (the first run's link to its predecessor, which is not in the bundle, is
taken as the anchor and printed), re-evaluation of every run's findings from its evidence, that
each run's Sigstore bundle holds exactly its signed envelope, and that findings.csv,
requirements.csv, assessment-results.json and index.json agree with the sealed findings and
attestations. It exits non-zero and names the entry on any change.

## Verifying without ai-evidence

Three checks with tools that are not ours: the signature with openssl, the signed statement with
cosign or sigstore-js, and one finding's place under the signed Merkle root with a short Python
script (standard library only) that is in this bundle and meant to be read before it is run. The
commands below are for run ${first} (any run works the same way), in a folder where the bundle
was unzipped. \`signer.pem\` is the public key the evidence owner gave you by another channel;
the one in the bundle (\`runs/<run>/keys/\`) should be the same key.

### Check one signature with openssl alone

\`\`\`sh
RUN=runs/${first}
# The payload (the signed statement) and the signature, base64 in the DSSE envelope:
sed -n 's/.*"payload":"\\([^"]*\\)".*/\\1/p' $RUN/statement.dsse.json | openssl base64 -d -A > payload.json
sed -n 's/.*"sig":"\\([^"]*\\)".*/\\1/p' $RUN/statement.dsse.json | openssl base64 -d -A > sig.der
# DSSE signs the pre-authentication encoding: "DSSEv1 <len(type)> <type> <len(payload)> <payload>"
printf 'DSSEv1 %d %s %d ' 28 application/vnd.in-toto+json "$(wc -c < payload.json)" > pae.bin
cat payload.json >> pae.bin
openssl dgst -sha256 -verify $RUN/keys/*.pem -signature sig.der pae.bin     # prints: Verified OK
\`\`\`

Then compare the manifest with the digest the statement signs, and an object with the manifest:

\`\`\`sh
openssl dgst -sha256 $RUN/manifest.json     # equals the first subject's digest in payload.json
openssl dgst -sha256 $RUN/findings/<sha256>.json   # equals its file name and its entry in manifest.json
\`\`\`${shardedObject}

The key id in the signature (\`keyid\`) is \`openssl pkey -pubin -in $RUN/keys/*.pem -outform DER | openssl dgst -sha256\`.
Compare the key itself with the one the evidence owner gave you by another channel: a bundle signed
by a different key verifies with that key too.

### Check the signed statement with cosign

\`runs/<run>/statement.sigstore.json\` is the run's DSSE envelope in a Sigstore bundle v0.3
(\`application/vnd.dev.sigstore.bundle.v0.3+json\`) whose public-key hint is the key id. The
envelope's payload and signature are those of \`statement.dsse.json\`; its signature carries no
\`keyid\` there (the hint names the key; cosign passes over a DSSE signature whose keyid is not
its own fingerprint of the key, and the keyid is not signed). The runs are not in a transparency
log, so the bundle has no log entry and the key you pin is what is trusted. cosign 3.0.4 or later
needs no Sigstore trusted root for this:

\`\`\`sh
cosign verify-blob-attestation --bundle runs/${first}/statement.sigstore.json --key signer.pem \\
  --insecure-ignore-tlog --type https://ai-evidence.dev/sealed-run/v1 runs/${first}/manifest.json
\`\`\`

It prints \`Verified OK\`. The file at the end is the blob the attestation must be about: cosign
hashes it and requires a subject of the statement with that SHA-256. The statement's subjects are
the run's \`manifest.json\` and its Merkle root, so give the manifest, which lists every object of
the run by SHA-256. The root is a digest, not a file; to check that subject instead, give
\`--digest <root> --digestAlg sha256\` in place of the file, where \`<root>\` is the \`merkle-root\`
subject's digest.

### Check the signed statement with sigstore-js

In a folder with \`npm install @sigstore/bundle @sigstore/verify\` (Node.js 22 or later), save this as
\`verify-statement.mjs\` and run \`node verify-statement.mjs runs/${first}/statement.sigstore.json signer.pem\`:

\`\`\`js
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';

const [bundlePath, keyPath] = process.argv.slice(2);
const key = createPublicKey(readFileSync(keyPath));
// The bundle names its key by a hint, the SHA-256 of the key's DER SubjectPublicKeyInfo: only the pinned key answers to it.
const keyId = createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
const trust = {
  certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [],
  publicKey: (hint) => {
    if (hint !== keyId) throw new Error(\`the bundle names key \${hint}, not the pinned key \${keyId}\`);
    return { publicKey: key, validFor: () => true };
  },
};
// No transparency log and no certificate to require: the pinned key is the trust.
const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')))));
console.log('Verified OK');
\`\`\`

It throws (\`signature verification failed\`) when the statement or its signature was changed.

### Check one finding with Python alone

\`verify_proof.py\` checks one object's RFC 9162 inclusion proof: that the object's SHA-256 is the
one its proof is for, that the proof's audit path leads from that leaf to a root, and that this
root is the \`merkle-root\` subject of the statement in the run's DSSE envelope. It reads the
statement; it does not check the envelope's signature, which is the openssl (or cosign) check
above: a root is worth what the signature over it is worth.

\`\`\`sh
python3 verify_proof.py ${finding} \\
  ${proof} \\
  runs/${first}/statement.dsse.json
\`\`\`

It prints \`OK: ...\` and exits 0 when the object is included, prints \`FAILED: ...\` and exits 1
when it is not (a changed byte of the object, of its proof or of the statement), and exits 2 when a
file is not what it should be. Any object works the same way: evidence records under
\`runs/<run>/evidence/\` have their proofs under \`runs/<run>/proofs/evidence/\`.${
    info.sharded
      ? `
An item of a sharded run (\`runs/<run>/shards/<shard>/...\`) has its proof under
\`runs/<run>/proofs/shards/<shard>/...\`; the script checks both of its steps, the item up to its
shard's root and that root up to the signed one.`
      : ''
  }
## Check a timestamp with openssl alone

Each run with a \`timestamp.tsr\` carries an RFC 3161 token over the SHA-256 of its
\`statement.dsse.json\`. With the TSA's root certificate (\`tsa-root.pem\`, from the TSA, not from
this bundle), for run ${stamped}:

\`\`\`sh
openssl ts -verify -in runs/${stamped}/timestamp.tsr -token_in -data runs/${stamped}/statement.dsse.json -CAfile tsa-root.pem     # prints: Verification: OK
openssl ts -reply -in runs/${stamped}/timestamp.tsr -token_in -text     # the token's time (Time stamp:) and TSA
\`\`\`

Add \`-untrusted runs/${stamped}/tsa-chain.pem\` when the TSA signs with an intermediate certificate
the token does not carry. The token's time should be within minutes after the run's \`finishedAt\` in
the statement; a run whose time lies far before its token time was back-dated.
`;
}
