import { createHash, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { eachFinding } from '../controls/evaluate.js';
import { catalog as defaultCatalog } from '../controls/index.js';
import { type Control, FindingSchema, type FindingStatus } from '../controls/types.js';
import { canonicalJson, isCanonicalJson, sha256Hex } from '../evidence/canonical.js';
import { checkedEvidence, parseEvidence } from '../evidence/record.js';
import { mayBeTaggingRecord, runTags } from '../evidence/resource-tags.js';
import { checkLinks, manifestMatchesStatement } from '../seal/chain.js';
import { preAuthEncoding } from '../seal/dsse.js';
import { checkHead, checkRunTimestamp, checkTimestampLinks, type HeadReport, type RunTimestampReport } from '../seal/freshness.js';
import { type ManifestItem, MERKLE_ROOT_SUBJECT, type Statement } from '../seal/manifest.js';
import { leafHash, nodeHash } from '../seal/merkle.js';
import { checkItemProof, type ItemProof } from '../seal/proof.js';
import type { NotReEvaluated } from '../seal/reevaluation.js';
import type { ShardedManifest } from '../seal/shard.js';
import { parseShardedManifest, runFormatOf } from '../seal/shard-read.js';
import { keyIdOf, parsePublicKey, verifySignature } from '../seal/signer.js';
import { sigstoreBundleProblem } from '../seal/sigstore.js';
import { readStatement, runReEvaluation, type TimeOptions, timestampPolicy, type VerifyProblem } from '../seal/verify.js';
import { runKeys } from '../store/types.js';
import { DigestMap } from '../util/digest-map.js';
import { getOrCreate } from '../util/maps.js';
import { type IndexObject, type IndexRun, indexObject, proofPath, ROOT_FILES } from './bundle.js';
import { BundleZip, MANIFEST_MAX_BYTES, OBJECT_MAX_BYTES } from './bundle-zip.js';
import {
  csvRecord,
  FINDINGS_CSV_HEADER,
  type FindingsCsvHeader,
  findingCsvRecord,
  LEGACY_FINDINGS_CSV_HEADER,
  REQUIREMENTS_CSV_HEADER,
  requirementCsvRecords,
} from './csv.js';
import { type ItemList, parseManifest } from './items.js';
import { jsonStream, LazyList } from './json-chunks.js';
import { JsonArraySplitter } from './json-split.js';
import type { RunDescription, SealedFinding, StoredEvidence } from './load.js';
import {
  assessmentResultsText,
  LEGACY_OSCAL_FRAMEWORK_IDS,
  OSCAL_FRAMEWORK_IDS,
  type OscalRunSource,
  OscalRunSummary,
  oscalCatalog,
} from './oscal.js';
import { describeShardedRun, indexShardedRun, shardedItemCount } from './sharded-bundle.js';
import { BufferSource, type ByteSource, FileSource, type ZipEntry, ZipFormatError, ZipReader } from './unzip.js';
import { shardedIndexObjects, verifyShardedRun, zipShardItems } from './verify-bundle-sharded.js';

export interface BundleRunReport {
  runId: string;
  /** Objects of the run's manifest (a sharded run's: its shards' evidence and findings), and how many the bundle holds and verified (as files of their own). */
  items: number;
  included: number;
  evidence: number;
  findings: number;
  proofsChecked: number;
  /** Whether any control's findings were re-evaluated from the bundle's evidence. */
  reEvaluated: boolean;
  /** The controls whose findings were re-evaluated, sorted. */
  reEvaluatedControls: string[];
  /** The run's controls this tool does not have in the version that judged it (named in a warning). */
  notReEvaluated: NotReEvaluated[];
  /** The run's RFC 3161 token (runs/<run>/timestamp.tsr): verified, none, or invalid. */
  timestamp: RunTimestampReport;
}

export interface BundleVerifyReport {
  ok: boolean;
  location: string;
  trustedKeyId: string | undefined;
  trustedKeySource: string;
  /** Where the TSA anchors came from (the demo TSA's root unless pinned with --tsa-ca). */
  tsaAnchorsSource: string;
  /** The newest run of the bundle's chain and the time it is trusted for. */
  head: HeadReport | undefined;
  /** The previous run named by the first run of the bundle: the chain's anchor, outside the bundle. */
  anchor: { runId: string; previous: { runId: string; statementSha256: string } | null } | undefined;
  runs: BundleRunReport[];
  /** The derived files checked against the sealed findings. */
  derived: string[];
  problems: VerifyProblem[];
  /** What holds but is worth knowing: controls of a run this tool could not re-evaluate. */
  warnings: VerifyProblem[];
}

export interface BundleVerifyOptions extends TimeOptions {
  publicKey?: Uint8Array | string;
  publicKeySource?: string;
  /** The catalog to re-evaluate with (this tool's by default), as for {@link verifyStore}. */
  catalog?: readonly Control[];
  catalogVersion?: string;
}

/** The parts of index.json that verification reads, but its object list, which is read element by element. */
const IndexHeadSchema = z.looseObject({
  toolVersion: z.string(),
  // Bundles made before OWASP LLM and the EU AI Act were mapped have none: their OSCAL findings target AI RMF only.
  oscalFrameworks: z.array(z.enum(OSCAL_FRAMEWORK_IDS)).optional(),
  // Bundles made before resource tags have none: their findings.csv has the first twelve columns.
  findingsCsvColumns: z.array(z.string()).optional(),
  files: z.array(z.looseObject({ name: z.string(), sha256: z.string(), size: z.number() })),
  runs: z.array(
    z.looseObject({ runId: z.string(), statementSha256: z.string(), merkleRoot: z.string(), sigstoreBundle: z.string().optional() }),
  ),
  objects: z.array(z.unknown()),
});
type IndexHead = z.infer<typeof IndexHeadSchema>;
const IndexObjectSchema = z.looseObject({ runId: z.string(), kind: z.string(), key: z.string(), sha256: z.string(), proof: z.string() });

/** A run once its statement and manifest are read: everything but the manifest's item list. */
interface LoadedRun {
  runId: string;
  envelope: ReturnType<typeof readStatement>['envelope'];
  /** The envelope's bytes as the bundle holds them: what the run's Sigstore bundle is checked against. */
  statementBytes: Buffer;
  statement: Statement;
  statementSha256: string;
  /** The exact bytes of statement.dsse.json: what the run's token is over. */
  envelopeBytes: Buffer;
  /** What the run's token showed (set once it is checked). */
  timestamp: RunTimestampReport;
  manifest: RunDescription;
  /** The run manifest of a sharded (v2) run, as the bundle holds it; undefined for a run of the first format. */
  sharded?: ShardedManifest;
  itemCount: number;
  /** The signed Merkle root (or the manifest's, when the statement names none): what proofs and the index name. */
  root: string;
  /** Set when the run verified without a problem: what the derived files are rebuilt from. */
  verified?: { summary: OscalRunSummary | Error; included: number; evidence: number; findings: number };
}

/**
 * The item lists of the bundle's runs, read again from their manifests when a pass needs one: the
 * item list is the largest thing a run's verification holds besides its evidence (41 bytes per
 * object), so only the last one read is kept.
 */
class Manifests {
  private last: { runId: string; items: ItemList } | undefined;
  constructor(private readonly bundle: BundleZip) {}

  of(run: LoadedRun): ItemList {
    if (this.last?.runId !== run.runId) {
      this.last = undefined;
      const key = runKeys.manifest(run.runId);
      const entry = this.bundle.zip.entry(key);
      const bytes = entry === undefined ? null : this.bundle.read(entry, MANIFEST_MAX_BYTES, run.runId);
      if (bytes === null || sha256Hex(bytes) !== run.statement.subject[0]?.digest.sha256) {
        throw new Error(`${key} could not be read again as the one the signed statement names.`);
      }
      const { items } = parseManifest(bytes, run.runId);
      this.last = { runId: run.runId, items };
    }
    return this.last.items;
  }

  keep(runId: string, items: ItemList): void {
    this.last = { runId, items };
  }
}

/**
 * Verifies an evidence bundle (a zip made by `ai-evidence export`) offline: signatures with one
 * trusted key, manifests against the signed statements, every included object against its manifest
 * and its inclusion proof against the signed root, the chain between the bundle's runs (the first
 * run's predecessor is the anchor), re-evaluation of every run whose evidence is all there, and the
 * derived files (findings.csv, assessment-results.json, index.json) against the sealed findings.
 *
 * The zip is read by offset ({@link ZipReader}), never whole: `input` is the zip's bytes or a
 * {@link ByteSource} over them (a file: see {@link verifyBundleFile}). What verification holds is
 * the zip's entry table (about 30 bytes per entry), one run's item list and evidence at a time
 * (re-evaluation needs the run's evidence), its findings as 16-byte digests, a per-run summary for
 * the OSCAL document, and the index's objects as digests; the derived files are rebuilt piece by
 * piece from objects read again from the zip, and compared by SHA-256.
 */
export async function verifyBundle(
  input: Uint8Array | ByteSource,
  location: string,
  options: BundleVerifyOptions = {},
): Promise<BundleVerifyReport> {
  const problems: VerifyProblem[] = [];
  const report: BundleVerifyReport = {
    ok: false,
    location,
    trustedKeyId: undefined,
    trustedKeySource: options.publicKeySource ?? 'the oldest run in the bundle',
    tsaAnchorsSource: timestampPolicy(options).anchorsSource,
    head: undefined,
    anchor: undefined,
    runs: [],
    derived: [],
    problems,
    warnings: [],
  };
  const source = input instanceof Uint8Array ? new BufferSource(input) : input;
  let zip: ZipReader;
  try {
    zip = ZipReader.open(source);
  } catch (error) {
    problems.push({ message: `The bundle is not a readable zip: ${(error as Error).message}` });
    return report;
  }
  // A name held twice is refused: the second copy could hide behind the first.
  for (const [name, count] of zip.duplicates) {
    problems.push({ object: name, message: `The bundle holds ${name} ${count} times: an entry was added.` });
  }
  const bundle = new BundleZip(zip, problems);
  const manifests = new Manifests(bundle);

  // The runs: every runs/<id>/statement.dsse.json in the zip.
  const ids = new Set<string>();
  for (const { name } of zip.names()) {
    const id = /^runs\/([^/]+)\/statement\.dsse\.json$/u.exec(name)?.[1];
    if (id !== undefined) ids.add(id);
  }
  const runIds = [...ids].sort();
  if (runIds.length === 0) {
    problems.push({ message: 'The bundle holds no signed run.' });
    return report;
  }
  const loaded: LoadedRun[] = [];
  for (const runId of runIds) {
    const run = loadRun(bundle, manifests, runId, problems);
    if (run !== undefined) loaded.push(run);
  }
  loaded.sort((a, b) =>
    a.manifest.startedAt < b.manifest.startedAt ? -1 : a.manifest.startedAt > b.manifest.startedAt ? 1 : a.runId < b.runId ? -1 : 1,
  );

  // The trusted key: pinned, or the oldest run's.
  let trustedKey: KeyObject | undefined;
  try {
    if (options.publicKey !== undefined) trustedKey = parsePublicKey(options.publicKey, options.publicKeySource ?? 'The pinned public key');
    else if (loaded[0] !== undefined) {
      const oldest = loaded[0];
      const keyItem: ManifestItem | undefined =
        oldest.sharded === undefined
          ? manifests.of(oldest).ofKind('public-key').next().value
          : { kind: 'public-key', ...oldest.sharded.publicKey };
      const keyEntry = keyItem === undefined ? undefined : zip.entry(keyItem.key);
      const keyBytes = keyEntry === undefined ? undefined : bundle.read(keyEntry, OBJECT_MAX_BYTES, oldest.runId);
      if (keyItem === undefined || keyBytes === undefined || keyBytes === null)
        throw new Error(`The oldest run ${oldest.runId} has no public key in the bundle; pin one with --public-key.`);
      trustedKey = parsePublicKey(keyBytes, keyItem.key);
    }
    if (trustedKey !== undefined) report.trustedKeyId = keyIdOf(trustedKey);
  } catch (error) {
    problems.push({ message: (error as Error).message });
  }

  for (const name of Object.values(ROOT_FILES)) bundle.claim(name);
  for (const run of loaded) report.runs.push(verifyRun(run, bundle, manifests, trustedKey, problems, report.warnings, options));
  // Each run's token over its envelope (not in the manifest: it comes after the statement), and the chain's times.
  const policy = timestampPolicy(options);
  for (const [i, run] of loaded.entries()) {
    const tokenEntry = bundle.claim(runKeys.timestamp(run.runId));
    const chainEntry = bundle.claim(runKeys.tsaChain(run.runId));
    const token = tokenEntry === undefined ? null : bundle.read(tokenEntry, OBJECT_MAX_BYTES, run.runId);
    const chain = chainEntry === undefined ? null : bundle.read(chainEntry, OBJECT_MAX_BYTES, run.runId);
    if (tokenEntry !== undefined && token === null) continue;
    const time = await checkRunTimestamp(
      { runId: run.runId, statement: run.statement, envelopeBytes: run.envelopeBytes, token, chainPem: chain?.toString('utf8') ?? null },
      policy,
    );
    run.timestamp = time.report;
    (report.runs[i] as BundleRunReport).timestamp = time.report;
    problems.push(...time.problems);
    report.warnings.push(...time.warnings);
  }
  problems.push(...checkTimestampLinks(loaded));
  const fresh = checkHead(loaded, options);
  report.head = fresh.head;
  problems.push(...fresh.problems);

  // Anything in the zip that no manifest lists and that is not a root file was added.
  for (const { name, index } of zip.names()) {
    if (name.endsWith('/') || bundle.isClaimed(index)) continue;
    // A second copy of a name is reported as such above; a first copy that nothing lists is reported here once.
    if (zip.duplicates.has(name) && zip.entry(name)?.index !== index) continue;
    problems.push({ object: name, message: `${name} is in the bundle but in no run's manifest: an entry was added.` });
  }

  report.anchor = checkChain(loaded, problems);
  await checkDerived(loaded, bundle, manifests, report, problems);
  report.ok = problems.length === 0;
  return report;
}

/** {@link verifyBundle} of a zip file, read by offset: the file is never read whole. */
export async function verifyBundleFile(path: string, location = path, options: BundleVerifyOptions = {}): Promise<BundleVerifyReport> {
  const source = new FileSource(path);
  try {
    return await verifyBundle(source, location, options);
  } finally {
    source.close();
  }
}

/** Reads a run's statement and the manifest it names; undefined (with the problem) when either cannot be trusted. */
function loadRun(bundle: BundleZip, manifests: Manifests, runId: string, problems: VerifyProblem[]): LoadedRun | undefined {
  const statementKey = runKeys.statement(runId);
  const manifestKey = runKeys.manifest(runId);
  try {
    const statementEntry = bundle.zip.entry(statementKey) as ZipEntry;
    const statementBytes = bundle.read(statementEntry, OBJECT_MAX_BYTES, runId);
    if (statementBytes === null) return undefined;
    const { envelope, payload, statement } = readStatement(statementBytes, statementKey);
    const manifestEntry = bundle.zip.entry(manifestKey);
    if (manifestEntry === undefined) {
      problems.push({ runId, object: manifestKey, message: `${manifestKey} is missing from the bundle.` });
      return undefined;
    }
    const manifestBytes = bundle.read(manifestEntry, MANIFEST_MAX_BYTES, runId);
    if (manifestBytes === null) return undefined;
    if (statement.subject[0]?.name !== manifestKey || sha256Hex(manifestBytes) !== statement.subject[0].digest.sha256) {
      problems.push({
        runId,
        object: manifestKey,
        message: `${manifestKey} does not match the SHA-256 in the signed statement: it was altered.`,
      });
      return undefined;
    }
    let manifest: RunDescription;
    let itemCount: number;
    let sharded: ShardedManifest | undefined;
    try {
      if (runFormatOf(manifestBytes) === 2) {
        sharded = parseShardedManifest(manifestBytes, manifestKey);
        // Its coverage is in its shards: verification gathers it shard by shard.
        manifest = describeShardedRun(sharded, []);
        itemCount = shardedItemCount(sharded);
      } else {
        const parsed = parseManifest(manifestBytes, runId);
        manifest = parsed.manifest;
        itemCount = parsed.items.length;
        manifests.keep(runId, parsed.items);
      }
    } catch (error) {
      problems.push({ runId, object: manifestKey, message: `${manifestKey} is not a valid manifest: ${(error as Error).message}` });
      return undefined;
    }
    const root = statement.subject.find((s) => s.name === MERKLE_ROOT_SUBJECT)?.digest.sha256 ?? manifest.merkle.root;
    const run: LoadedRun = {
      runId,
      envelope,
      statementBytes,
      statement,
      statementSha256: sha256Hex(payload),
      envelopeBytes: statementBytes,
      timestamp: { status: 'none' },
      manifest,
      ...(sharded === undefined ? {} : { sharded }),
      itemCount,
      root,
    };
    // manifestMatchesStatement reads the run id, times, previous run and signer, which both formats have.
    if (statement.predicate.runId !== runId || !manifestMatchesStatement({ ...manifest, schemaVersion: 1, items: [] }, statement, runId)) {
      problems.push({
        runId,
        object: manifestKey,
        message: `${manifestKey} disagrees with the signed statement of run ${runId} on the run id, times, previous run or signer.`,
      });
    }
    return run;
  } catch (error) {
    problems.push({ runId, object: statementKey, message: (error as Error).message });
    return undefined;
  }
}

/** The RFC 9162 Merkle tree hash of leaves given one at a time, holding one node per level. */
export function merkleRoot(digests: Iterable<Uint8Array>): Buffer {
  const stack: { height: number; hash: Buffer }[] = [];
  for (const digest of digests) {
    let node = { height: 0, hash: leafHash(digest) };
    while (stack.length > 0 && (stack[stack.length - 1] as { height: number }).height === node.height) {
      const left = stack.pop() as { height: number; hash: Buffer };
      node = { height: node.height + 1, hash: nodeHash(left.hash, node.hash) };
    }
    stack.push(node);
  }
  if (stack.length === 0) return createHash('sha256').digest();
  let hash = (stack.pop() as { hash: Buffer }).hash;
  while (stack.length > 0) hash = nodeHash((stack.pop() as { hash: Buffer }).hash, hash);
  return hash;
}

function verifyRun(
  run: LoadedRun,
  bundle: BundleZip,
  manifests: Manifests,
  trustedKey: KeyObject | undefined,
  problems: VerifyProblem[],
  warnings: VerifyProblem[],
  options: BundleVerifyOptions,
): BundleRunReport {
  const { runId, manifest, statement } = run;
  const statementKey = runKeys.statement(runId);
  const before = problems.length;
  const runReport: BundleRunReport = {
    runId,
    items: run.itemCount,
    included: 0,
    evidence: 0,
    findings: 0,
    proofsChecked: 0,
    reEvaluated: false,
    reEvaluatedControls: [],
    notReEvaluated: [],
    timestamp: { status: 'none' },
  };
  const reEvaluation = runReEvaluation(manifest, options);
  const skipped = new DigestMap(0);
  bundle.claim(statementKey);
  bundle.claim(runKeys.manifest(runId));

  // The Sigstore bundle, when there is one (bundles made before it hold none): the envelope's, byte for byte.
  const sigstoreKey = runKeys.sigstoreBundle(runId);
  const sigstoreEntry = bundle.claim(sigstoreKey);
  const sigstoreBytes = sigstoreEntry === undefined ? null : bundle.read(sigstoreEntry, OBJECT_MAX_BYTES, runId);
  if (sigstoreBytes !== null) {
    const problem = sigstoreBundleProblem(sigstoreBytes, run.statementBytes, sigstoreKey);
    if (problem !== undefined) problems.push({ runId, object: sigstoreKey, message: problem });
  }

  // Signature.
  const { envelope } = run;
  const payload = Buffer.from(envelope.payload, 'base64');
  if (trustedKey === undefined) {
    problems.push({ runId, object: statementKey, message: `The signature of run ${runId} cannot be checked: there is no trusted key.` });
  } else {
    const trustedId = keyIdOf(trustedKey);
    const good = envelope.signatures.some(
      (s) =>
        s.keyid === trustedId && verifySignature(trustedKey, preAuthEncoding(envelope.payloadType, payload), Buffer.from(s.sig, 'base64')),
    );
    if (!good) {
      problems.push({
        runId,
        object: statementKey,
        message: envelope.signatures.some((s) => s.keyid === trustedId)
          ? `The signature in ${statementKey} does not verify with the trusted key ${trustedId}: the statement or signature was altered.`
          : `${statementKey} is signed by key ${envelope.signatures.map((s) => s.keyid).join(', ')}, not by the trusted key ${trustedId}: the key changed.`,
      });
    }
    if (statement.predicate.signer.keyId !== trustedId) {
      problems.push({
        runId,
        object: statementKey,
        message: `The statement of run ${runId} names signer key ${statement.predicate.signer.keyId}, not the trusted key ${trustedId}.`,
      });
    }
  }

  if (run.sharded !== undefined) {
    verifySharded(run, run.sharded, bundle, runReport, reEvaluation, problems, warnings, before);
    return runReport;
  }
  const items = manifests.of(run);

  // The Merkle root of the manifest is the signed one.
  const signedRoot = statement.subject.find((s) => s.name === MERKLE_ROOT_SUBJECT)?.digest.sha256;
  const root = merkleRoot(
    (function* () {
      for (const item of items) yield Buffer.from(item.sha256, 'hex');
    })(),
  ).toString('hex');
  if (root !== signedRoot || root !== manifest.merkle.root) {
    problems.push({
      runId,
      object: runKeys.manifest(runId),
      message: `The Merkle root recomputed from the manifest of run ${runId} is ${root}, not the signed root ${signedRoot}.`,
    });
  }

  /** An included object checked against the manifest and its inclusion proof: its bytes, or undefined. */
  const checked = (item: ManifestItem, leafIndex: number, entry: ZipEntry | undefined): Buffer | undefined => {
    const proofKey = proofPath(runId, item.key);
    const proofEntry = bundle.claim(proofKey);
    if (entry === undefined) return undefined;
    runReport.included++;
    // A size that is not the manifest's is an altered object: it is not inflated at all.
    const bytes = entry.size === item.size ? bundle.read(entry, OBJECT_MAX_BYTES, runId) : undefined;
    if (bytes === null) return undefined;
    if (bytes === undefined || bytes.length !== item.size || sha256Hex(bytes) !== item.sha256) {
      problems.push({ runId, object: item.key, message: `${item.key} does not match its SHA-256 in the manifest: it was altered.` });
      return undefined;
    }
    const proofBytes = proofEntry === undefined ? undefined : bundle.read(proofEntry, OBJECT_MAX_BYTES, runId);
    if (proofBytes === undefined) {
      problems.push({ runId, object: proofKey, message: `${item.key} has no inclusion proof: ${proofKey} is missing.` });
    } else if (proofBytes !== null) {
      let proof: ItemProof | undefined;
      try {
        proof = JSON.parse(proofBytes.toString('utf8')) as ItemProof;
      } catch {
        proof = undefined;
      }
      const holds =
        proof !== undefined &&
        proof !== null &&
        proof.runId === runId &&
        proof.key === item.key &&
        proof.leafIndex === leafIndex &&
        proof.treeSize === items.length &&
        proof.root === signedRoot &&
        Array.isArray(proof.path) &&
        checkItemProof(proof, bytes);
      if (holds) runReport.proofsChecked++;
      else
        problems.push({
          runId,
          object: proofKey,
          message: `The inclusion proof ${proofKey} of ${item.key} does not lead to the signed Merkle root of run ${runId}.`,
        });
    }
    return bytes;
  };

  const { controls } = oscalCatalog();
  let summary: OscalRunSummary | Error = new OscalRunSummary(run, controls, (sha) => items.evidenceKey(sha) !== undefined);
  const feed = (add: (s: OscalRunSummary) => void) => {
    if (summary instanceof Error) return;
    try {
      add(summary);
    } catch (error) {
      summary = error as Error;
    }
  };

  // Every object but the findings, in manifest order: the run's evidence is held for re-evaluation.
  const evidence: StoredEvidence[] = [];
  const evidenceDigests = new DigestMap(0);
  let allEvidence = true;
  for (let leafIndex = 0; leafIndex < items.length; leafIndex++) {
    const item = items.at(leafIndex);
    if (item.kind === 'finding') continue;
    const entry = bundle.claim(item.key);
    if (item.kind === 'evidence' && entry === undefined) allEvidence = false;
    const bytes = checked(item, leafIndex, entry);
    if (bytes === undefined) continue;
    const text = bytes.toString('utf8');
    try {
      if (item.kind === 'evidence') {
        const record = parseEvidence(text, item.key);
        if (!isCanonicalJson(text)) throw new Error(`${item.key} is not in canonical JSON form.`);
        // Held without its text until the run is re-evaluated (the text is made again if asked).
        const stored: StoredEvidence = Object.assign(checkedEvidence(record, item.sha256), { key: item.key });
        evidence.push(stored);
        evidenceDigests.set(DigestMap.fromHex(item.sha256));
        feed((s) => s.addEvidence(stored));
        runReport.evidence++;
      } else {
        const id = keyIdOf(parsePublicKey(bytes, item.key));
        if (id !== manifest.signer.keyId) throw new Error(`${item.key} is key ${id}, not the run's signer ${manifest.signer.keyId}.`);
      }
    } catch (error) {
      problems.push({ runId, object: item.key, message: `${item.key} is not a valid ${item.kind}: ${(error as Error).message}` });
    }
  }

  // The findings, held as digests: every one is in the bundle (the findings are what the bundle is for), with the evidence it cites.
  const stored = new DigestMap(0);
  for (let leafIndex = 0; leafIndex < items.length; leafIndex++) {
    const item = items.at(leafIndex);
    if (item.kind !== 'finding') continue;
    const entry = bundle.claim(item.key);
    if (entry === undefined) {
      bundle.claim(proofPath(runId, item.key));
      problems.push({ runId, object: item.key, message: `Finding ${item.key} of run ${runId} is missing from the bundle.` });
      continue;
    }
    const bytes = checked(item, leafIndex, entry);
    if (bytes === undefined) continue;
    let sealed: SealedFinding;
    try {
      sealed = { key: item.key, sha256: item.sha256, finding: FindingSchema.parse(JSON.parse(bytes.toString('utf8'))) };
    } catch (error) {
      problems.push({ runId, object: item.key, message: `${item.key} is not a valid ${item.kind}: ${(error as Error).message}` });
      continue;
    }
    stored.set(DigestMap.fromHex(item.sha256));
    runReport.findings++;
    const { controlId } = sealed.finding;
    if (!reEvaluation.lists(controlId))
      problems.push({
        runId,
        object: item.key,
        message: `${item.key} is a finding of control ${controlId}, which the manifest of run ${runId} does not list among the controls that judged it.`,
      });
    else if (!reEvaluation.covers(controlId)) skipped.set(DigestMap.fromHex(item.sha256));
    for (const sha of sealed.finding.evidence) {
      if (!/^[0-9a-f]{64}$/u.test(sha) || !evidenceDigests.has(DigestMap.fromHex(sha)))
        problems.push({
          runId,
          object: item.key,
          message: `${item.key} cites evidence ${sha}, which is not in the bundle intact (missing, or failing a check above).`,
        });
    }
    feed((s) => s.addFinding(sealed));
  }

  // Re-evaluation, when the bundle holds all of the run's evidence and nothing above failed: every
  // control whose id and version this tool still has; a warning names the others.
  if (problems.length === before && allEvidence) {
    const reproducedDigests = new DigestMap(0);
    for (const f of eachFinding(reEvaluation.controls, {
      scopes: manifest.scopes,
      evaluatedAt: manifest.startedAt,
      evidence,
      coverage: manifest.coverage,
    })) {
      const digest = sha256Hex(canonicalJson(f));
      reproducedDigests.set(DigestMap.fromHex(digest));
      if (!stored.has(DigestMap.fromHex(digest)))
        problems.push({
          runId,
          message: `Re-evaluating run ${runId} gives a finding it does not hold: ${f.controlId} ${f.status} for ${f.resource.id}.`,
        });
    }
    for (const item of items.ofKind('finding')) {
      const digest = DigestMap.fromHex(item.sha256);
      if (!reproducedDigests.has(digest) && !skipped.has(digest))
        problems.push({
          runId,
          object: item.key,
          message: `Finding ${item.key} of run ${runId} is not reproduced by re-evaluating its evidence.`,
        });
    }
    runReport.reEvaluated = reEvaluation.controls.length > 0;
    runReport.reEvaluatedControls = reEvaluation.reEvaluated();
    runReport.notReEvaluated = reEvaluation.notReEvaluated();
    const warning = reEvaluation.warning();
    if (warning !== undefined) warnings.push({ runId, object: runKeys.manifest(runId), message: warning });
  }
  if (problems.length === before) {
    const finished: OscalRunSummary | Error = summary;
    run.verified = {
      summary: finished instanceof Error ? finished : finished.finish(),
      included: runReport.included,
      evidence: runReport.evidence,
      findings: runReport.findings,
    };
  }
  return runReport;
}

/** The rest of {@link verifyRun} for a sharded run: its shards, one at a time ({@link verifyShardedRun}). */
function verifySharded(
  run: LoadedRun,
  sharded: ShardedManifest,
  bundle: BundleZip,
  runReport: BundleRunReport,
  reEvaluation: ReturnType<typeof runReEvaluation>,
  problems: VerifyProblem[],
  warnings: VerifyProblem[],
  before: number,
): void {
  const { runId } = run;
  const { controls } = oscalCatalog();
  let hasEvidence: (sha256: string) => boolean = () => false;
  let summary: OscalRunSummary | Error = new OscalRunSummary(run, controls, (sha) => hasEvidence(sha));
  const feed = (add: (s: OscalRunSummary) => void) => {
    if (summary instanceof Error) return;
    try {
      add(summary);
    } catch (error) {
      summary = error as Error;
    }
  };
  const counts = { included: 0, evidence: 0, findings: 0, proofsChecked: 0 };
  const result = verifyShardedRun({
    runId,
    manifest: sharded,
    signedRoot: run.statement.subject.find((s) => s.name === MERKLE_ROOT_SUBJECT)?.digest.sha256,
    bundle,
    problems,
    reEvaluation,
    evaluatedAt: sharded.startedAt,
    before,
    coverage: run.manifest.coverage,
    counts,
    onEvidence: (stored) => feed((s) => s.addEvidence(stored)),
    onFinding: (sealed) => feed((s) => s.addFinding(sealed)),
    setEvidenceLookup: (has) => {
      hasEvidence = has;
    },
  });
  Object.assign(runReport, counts);
  if (result.reEvaluated) {
    runReport.reEvaluated = reEvaluation.controls.length > 0;
    runReport.reEvaluatedControls = reEvaluation.reEvaluated();
    runReport.notReEvaluated = reEvaluation.notReEvaluated();
    const warning = reEvaluation.warning();
    if (warning !== undefined) warnings.push({ runId, object: runKeys.manifest(runId), message: warning });
  }
  if (problems.length === before) {
    const finished: OscalRunSummary | Error = summary;
    run.verified = {
      summary: finished instanceof Error ? finished : finished.finish(),
      included: counts.included,
      evidence: counts.evidence,
      findings: counts.findings,
    };
  }
}

/** The runs of the bundle form one line; the first run's predecessor, outside the bundle, is the anchor. */
function checkChain(runs: readonly LoadedRun[], problems: VerifyProblem[]): BundleVerifyReport['anchor'] {
  const links = checkLinks(runs);
  const starts = links.starts;
  problems.push(...links.problems);
  if (starts.length > 1) {
    problems.push({
      message: `The runs of the bundle do not form one chain: ${starts.map((r) => r.runId).join(', ')} each name a previous run outside the bundle (or none): a run between them is missing.`,
    });
  }
  const first = starts[0];
  return first === undefined ? undefined : { runId: first.runId, previous: first.statement.predicate.previous };
}

/**
 * The run's evidence records or findings read again from the zip, in manifest order (a sharded
 * run's: shard by shard, from its packs), each checked against the manifest.
 */
function* objectsOf<T>(
  bundle: BundleZip,
  manifests: Manifests,
  run: LoadedRun,
  kind: 'evidence' | 'finding',
  make: (item: ManifestItem, text: string) => T,
): Generator<T> {
  if (run.sharded !== undefined) {
    yield* zipShardItems(bundle, run.runId, run.sharded, kind, make);
    return;
  }
  for (const item of manifests.of(run).ofKind(kind)) {
    const entry = bundle.zip.entry(item.key);
    const bytes = entry === undefined ? null : bundle.read(entry, OBJECT_MAX_BYTES, run.runId);
    if (bytes === null || sha256Hex(bytes) !== item.sha256)
      throw new Error(`${item.key} could not be read again as its manifest lists it.`);
    yield make(item, bytes.toString('utf8'));
  }
}
const storedEvidence = (item: ManifestItem, text: string): StoredEvidence => ({
  key: item.key,
  sha256: item.sha256,
  bytes: text,
  record: JSON.parse(text) as StoredEvidence['record'],
});
/** The record of a tagging evidence object (`tagging.ai-resources`), or undefined for any other, without parsing the others. */
const taggingRecord = (_item: ManifestItem, text: string): StoredEvidence['record'] | undefined =>
  mayBeTaggingRecord(text) ? (JSON.parse(text) as StoredEvidence['record']) : undefined;

function* taggingRecords(records: Iterable<StoredEvidence['record'] | undefined>): Generator<StoredEvidence['record']> {
  for (const record of records) if (record !== undefined) yield record;
}

/** The columns findings.csv was written with, as the bundle's index names them: this tool's, or the legacy twelve when it names none. */
function findingsCsvHeaderOf(columns: readonly string[] | undefined): FindingsCsvHeader {
  if (columns === undefined) return LEGACY_FINDINGS_CSV_HEADER;
  const same = (header: readonly string[]) => header.length === columns.length && header.every((c, i) => c === columns[i]);
  if (same(FINDINGS_CSV_HEADER)) return FINDINGS_CSV_HEADER;
  if (same(LEGACY_FINDINGS_CSV_HEADER)) return LEGACY_FINDINGS_CSV_HEADER;
  throw new Error(`${ROOT_FILES.index} names findings.csv columns this tool does not write: ${columns.join(', ')}.`);
}

const sealedFinding = (item: ManifestItem, text: string): SealedFinding => ({
  key: item.key,
  sha256: item.sha256,
  finding: JSON.parse(text) as SealedFinding['finding'],
});

async function chunksSha256(chunks: Iterable<string> | AsyncIterable<string>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk, 'utf8');
  return hash.digest('hex');
}

/**
 * index.json read element by element: its head (every member but the object list) checked
 * against the index schema, and its objects as a map from key to a digest of what the index says
 * of them. Undefined, with the problem, when it is not a bundle index.
 */
async function readIndex(
  bundle: BundleZip,
  problems: VerifyProblem[],
): Promise<{ head: IndexHead; raw: Record<string, unknown>; objects: DigestMap } | undefined> {
  const name = ROOT_FILES.index;
  const entry = bundle.claim(name);
  if (entry === undefined) {
    problems.push({ object: name, message: `The bundle has no ${name}.` });
    return undefined;
  }
  const objects = new DigestMap(16);
  let invalid: string | undefined;
  let position = 0;
  const splitter = new JsonArraySplitter('objects', (text) => {
    if (invalid !== undefined) return;
    let element: unknown;
    try {
      element = JSON.parse(text);
    } catch (error) {
      invalid = `${name} is not valid JSON: ${(error as Error).message}`;
      return;
    }
    const parsed = IndexObjectSchema.safeParse(element);
    if (!parsed.success) {
      invalid = `${name} is not a bundle index: objects[${position}]: ${z.prettifyError(parsed.error)}`;
      return;
    }
    position++;
    const o = parsed.data;
    objects.set(DigestMap.keyOf(o.key), DigestMap.keyOf(indexObjectText(o.kind, o.sha256, o.proof)));
  });
  let headText: string;
  const hash = createHash('sha256');
  try {
    for await (const chunk of bundle.chunks(entry)) {
      hash.update(chunk);
      splitter.push(chunk);
    }
    headText = splitter.end();
    // Hashed on the way, so that the check of the whole text does not inflate it again.
    bundle.remember(name, { sha256: hash.digest('hex'), size: entry.size });
  } catch (error) {
    if (!(error instanceof ZipFormatError))
      problems.push({ object: name, message: `${name} is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
  if (invalid !== undefined) {
    problems.push({ object: name, message: invalid });
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(headText);
  } catch (error) {
    problems.push({ object: name, message: `${name} is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
  const head = IndexHeadSchema.safeParse(json);
  if (!head.success) {
    problems.push({ object: name, message: `${name} is not a bundle index: ${z.prettifyError(head.error)}` });
    return undefined;
  }
  return { head: head.data, raw: json as Record<string, unknown>, objects };
}

/** What the index must say of an object besides its key, as one string to digest. */
function indexObjectText(kind: string, sha256: string, proof: string): string {
  return JSON.stringify([kind, sha256, proof]);
}

/** findings.csv, assessment-results.json and index.json against the sealed runs. */
async function checkDerived(
  loaded: readonly LoadedRun[],
  bundle: BundleZip,
  manifests: Manifests,
  report: BundleVerifyReport,
  problems: VerifyProblem[],
): Promise<void> {
  const complete = loaded.every((r) => r.verified !== undefined);
  const index = await readIndex(bundle, problems);
  // Bundles made before the roll-up was exported hold no requirements.csv, and those made before
  // the proof script none of it; their index does not list them.
  const listed = (name: string) => index?.head.files.some((f) => f.name === name) ?? true;
  const hasRequirements = listed(ROOT_FILES.requirements);
  for (const name of Object.values(ROOT_FILES)) {
    if (name === ROOT_FILES.requirements && !hasRequirements) continue;
    if (name === ROOT_FILES.proofScript && !listed(name)) continue;
    if (!bundle.has(name)) problems.push({ object: name, message: `${name} is missing from the bundle.` });
  }
  if (index !== undefined) {
    const { head, objects } = index;
    const before = problems.length;
    for (const file of head.files) {
      const actual = bundle.has(file.name) ? await bundle.digest(file.name) : undefined;
      if (actual !== undefined && (actual.sha256 !== file.sha256 || actual.size !== file.size)) {
        problems.push({ object: file.name, message: `${file.name} does not match its SHA-256 in ${ROOT_FILES.index}: it was altered.` });
      }
    }
    for (const run of loaded) {
      const entry = head.runs.find((r) => r.runId === run.runId);
      if (entry === undefined || entry.statementSha256 !== run.statementSha256 || entry.merkleRoot !== run.manifest.merkle.root) {
        problems.push({
          runId: run.runId,
          object: ROOT_FILES.index,
          message: `${ROOT_FILES.index} does not describe run ${run.runId} as its signed statement does.`,
        });
      }
      const sigstoreKey = runKeys.sigstoreBundle(run.runId);
      if (entry?.sigstoreBundle !== undefined && !bundle.has(sigstoreKey))
        problems.push({
          runId: run.runId,
          object: sigstoreKey,
          message: `${ROOT_FILES.index} lists ${sigstoreKey}, which is not in the bundle: an entry was removed.`,
        });
      for (const item of runIndexObjects(bundle, manifests, run)) {
        const said = objects.get(DigestMap.keyOf(item.key));
        const present = bundle.has(item.key);
        if (present && (said === undefined || !said.equals(DigestMap.keyOf(indexObjectText(item.kind, item.sha256, item.proof))))) {
          problems.push({
            runId: run.runId,
            object: item.key,
            message: `${ROOT_FILES.index} does not list ${item.key} as its manifest does.`,
          });
        }
        if (!present && said !== undefined)
          problems.push({
            runId: run.runId,
            object: item.key,
            message: `${ROOT_FILES.index} lists ${item.key}, which is not in the bundle: an entry was removed.`,
          });
      }
    }
    if (head.runs.length !== loaded.length)
      problems.push({
        object: ROOT_FILES.index,
        message: `${ROOT_FILES.index} lists ${head.runs.length} run(s); the bundle holds ${loaded.length}.`,
      });
    // The whole text, rebuilt from its head and the runs' manifests as the export writes it: nothing else is in it.
    if (complete && problems.length === before) {
      const actual = await bundle.digest(ROOT_FILES.index);
      // The export writes jsonStream(index, 1) and a line break; the head keeps its members' order.
      const rebuilt = {
        ...index.raw,
        runs: loaded.map((run) => indexRun(run, bundle.has(runKeys.sigstoreBundle(run.runId)))),
        objects: indexObjects(loaded, bundle, manifests),
      };
      const expected = await chunksSha256(
        (async function* () {
          yield* jsonStream(rebuilt, 1);
          yield '\n';
        })(),
      );
      if (actual !== undefined && actual.sha256 !== expected) {
        problems.push({
          object: ROOT_FILES.index,
          message: `${ROOT_FILES.index} is not the index of the bundle's runs as the export writes it: it was altered.`,
        });
      }
    }
    if (problems.length === before) report.derived.push(ROOT_FILES.index);
  }
  if (!complete) return;

  /** Rebuilds a derived file from the sealed runs and compares it with the bundle's copy by SHA-256. */
  const checkRebuilt = async (name: string, rebuild: () => Iterable<string> | AsyncIterable<string>, altered: string) => {
    const actual = await bundle.digest(name);
    if (actual === undefined) return;
    let expected: string | undefined;
    try {
      expected = await chunksSha256(rebuild());
    } catch (error) {
      problems.push({ object: name, message: `${name} cannot be rebuilt from the sealed runs: ${(error as Error).message}` });
      return;
    }
    if (actual.sha256 !== expected) problems.push({ object: name, message: `${name} ${altered}: it was altered.` });
    else report.derived.push(name);
  };

  await checkRebuilt(
    ROOT_FILES.csv,
    function* () {
      const header = findingsCsvHeaderOf(index?.head.findingsCsvColumns);
      yield csvRecord(header);
      for (const run of loaded) {
        // Only a bundle whose CSV has the tag columns needs the run's tags, read again from its tagging records.
        const tags =
          header.length === LEGACY_FINDINGS_CSV_HEADER.length
            ? undefined
            : runTags(taggingRecords(objectsOf(bundle, manifests, run, 'evidence', taggingRecord)));
        for (const sealed of objectsOf(bundle, manifests, run, 'finding', sealedFinding))
          yield findingCsvRecord(run.runId, sealed, tags, header);
      }
    },
    'does not list the sealed findings',
  );
  if (hasRequirements) {
    await checkRebuilt(
      ROOT_FILES.requirements,
      function* () {
        yield csvRecord(REQUIREMENTS_CSV_HEADER);
        for (const run of loaded) {
          const summary = run.verified?.summary as OscalRunSummary | Error;
          if (summary instanceof Error) throw summary;
          const byControl = new Map<string, Record<FindingStatus, number>>();
          for (const { finding } of objectsOf(bundle, manifests, run, 'finding', sealedFinding)) {
            getOrCreate(byControl, finding.controlId, () => ({ PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 }))[
              finding.status
            ] += 1;
          }
          yield* requirementCsvRecords(
            {
              runId: run.runId,
              startedAt: run.manifest.startedAt,
              byControl,
              attestations: summary.attestations().map((a) => a.attestation),
            },
            defaultCatalog,
          );
        }
      },
      'does not roll up the sealed findings and attestations',
    );
  }
  await checkRebuilt(
    ROOT_FILES.oscal,
    () => {
      const sources: OscalRunSource[] = loaded.map((run) => {
        const summary = run.verified?.summary as OscalRunSummary | Error;
        if (summary instanceof Error) throw summary;
        return {
          summary,
          evidence: () => objectsOf(bundle, manifests, run, 'evidence', storedEvidence),
          findings: () => objectsOf(bundle, manifests, run, 'finding', sealedFinding),
        };
      });
      return assessmentResultsText(sources, {
        toolVersion: index?.head.toolVersion ?? '',
        frameworks: index?.head.oscalFrameworks ?? LEGACY_OSCAL_FRAMEWORK_IDS,
      });
    },
    'does not describe the sealed runs',
  );
}

/** index.json's entry of a verified run, as the export writes it (naming its Sigstore bundle when the bundle holds one). */
function indexRun(run: LoadedRun, withSigstoreBundle: boolean): IndexRun {
  const { manifest } = run;
  return {
    runId: run.runId,
    startedAt: manifest.startedAt,
    finishedAt: manifest.finishedAt,
    statementSha256: run.statementSha256,
    merkleRoot: run.root,
    previous: manifest.previous,
    manifest: runKeys.manifest(run.runId),
    statement: runKeys.statement(run.runId),
    ...(withSigstoreBundle ? { sigstoreBundle: runKeys.sigstoreBundle(run.runId) } : {}),
    items: run.itemCount,
    included: run.verified?.included ?? 0,
    evidence: run.verified?.evidence ?? 0,
    findings: run.verified?.findings ?? 0,
    ...(run.sharded === undefined ? {} : indexShardedRun(run.sharded)),
  };
}

/**
 * index.json's objects of one run as the export writes them: a run of the first format's from its
 * manifest; a sharded run's from its shard manifests read again (none when one cannot be read: that
 * was reported when the run was verified).
 */
function* runIndexObjects(bundle: BundleZip, manifests: Manifests, run: LoadedRun): Generator<IndexObject> {
  if (run.sharded === undefined) {
    for (const item of manifests.of(run)) yield indexObject(run.runId, item);
    return;
  }
  try {
    yield* shardedIndexObjects(bundle, run.runId, run.sharded);
  } catch (error) {
    if (run.verified !== undefined) throw error;
  }
}

/** index.json's object list of the runs, from their manifests read again, one object at a time. */
function indexObjects(runs: readonly LoadedRun[], bundle: BundleZip, manifests: Manifests): LazyList<IndexObject> {
  return new LazyList(
    (async function* () {
      for (const run of runs) yield* runIndexObjects(bundle, manifests, run);
    })(),
  );
}
