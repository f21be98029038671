import type { KeyObject } from 'node:crypto';
import * as z from 'zod';
import { mapWithConcurrency } from '../collectors/concurrency.js';
import { eachFinding } from '../controls/evaluate.js';
import { catalog as defaultCatalog, catalogVersion as defaultCatalogVersion } from '../controls/index.js';
import { type Control, FindingSchema } from '../controls/types.js';
import { DEMO_TSA_ROOT_PEM } from '../demo/tsa-root.js';
import { canonicalJson, isCanonicalJson, sha256Hex } from '../evidence/canonical.js';
import { checkedEvidence, parseEvidence, type SealedEvidence } from '../evidence/record.js';
import { readAhead } from '../store/read-ahead.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import { DigestMap } from '../util/digest-map.js';
import { checkLinks, manifestMatchesStatement } from './chain.js';
import { DsseEnvelopeSchema, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from './dsse.js';
import {
  checkHead,
  checkRunTimestamp,
  checkTimestampLinks,
  DEFAULT_TIME_TOLERANCE_MS,
  type HeadReport,
  type RunTimestampReport,
  type TimedRun,
  type TimestampPolicy,
} from './freshness.js';
import { type Manifest, ManifestSchema, type Statement, StatementSchema } from './manifest.js';
import { MerkleTree } from './merkle.js';
import { type NotReEvaluated, ReEvaluation } from './reevaluation.js';
import { SHARDED_RUN_SCHEMA_VERSION } from './shard.js';
import { runFormatOf } from './shard-read.js';
import { keyIdOf, parsePublicKey, verifySignature } from './signer.js';
import { sigstoreBundleProblem } from './sigstore.js';
import { verifyShardedContents } from './verify-shards.js';
import { treeLevelsProblems } from './verify-tree.js';

export class VerificationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VerificationError';
  }
}

/** Parses a stored DSSE envelope and its in-toto statement; throws {@link VerificationError} naming what is wrong. */
export function readStatement(
  bytes: Uint8Array,
  where: string,
): { envelope: z.infer<typeof DsseEnvelopeSchema>; payload: Buffer; statement: Statement } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new VerificationError(`${where} is not valid JSON.`, { cause: error });
  }
  const envelope = DsseEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new VerificationError(`${where} is not a DSSE envelope: ${z.prettifyError(envelope.error)}`);
  if (envelope.data.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerificationError(`${where} has payloadType ${envelope.data.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}.`);
  }
  // Base64 has spare bits before "=" padding that decoders drop: accept only the one canonical
  // spelling, so that no character of a stored statement can change while it still verifies.
  for (const encoded of [envelope.data.payload, ...envelope.data.signatures.map((s) => s.sig)]) {
    if (Buffer.from(encoded, 'base64').toString('base64') !== encoded) {
      throw new VerificationError(`${where} holds base64 that is not in canonical form: it was altered.`);
    }
  }
  const payload = Buffer.from(envelope.data.payload, 'base64');
  let statementJson: unknown;
  try {
    statementJson = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new VerificationError(`The payload of ${where} is not valid JSON.`, { cause: error });
  }
  const statement = StatementSchema.safeParse(statementJson);
  if (!statement.success) {
    throw new VerificationError(`The payload of ${where} is not a sealed-run statement: ${z.prettifyError(statement.error)}`);
  }
  return { envelope: envelope.data, payload, statement: statement.data };
}

export interface VerifyProblem {
  runId?: string;
  /** The object key the problem is about, where there is one. */
  object?: string;
  message: string;
}

export interface RunReport {
  runId: string;
  complete: boolean;
  items: number;
  evidence: number;
  findings: number;
  /**
   * A sharded (v2) run's shard count (three objects each); absent for a v1 run. Of a sharded run
   * `items` counts its evidence records and findings (the leaves of its shards' trees), not objects.
   */
  shards?: number;
  /** Whether any control's findings were re-evaluated from the stored evidence. */
  reEvaluated: boolean;
  /**
   * How deep the run was checked: `full` (signature, manifest, every object, proofs, re-evaluation)
   * or `statement` (its signed statement and its link in the chain only, outside the range asked
   * for in full: see {@link VerifyOptions.inFull}).
   */
  depth: 'full' | 'statement';
  /** The controls whose findings were re-evaluated, sorted. */
  reEvaluatedControls: string[];
  /** The run's controls that this tool does not have in the version that judged it (named in a warning). */
  notReEvaluated: NotReEvaluated[];
  /** The run's RFC 3161 token: verified, none, or invalid (the problem names why). */
  timestamp: RunTimestampReport;
  problems: VerifyProblem[];
  /** What was accepted but is worth knowing: an incomplete run, with allowIncomplete. */
  warnings: VerifyProblem[];
}

export interface VerifyReport {
  ok: boolean;
  location: string;
  trustedKeyId: string | undefined;
  /** Where the trusted key came from: the pinned file or the oldest run. */
  trustedKeySource: string;
  /** Where the TSA anchors tokens are checked against came from (the demo TSA's root unless pinned). */
  tsaAnchorsSource: string;
  /** The chain's newest run and the time it is trusted for (its token's, else its signed finish). */
  head: HeadReport | undefined;
  runs: RunReport[];
  problems: VerifyProblem[];
  warnings: VerifyProblem[];
}

/** The options of {@link verifyStore} and verifyBundle about time: tokens, tolerance, freshness of the head. */
export interface TimeOptions {
  /** PEM certificates the runs' TSAs must chain to (`--tsa-ca`); without them only the demo TSA's root is trusted. */
  tsaAnchorsPem?: string;
  tsaAnchorsSource?: string;
  /** A run without a token fails. */
  requireTimestamp?: boolean;
  /** How far a run's signed times may lie from its token time; 10 minutes by default. */
  timeToleranceMs?: number;
  /** Fail when the newest run's trusted time is older than this. */
  maxAgeMs?: number;
  /** Fail unless the chain ends at this statement digest. */
  expectHead?: string;
  /** The time `maxAgeMs` is measured from; now by default. */
  now?: () => Date;
}

/** The timestamp policy that {@link TimeOptions} ask for. */
export function timestampPolicy(options: TimeOptions): TimestampPolicy {
  const pinned = options.tsaAnchorsPem !== undefined;
  return {
    anchorsPem: options.tsaAnchorsPem ?? DEMO_TSA_ROOT_PEM,
    anchorsSource: pinned ? (options.tsaAnchorsSource ?? 'the pinned TSA anchors') : 'the DEMO TSA root (lib/demo/tsa): no --tsa-ca given',
    demo: !pinned,
    toleranceMs: options.timeToleranceMs ?? DEFAULT_TIME_TOLERANCE_MS,
    require: options.requireTimestamp === true,
  };
}

export interface VerifyOptions extends TimeOptions {
  /** A public key given out of band (PEM or DER SPKI); without it the oldest run's key is trusted. */
  publicKey?: Uint8Array | string;
  publicKeySource?: string;
  /** The catalog to re-evaluate with (this tool's by default) and its version, compared with a run that recorded no control versions. */
  catalog?: readonly Control[];
  catalogVersion?: string;
  /** Accept runs without a signed statement (crashed before their commit point) as warnings. */
  allowIncomplete?: boolean;
  /**
   * Which runs to check in full; by default every run. The others are checked by their signed
   * statement (signature with the trusted key, run id) and their place in the chain, which is read
   * from the statements: a store's older runs cost one small read each, not their every object.
   */
  inFull?: (run: { runId: string; startedAt: string }) => boolean;
}

/**
 * The complete runs `report` checked in full, in the store's order. Of a report that is ok and was
 * made with `inFull: startedBetween(from, to)`, these are the runs that started in [from, to]: what
 * an export exports, without reading every statement again.
 */
export function runsCheckedInFull(report: VerifyReport): string[] {
  return report.runs.filter((r) => r.complete && r.depth === 'full').map((r) => r.runId);
}

/** {@link VerifyOptions.inFull} for the runs that started in [from, to] (either end may be open). */
export function startedBetween(from?: Date, to?: Date): (run: { startedAt: string }) => boolean {
  return ({ startedAt }) => {
    const at = Date.parse(startedAt);
    return (from === undefined || at >= from.getTime()) && (to === undefined || at <= to.getTime());
  };
}

/** Reads of a run's objects that verification keeps in flight. */
const VERIFY_READ_AHEAD = 16;

type RunState = TimedRun;

/** Checks every run of a store: signatures, digests, objects, Merkle proofs, re-evaluation and the chain. */
export async function verifyStore(store: EvidenceStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const runIds = await store.listRuns();
  const report: VerifyReport = {
    ok: false,
    location: store.location,
    trustedKeyId: undefined,
    trustedKeySource: options.publicKeySource ?? 'the oldest run',
    tsaAnchorsSource: timestampPolicy(options).anchorsSource,
    head: undefined,
    runs: [],
    problems,
    warnings: [],
  };
  if (runIds.length === 0) {
    problems.push({ message: `${store.location} holds no runs to verify.` });
    return report;
  }

  let trustedKey: KeyObject | undefined;
  try {
    trustedKey =
      options.publicKey !== undefined
        ? parsePublicKey(options.publicKey, options.publicKeySource ?? 'The pinned public key')
        : await keyOfOldestRun(store, runIds[0] as string);
    report.trustedKeyId = keyIdOf(trustedKey);
  } catch (error) {
    problems.push({ message: (error as Error).message });
  }

  // Runs are checked RUNS_IN_FLIGHT at a time, so that a long chain checked by its statements costs
  // about one round trip per RUNS_IN_FLIGHT runs; the runs checked in full go one at a time (each
  // holds its records for re-evaluation), and the reports keep the store's order.
  const inFull = oneAtATime();
  const checked = await mapWithConcurrency(runIds, RUNS_IN_FLIGHT, (runId) => verifyRun(store, runId, trustedKey, options, inFull));
  const sealedRuns: RunState[] = [];
  for (const { run, state } of checked) {
    report.runs.push(run);
    problems.push(...run.problems);
    report.warnings.push(...run.warnings);
    if (state !== undefined) sealedRuns.push(state);
  }
  problems.push(...checkChain(sealedRuns));
  problems.push(...checkTimestampLinks(sealedRuns));
  const fresh = checkHead(sealedRuns, options);
  report.head = fresh.head;
  problems.push(...fresh.problems);
  report.ok = problems.length === 0;
  return report;
}

/** Runs whose listing and statement are read at the same time. */
const RUNS_IN_FLIGHT = 16;

/** Runs `work` calls one after another, in the order they were asked for. */
function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
}

async function keyOfOldestRun(store: EvidenceStore, runId: string): Promise<KeyObject> {
  const keys = (await store.list(`${runKeys.prefix(runId)}keys/`)).filter((k) => k.endsWith('.pem'));
  if (keys.length !== 1) {
    throw new VerificationError(
      `The oldest run ${runId} should hold exactly one public key to trust, and holds ${keys.length}; pin one with --public-key.`,
    );
  }
  return parsePublicKey(await store.get(keys[0] as string), keys[0] as string);
}

async function getOrProblem(store: EvidenceStore, key: string, runId: string, problems: VerifyProblem[]): Promise<Buffer | undefined> {
  try {
    return await store.get(key);
  } catch (error) {
    problems.push({ runId, object: key, message: readProblem(key, error) });
    return undefined;
  }
}

function readProblem(key: string, error: unknown): string {
  return error instanceof ObjectNotFoundError
    ? `${key} is listed in the manifest but missing from the store.`
    : `${key} cannot be read: ${(error as Error).message}`;
}

async function verifyRun(
  store: EvidenceStore,
  runId: string,
  trustedKey: KeyObject | undefined,
  options: VerifyOptions,
  inFull: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<{ run: RunReport; state?: RunState }> {
  const problems: VerifyProblem[] = [];
  const warnings: VerifyProblem[] = [];
  const run: RunReport = {
    runId,
    complete: false,
    items: 0,
    evidence: 0,
    findings: 0,
    reEvaluated: false,
    depth: 'full',
    reEvaluatedControls: [],
    notReEvaluated: [],
    timestamp: { status: 'none' },
    problems,
    warnings,
  };
  const present = new Set(await store.list(runKeys.prefix(runId)));
  const statementKey = runKeys.statement(runId);
  if (!present.has(statementKey)) {
    const message = `Run ${runId} is incomplete: it has no signed statement, so nothing in it can be trusted. Re-run the assessment.`;
    // An incomplete run claims nothing, and removing a statement from the middle of the chain
    // still breaks the next run's link; so a caller may accept incomplete runs, but only by asking.
    (options.allowIncomplete ? warnings : problems).push({ runId, object: statementKey, message });
    return { run };
  }
  run.complete = true;

  // 1. The signature, with the trusted key.
  let parsed: ReturnType<typeof readStatement>;
  let envelopeBytes: Buffer;
  try {
    envelopeBytes = await store.get(statementKey);
    parsed = readStatement(envelopeBytes, statementKey);
  } catch (error) {
    problems.push({ runId, object: statementKey, message: (error as Error).message });
    return { run };
  }
  const { envelope, payload, statement } = parsed;
  const statementSha256 = sha256Hex(payload);
  const state: RunState = { runId, statement, statementSha256, timestamp: run.timestamp };
  if (trustedKey === undefined) {
    problems.push({ runId, object: statementKey, message: `The signature of run ${runId} cannot be checked: there is no trusted key.` });
  } else {
    const trustedId = keyIdOf(trustedKey);
    const message = preAuthEncoding(envelope.payloadType, payload);
    const good = envelope.signatures.some(
      (s) => s.keyid === trustedId && verifySignature(trustedKey, message, Buffer.from(s.sig, 'base64')),
    );
    if (!good) {
      const ids = envelope.signatures.map((s) => s.keyid).join(', ');
      problems.push({
        runId,
        object: statementKey,
        message: envelope.signatures.some((s) => s.keyid === trustedId)
          ? `The signature in ${statementKey} does not verify with the trusted key ${trustedId}: the statement or signature was altered.`
          : `${statementKey} is signed by key ${ids}, not by the trusted key ${trustedId}.`,
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
  if (statement.predicate.runId !== runId) {
    problems.push({
      runId,
      object: statementKey,
      message: `${statementKey} is the statement of run ${statement.predicate.runId}, not of ${runId}.`,
    });
  }

  // The token over the envelope, at every depth: it is one small read, and the chain's time checks need every run's.
  const tokenKey = runKeys.timestamp(runId);
  const chainKey = runKeys.tsaChain(runId);
  const token = present.has(tokenKey) ? await getOrProblem(store, tokenKey, runId, problems) : null;
  const chainPem = present.has(chainKey) ? ((await getOrProblem(store, chainKey, runId, problems))?.toString('utf8') ?? null) : null;
  if (token !== undefined) {
    const time = await checkRunTimestamp({ runId, statement, envelopeBytes, token, chainPem }, timestampPolicy(options));
    run.timestamp = time.report;
    state.timestamp = time.report;
    problems.push(...time.problems);
    warnings.push(...time.warnings);
  }

  // Outside the range asked for in full, the signed statement and the chain link are all that is checked.
  if (options.inFull !== undefined && !options.inFull(statement.predicate)) {
    run.depth = 'statement';
    return { run, state };
  }
  return inFull(() => verifyContents({ store, runId, run, state, statement, envelopeBytes, present, options }));
}

/** Steps 2 to 5 for a run whose statement was read: the manifest, every object, the Merkle tree, re-evaluation. */
async function verifyContents(checking: {
  store: EvidenceStore;
  runId: string;
  run: RunReport;
  state: RunState;
  statement: Statement;
  envelopeBytes: Buffer;
  present: Set<string>;
  options: VerifyOptions;
}): Promise<{ run: RunReport; state: RunState }> {
  const { store, runId, run, state, statement, envelopeBytes, present, options } = checking;
  const { problems, warnings } = run;
  const statementKey = runKeys.statement(runId);

  // 2. The manifest is the one the statement names.
  const manifestKey = runKeys.manifest(runId);
  const manifestBytes = await getOrProblem(store, manifestKey, runId, problems);
  if (manifestBytes === undefined) return { run, state };
  const [manifestSubject, rootSubject] = statement.subject;
  if (manifestSubject?.name !== manifestKey) {
    problems.push({
      runId,
      object: statementKey,
      message: `The statement names ${manifestSubject?.name} as its manifest, not ${manifestKey}.`,
    });
  }
  if (sha256Hex(manifestBytes) !== manifestSubject?.digest.sha256) {
    problems.push({
      runId,
      object: manifestKey,
      message: `${manifestKey} does not match the SHA-256 in the signed statement: it was altered.`,
    });
    return { run, state };
  }
  if (runFormatOf(manifestBytes) === SHARDED_RUN_SCHEMA_VERSION) {
    await verifyShardedContents({
      store,
      runId,
      run,
      statement,
      manifestBytes,
      present,
      reEvaluationOf: (m) => runReEvaluation(m, options),
    });
    await checkSigstoreBundle(store, runId, present, envelopeBytes, problems);
    return { run, state };
  }
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  } catch (error) {
    problems.push({ runId, object: manifestKey, message: `${manifestKey} is not a valid manifest: ${(error as Error).message}` });
    return { run, state };
  }
  if (!manifestMatchesStatement(manifest, statement, runId)) {
    problems.push({
      runId,
      object: manifestKey,
      message: `${manifestKey} disagrees with the signed statement on the run id, times, previous run or signer.`,
    });
  }
  run.items = manifest.items.length;

  // 3. Every listed object is present and hashes to its listed digest; nothing unlisted is in the run.
  // The Sigstore bundle, the token and the TSA's certificates are not in the manifest (they come
  // after the statement): the bundle is checked against the envelope below, the token binds it.
  const sigstoreKey = runKeys.sigstoreBundle(runId);
  const listed = new Set<string>([
    manifestKey,
    statementKey,
    runKeys.proofs(runId),
    sigstoreKey,
    runKeys.timestamp(runId),
    runKeys.tsaChain(runId),
  ]);
  const evidence: SealedEvidence[] = [];
  const storedFindings = new DigestMap(0);
  // Which controls are re-evaluated follows from the manifest alone; the stored findings of the
  // others are held as digests too, so that they are not taken for findings re-evaluation lost.
  const reEvaluation = runReEvaluation(manifest, options);
  const skippedFindings = new DigestMap(0);
  const prefix = runKeys.prefix(runId);
  // Reads overlap (a store walk pays one round trip per READ_AHEAD objects); results are taken in
  // manifest order, so the problems are named in the same order as before.
  const outside = Buffer.alloc(0);
  const reads = readAhead(
    manifest.items,
    (item) => (item.key.startsWith(prefix) ? store.get(item.key) : Promise.resolve(outside)),
    VERIFY_READ_AHEAD,
  );
  for await (const { item, bytes, error } of reads) {
    listed.add(item.key);
    if (!item.key.startsWith(prefix)) {
      problems.push({ runId, object: item.key, message: `The manifest lists ${item.key}, which is outside run ${runId}.` });
      continue;
    }
    if (bytes === undefined) {
      problems.push({ runId, object: item.key, message: readProblem(item.key, error) });
      continue;
    }
    if (bytes.length !== item.size || sha256Hex(bytes) !== item.sha256) {
      problems.push({ runId, object: item.key, message: `${item.key} does not match its SHA-256 in the manifest: it was altered.` });
      continue;
    }
    const text = bytes.toString('utf8');
    try {
      if (item.kind === 'evidence') {
        const record = parseEvidence(text, item.key);
        if (!isCanonicalJson(text)) throw new VerificationError(`${item.key} is not in canonical JSON form.`);
        evidence.push(checkedEvidence(record, item.sha256));
        run.evidence++;
      } else if (item.kind === 'finding') {
        const { controlId } = FindingSchema.parse(JSON.parse(text));
        if (!reEvaluation.lists(controlId))
          throw new VerificationError(
            `${item.key} is a finding of control ${controlId}, which the manifest of run ${runId} does not list among the controls that judged it.`,
          );
        if (!reEvaluation.covers(controlId)) skippedFindings.set(DigestMap.fromHex(item.sha256));
        storedFindings.set(DigestMap.fromHex(item.sha256));
        run.findings++;
      } else {
        const id = keyIdOf(parsePublicKey(bytes, item.key));
        if (id !== manifest.signer.keyId)
          throw new VerificationError(`${item.key} is key ${id}, not the run's signer ${manifest.signer.keyId}.`);
      }
    } catch (error) {
      problems.push({
        runId,
        object: item.key,
        message:
          error instanceof VerificationError ? error.message : `${item.key} is not a valid ${item.kind}: ${(error as Error).message}`,
      });
    }
  }
  for (const key of present) {
    if (!listed.has(key))
      problems.push({ runId, object: key, message: `${key} is in run ${runId} but not in its manifest: an object was added.` });
  }

  await checkSigstoreBundle(store, runId, present, envelopeBytes, problems);

  // 4. The Merkle root and every inclusion proof.
  problems.push(...(await checkMerkle(store, runId, manifest, rootSubject?.digest.sha256)));

  // 5. Re-evaluation: the stored evidence gives the stored findings, for every control whose id and
  // version this tool still has. The others are named in a warning: the checks above still hold for them.
  if (problems.length === 0) {
    // Each finding is hashed as it is made and let go: only digests are held.
    const reproduced = new DigestMap(0);
    for (const f of eachFinding(reEvaluation.controls, {
      scopes: manifest.scopes,
      evaluatedAt: manifest.startedAt,
      evidence,
      coverage: manifest.coverage,
    })) {
      const digest = DigestMap.fromHex(sha256Hex(canonicalJson(f)));
      reproduced.set(digest);
      if (!storedFindings.has(digest))
        problems.push({
          runId,
          message: `Re-evaluating run ${runId} gives a finding it does not hold: ${f.controlId} ${f.status} for ${f.resource.id}.`,
        });
    }
    for (const item of manifest.items) {
      const digest = DigestMap.fromHex(item.sha256);
      if (item.kind === 'finding' && !reproduced.has(digest) && !skippedFindings.has(digest))
        problems.push({
          runId,
          object: item.key,
          message: `Finding ${item.sha256} of run ${runId} is not reproduced by re-evaluating its evidence.`,
        });
    }
    run.reEvaluated = reEvaluation.controls.length > 0;
    run.reEvaluatedControls = reEvaluation.reEvaluated();
    run.notReEvaluated = reEvaluation.notReEvaluated();
    const warning = reEvaluation.warning();
    if (warning !== undefined) warnings.push({ runId, object: manifestKey, message: warning });
  }
  return { run, state };
}

/**
 * The Sigstore bundle, made from the envelope after it was stored: runs sealed before it have
 * none, which is no problem; one that is there must be the envelope's, byte for byte.
 */
async function checkSigstoreBundle(
  store: EvidenceStore,
  runId: string,
  present: ReadonlySet<string>,
  envelopeBytes: Buffer,
  problems: VerifyProblem[],
): Promise<void> {
  const sigstoreKey = runKeys.sigstoreBundle(runId);
  if (!present.has(sigstoreKey)) return;
  const bundleBytes = await getOrProblem(store, sigstoreKey, runId, problems);
  const problem = bundleBytes === undefined ? undefined : sigstoreBundleProblem(bundleBytes, envelopeBytes, sigstoreKey);
  if (problem !== undefined) problems.push({ runId, object: sigstoreKey, message: problem });
}

/** Which of a run's controls the options' catalog (this tool's by default) re-evaluates. */
export function runReEvaluation(
  manifest: Pick<Manifest, 'runId' | 'catalogVersion' | 'toolVersion' | 'controls'>,
  options: Pick<VerifyOptions, 'catalog' | 'catalogVersion'> = {},
): ReEvaluation {
  return new ReEvaluation(manifest, options.catalog ?? defaultCatalog, options.catalogVersion ?? defaultCatalogVersion);
}

async function checkMerkle(
  store: EvidenceStore,
  runId: string,
  manifest: Manifest,
  signedRoot: string | undefined,
): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  const tree = MerkleTree.fromEntries(manifest.items.map((i) => Buffer.from(i.sha256, 'hex')));
  const root = tree.root.toString('hex');
  if (root !== manifest.merkle.root || tree.size !== manifest.merkle.treeSize) {
    problems.push({
      runId,
      object: runKeys.manifest(runId),
      message: `The Merkle root recomputed from the manifest of run ${runId} is ${root}, not ${manifest.merkle.root}.`,
    });
  }
  if (root !== signedRoot) {
    problems.push({
      runId,
      object: runKeys.statement(runId),
      message: `The Merkle root recomputed for run ${runId} differs from the signed root ${signedRoot}.`,
    });
  }
  // The proofs file holds the tree's levels, so every item's inclusion proof is read from it. It is
  // right exactly when it equals the tree recomputed from the signed manifest; where it is not, the
  // proofs that pass through the wrong node are named.
  const proofsKey = runKeys.proofs(runId);
  const stored = await getOrProblem(store, proofsKey, runId, problems);
  if (stored === undefined) return problems;
  problems.push(...treeLevelsProblems(runId, proofsKey, stored, tree, (i) => manifest.items[i]?.key));
  return problems;
}

/**
 * Each run names its predecessor's statement digest, and the runs must form one line from a single
 * first run: a removed run, a fork (two runs naming the same predecessor) or a run that starts
 * before its predecessor finished fails. The order comes from the signed links, not from run ids.
 */
function checkChain(runs: readonly RunState[]): VerifyProblem[] {
  const { starts, problems } = checkLinks(runs);
  const firsts = starts.filter((run) => run.statement.predicate.previous === null);
  for (const run of starts) {
    const previous = run.statement.predicate.previous;
    if (previous === null) continue;
    problems.push({
      runId: run.runId,
      message: `Run ${run.runId} names previous run ${previous.runId} (statement ${previous.statementSha256}), which is not in the store: a run was removed from the chain.`,
    });
  }
  if (runs.length > 0 && firsts.length === 0 && problems.length === 0) {
    problems.push({ message: 'No run starts the chain: the first runs were removed.' });
  }
  if (firsts.length > 1) {
    problems.push({
      message: `${firsts.length} runs each start a chain (${firsts.map((r) => r.runId).join(', ')}): the store holds more than one chain.`,
    });
  }
  return problems;
}
