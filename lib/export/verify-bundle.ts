import { createHash, type KeyObject } from 'node:crypto';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import { evaluate } from '../controls/evaluate.js';
import { catalog as defaultCatalog, catalogVersion as defaultCatalogVersion } from '../controls/index.js';
import { type Finding, FindingSchema } from '../controls/types.js';
import { canonicalJson, isCanonicalJson, sha256Hex } from '../evidence/canonical.js';
import { parseEvidence } from '../evidence/record.js';
import { checkLinks, manifestMatchesStatement } from '../seal/chain.js';
import { preAuthEncoding } from '../seal/dsse.js';
import { type Manifest, ManifestSchema, MERKLE_ROOT_SUBJECT, type Statement } from '../seal/manifest.js';
import { MerkleTree } from '../seal/merkle.js';
import { checkItemProof, type ItemProof } from '../seal/proof.js';
import { keyIdOf, parsePublicKey, verifySignature } from '../seal/signer.js';
import { readStatement, type VerifyProblem } from '../seal/verify.js';
import { runKeys } from '../store/types.js';
import { type BundleIndex, oscalText, proofPath, ROOT_FILES } from './bundle.js';
import { findingsCsv } from './csv.js';
import type { SealedFinding, SealedRunData, StoredEvidence } from './load.js';

export interface BundleRunReport {
  runId: string;
  /** Objects of the run's manifest, and how many the bundle holds and verified. */
  items: number;
  included: number;
  evidence: number;
  findings: number;
  proofsChecked: number;
  reEvaluated: boolean;
}

export interface BundleVerifyReport {
  ok: boolean;
  location: string;
  trustedKeyId: string | undefined;
  trustedKeySource: string;
  /** The previous run named by the first run of the bundle: the chain's anchor, outside the bundle. */
  anchor: { runId: string; previous: { runId: string; statementSha256: string } | null } | undefined;
  runs: BundleRunReport[];
  /** The derived files checked against the sealed findings. */
  derived: string[];
  problems: VerifyProblem[];
}

export interface BundleVerifyOptions {
  publicKey?: Uint8Array | string;
  publicKeySource?: string;
}

/** The parts of index.json that verification reads. */
const BundleIndexSchema = z.looseObject({
  toolVersion: z.string(),
  files: z.array(z.looseObject({ name: z.string(), sha256: z.string(), size: z.number() })),
  runs: z.array(z.looseObject({ runId: z.string(), statementSha256: z.string(), merkleRoot: z.string() })),
  objects: z.array(z.looseObject({ runId: z.string(), kind: z.string(), key: z.string(), sha256: z.string(), proof: z.string() })),
});

interface LoadedRun {
  runId: string;
  envelope: ReturnType<typeof readStatement>['envelope'];
  statement: Statement;
  statementSha256: string;
  manifest: Manifest;
  data?: SealedRunData;
}

/** Reads the zip's entries, refusing a zip that holds one name twice (the second copy could hide behind the first). */
function readZip(bytes: Uint8Array, problems: VerifyProblem[]): Map<string, Uint8Array> | undefined {
  const seen = new Map<string, number>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        seen.set(file.name, (seen.get(file.name) ?? 0) + 1);
        return true;
      },
    });
  } catch (error) {
    problems.push({ message: `The bundle is not a readable zip: ${(error as Error).message}` });
    return undefined;
  }
  for (const [name, count] of seen) {
    if (count > 1) problems.push({ object: name, message: `The bundle holds ${name} ${count} times: an entry was added.` });
  }
  const entries = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) if (!name.endsWith('/')) entries.set(name, data);
  return entries;
}

/**
 * Verifies an evidence bundle (a zip made by `ai-evidence export`) offline: signatures with one
 * trusted key, manifests against the signed statements, every included object against its manifest
 * and its inclusion proof against the signed root, the chain between the bundle's runs (the first
 * run's predecessor is the anchor), re-evaluation of every run whose evidence is all there, and the
 * derived files (findings.csv, assessment-results.json, index.json) against the sealed findings.
 */
export function verifyBundle(bytes: Uint8Array, location: string, options: BundleVerifyOptions = {}): BundleVerifyReport {
  const problems: VerifyProblem[] = [];
  const report: BundleVerifyReport = {
    ok: false,
    location,
    trustedKeyId: undefined,
    trustedKeySource: options.publicKeySource ?? 'the oldest run in the bundle',
    anchor: undefined,
    runs: [],
    derived: [],
    problems,
  };
  const entries = readZip(bytes, problems);
  if (entries === undefined) return report;
  const text = (name: string) => Buffer.from(entries.get(name) as Uint8Array).toString('utf8');

  let index: BundleIndex | undefined;
  if (!entries.has(ROOT_FILES.index)) problems.push({ object: ROOT_FILES.index, message: `The bundle has no ${ROOT_FILES.index}.` });
  else {
    try {
      const parsed = BundleIndexSchema.safeParse(JSON.parse(text(ROOT_FILES.index)));
      if (parsed.success) index = parsed.data as unknown as BundleIndex;
      else
        problems.push({ object: ROOT_FILES.index, message: `${ROOT_FILES.index} is not a bundle index: ${z.prettifyError(parsed.error)}` });
    } catch (error) {
      problems.push({ object: ROOT_FILES.index, message: `${ROOT_FILES.index} is not valid JSON: ${(error as Error).message}` });
    }
  }

  // The runs: every runs/<id>/statement.dsse.json in the zip.
  const runIds = [
    ...new Set([...entries.keys()].map((n) => /^runs\/([^/]+)\/statement\.dsse\.json$/u.exec(n)?.[1]).filter((id) => id !== undefined)),
  ].sort();
  if (runIds.length === 0) {
    problems.push({ message: 'The bundle holds no signed run.' });
    return report;
  }
  const loaded: LoadedRun[] = [];
  for (const runId of runIds) {
    const statementKey = runKeys.statement(runId);
    try {
      const { envelope, payload, statement } = readStatement(entries.get(statementKey) as Uint8Array, statementKey);
      const manifestKey = runKeys.manifest(runId);
      const manifestBytes = entries.get(manifestKey);
      if (manifestBytes === undefined) {
        problems.push({ runId, object: manifestKey, message: `${manifestKey} is missing from the bundle.` });
        continue;
      }
      if (statement.subject[0]?.name !== manifestKey || sha256Hex(manifestBytes) !== statement.subject[0].digest.sha256) {
        problems.push({
          runId,
          object: manifestKey,
          message: `${manifestKey} does not match the SHA-256 in the signed statement: it was altered.`,
        });
        continue;
      }
      const manifest = ManifestSchema.parse(JSON.parse(Buffer.from(manifestBytes).toString('utf8')));
      loaded.push({ runId, envelope, statement, statementSha256: sha256Hex(payload), manifest });
      if (statement.predicate.runId !== runId || !manifestMatchesStatement(manifest, statement, runId)) {
        problems.push({
          runId,
          object: manifestKey,
          message: `${manifestKey} disagrees with the signed statement of run ${runId} on the run id, times, previous run or signer.`,
        });
      }
    } catch (error) {
      problems.push({ runId, object: statementKey, message: (error as Error).message });
    }
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
      const keyItem = oldest.manifest.items.find((i) => i.kind === 'public-key');
      const keyBytes = keyItem === undefined ? undefined : entries.get(keyItem.key);
      if (keyItem === undefined || keyBytes === undefined)
        throw new Error(`The oldest run ${oldest.runId} has no public key in the bundle; pin one with --public-key.`);
      trustedKey = parsePublicKey(keyBytes, keyItem.key);
    }
    if (trustedKey !== undefined) report.trustedKeyId = keyIdOf(trustedKey);
  } catch (error) {
    problems.push({ message: (error as Error).message });
  }

  const listed = new Set<string>(Object.values(ROOT_FILES));
  for (const run of loaded) {
    const runReport = verifyRun(run, entries, trustedKey, listed, problems);
    report.runs.push(runReport);
  }

  // Anything in the zip that no manifest lists and that is not a root file was added.
  for (const name of entries.keys()) {
    if (!listed.has(name))
      problems.push({ object: name, message: `${name} is in the bundle but in no run's manifest: an entry was added.` });
  }

  report.anchor = checkChain(loaded, problems);
  checkDerived(loaded, entries, index, report, problems);
  report.ok = problems.length === 0;
  return report;
}

function verifyRun(
  run: LoadedRun,
  entries: Map<string, Uint8Array>,
  trustedKey: KeyObject | undefined,
  listed: Set<string>,
  problems: VerifyProblem[],
): BundleRunReport {
  const { runId, manifest, statement } = run;
  const statementKey = runKeys.statement(runId);
  const before = problems.length;
  const runReport: BundleRunReport = {
    runId,
    items: manifest.items.length,
    included: 0,
    evidence: 0,
    findings: 0,
    proofsChecked: 0,
    reEvaluated: false,
  };
  listed.add(statementKey);
  listed.add(runKeys.manifest(runId));

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

  // The Merkle root of the manifest is the signed one.
  const signedRoot = statement.subject.find((s) => s.name === MERKLE_ROOT_SUBJECT)?.digest.sha256;
  const root = MerkleTree.fromEntries(manifest.items.map((i) => Buffer.from(i.sha256, 'hex'))).root.toString('hex');
  if (root !== signedRoot || root !== manifest.merkle.root) {
    problems.push({
      runId,
      object: runKeys.manifest(runId),
      message: `The Merkle root recomputed from the manifest of run ${runId} is ${root}, not the signed root ${signedRoot}.`,
    });
  }

  // Every included object, and its inclusion proof.
  const evidence: StoredEvidence[] = [];
  const findings: SealedFinding[] = [];
  for (const [leafIndex, item] of manifest.items.entries()) {
    listed.add(item.key);
    const proofKey = proofPath(runId, item.key);
    listed.add(proofKey);
    const bytes = entries.get(item.key);
    if (bytes === undefined) continue;
    runReport.included++;
    if (bytes.length !== item.size || sha256Hex(bytes) !== item.sha256) {
      problems.push({ runId, object: item.key, message: `${item.key} does not match its SHA-256 in the manifest: it was altered.` });
      continue;
    }
    const proofBytes = entries.get(proofKey);
    if (proofBytes === undefined) {
      problems.push({ runId, object: proofKey, message: `${item.key} has no inclusion proof: ${proofKey} is missing.` });
    } else {
      let proof: ItemProof | undefined;
      try {
        proof = JSON.parse(Buffer.from(proofBytes).toString('utf8')) as ItemProof;
      } catch {
        proof = undefined;
      }
      const holds =
        proof !== undefined &&
        proof.runId === runId &&
        proof.key === item.key &&
        proof.leafIndex === leafIndex &&
        proof.treeSize === manifest.items.length &&
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
    const textOf = Buffer.from(bytes).toString('utf8');
    try {
      if (item.kind === 'evidence') {
        const record = parseEvidence(textOf, item.key);
        if (!isCanonicalJson(textOf)) throw new Error(`${item.key} is not in canonical JSON form.`);
        evidence.push({ key: item.key, sha256: item.sha256, bytes: textOf, record });
        runReport.evidence++;
      } else if (item.kind === 'finding') {
        findings.push({ key: item.key, sha256: item.sha256, finding: FindingSchema.parse(JSON.parse(textOf)) });
        runReport.findings++;
      } else {
        const id = keyIdOf(parsePublicKey(bytes, item.key));
        if (id !== manifest.signer.keyId) throw new Error(`${item.key} is key ${id}, not the run's signer ${manifest.signer.keyId}.`);
      }
    } catch (error) {
      problems.push({ runId, object: item.key, message: `${item.key} is not a valid ${item.kind}: ${(error as Error).message}` });
    }
  }

  // Every finding is in the bundle (the findings are what the bundle is for), with the evidence it cites.
  const evidenceDigests = new Set(evidence.map((e) => e.sha256));
  for (const item of manifest.items) {
    if (item.kind === 'finding' && !entries.has(item.key))
      problems.push({ runId, object: item.key, message: `Finding ${item.key} of run ${runId} is missing from the bundle.` });
  }
  for (const { key, finding } of findings) {
    for (const sha of finding.evidence) {
      if (!evidenceDigests.has(sha))
        problems.push({ runId, object: key, message: `${key} cites evidence ${sha}, which is not in the bundle.` });
    }
  }

  // Re-evaluation, when the bundle holds all of the run's evidence and nothing above failed.
  const allEvidence = manifest.items.every((i) => i.kind !== 'evidence' || entries.has(i.key));
  if (problems.length === before && allEvidence && manifest.catalogVersion === defaultCatalogVersion) {
    const reproduced = evaluate(defaultCatalog, {
      scopes: manifest.scopes,
      evaluatedAt: manifest.startedAt,
      evidence,
      coverage: manifest.coverage,
    });
    const digests = new Set(reproduced.map((f: Finding) => sha256Hex(canonicalJson(f))));
    const stored = new Set(findings.map((f) => f.sha256));
    for (const f of reproduced) {
      if (!stored.has(sha256Hex(canonicalJson(f))))
        problems.push({
          runId,
          message: `Re-evaluating run ${runId} gives a finding it does not hold: ${f.controlId} ${f.status} for ${f.resource.id}.`,
        });
    }
    for (const f of findings) {
      if (!digests.has(f.sha256))
        problems.push({
          runId,
          object: f.key,
          message: `Finding ${f.key} of run ${runId} is not reproduced by re-evaluating its evidence.`,
        });
    }
    runReport.reEvaluated = true;
  } else if (manifest.catalogVersion !== defaultCatalogVersion) {
    problems.push({
      runId,
      message: `Run ${runId} was judged with control catalog ${manifest.catalogVersion}; this tool has ${defaultCatalogVersion}, so its findings cannot be re-evaluated. Verify with the ai-evidence version that made it (${manifest.toolVersion}).`,
    });
  }
  if (problems.length === before) run.data = { runId, manifest, statement, statementSha256: run.statementSha256, evidence, findings };
  return runReport;
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

/** findings.csv, assessment-results.json and index.json against the sealed runs. */
function checkDerived(
  loaded: readonly LoadedRun[],
  entries: Map<string, Uint8Array>,
  index: BundleIndex | undefined,
  report: BundleVerifyReport,
  problems: VerifyProblem[],
): void {
  const runs = loaded.map((r) => r.data);
  const complete = runs.every((r) => r !== undefined) ? (runs as SealedRunData[]) : undefined;
  for (const name of Object.values(ROOT_FILES)) {
    if (!entries.has(name)) problems.push({ object: name, message: `${name} is missing from the bundle.` });
  }
  if (index !== undefined) {
    for (const file of index.files ?? []) {
      const bytes = entries.get(file.name);
      if (bytes !== undefined && (sha256Hex(bytes) !== file.sha256 || bytes.length !== file.size)) {
        problems.push({ object: file.name, message: `${file.name} does not match its SHA-256 in ${ROOT_FILES.index}: it was altered.` });
      }
    }
    const indexed = new Map((index.objects ?? []).map((o) => [o.key, o]));
    for (const run of loaded) {
      const entry = (index.runs ?? []).find((r) => r.runId === run.runId);
      if (entry === undefined || entry.statementSha256 !== run.statementSha256 || entry.merkleRoot !== run.manifest.merkle.root) {
        problems.push({
          runId: run.runId,
          object: ROOT_FILES.index,
          message: `${ROOT_FILES.index} does not describe run ${run.runId} as its signed statement does.`,
        });
      }
      for (const item of run.manifest.items) {
        const object = indexed.get(item.key);
        const present = entries.has(item.key);
        if (
          present &&
          (object === undefined ||
            object.sha256 !== item.sha256 ||
            object.kind !== item.kind ||
            object.proof !== proofPath(run.runId, item.key))
        ) {
          problems.push({
            runId: run.runId,
            object: item.key,
            message: `${ROOT_FILES.index} does not list ${item.key} as its manifest does.`,
          });
        }
        if (!present && object !== undefined)
          problems.push({
            runId: run.runId,
            object: item.key,
            message: `${ROOT_FILES.index} lists ${item.key}, which is not in the bundle: an entry was removed.`,
          });
      }
    }
    if ((index.runs ?? []).length !== loaded.length)
      problems.push({
        object: ROOT_FILES.index,
        message: `${ROOT_FILES.index} lists ${(index.runs ?? []).length} run(s); the bundle holds ${loaded.length}.`,
      });
    report.derived.push(ROOT_FILES.index);
  }
  if (complete === undefined) return;
  const csv = entries.get(ROOT_FILES.csv);
  if (csv !== undefined) {
    if (sha256Hex(csv) !== chunksSha256(findingsCsv(complete)))
      problems.push({ object: ROOT_FILES.csv, message: `${ROOT_FILES.csv} does not list the sealed findings: it was altered.` });
    else report.derived.push(ROOT_FILES.csv);
  }
  const oscal = entries.get(ROOT_FILES.oscal);
  if (oscal !== undefined) {
    let expected: string | undefined;
    try {
      expected = chunksSha256(oscalText(complete, index?.toolVersion ?? ''));
    } catch (error) {
      problems.push({
        object: ROOT_FILES.oscal,
        message: `${ROOT_FILES.oscal} cannot be rebuilt from the sealed runs: ${(error as Error).message}`,
      });
    }
    if (expected !== undefined) {
      if (sha256Hex(oscal) !== expected)
        problems.push({ object: ROOT_FILES.oscal, message: `${ROOT_FILES.oscal} does not describe the sealed runs: it was altered.` });
      else report.derived.push(ROOT_FILES.oscal);
    }
  }
}

function chunksSha256(chunks: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk, 'utf8');
  return hash.digest('hex');
}
