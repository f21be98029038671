import { eachFinding } from '../controls/evaluate.js';
import { FindingSchema } from '../controls/types.js';
import { canonicalJson, isCanonicalJson, sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import { checkedEvidence, parseEvidence } from '../evidence/record.js';
import type { ManifestItem } from '../seal/manifest.js';
import type { MerkleTree } from '../seal/merkle.js';
import type { ReEvaluation } from '../seal/reevaluation.js';
import { encodeTreeLevels } from '../seal/seal.js';
import {
  PACK_KINDS,
  type PackKind,
  RUN_SHARD_ID,
  runTree,
  type ShardedManifest,
  type ShardManifest,
  type ShardSummary,
  shardKeys,
} from '../seal/shard.js';
import {
  checkShardedItemProof,
  checkShardManifest,
  packItems,
  type ShardedItemProof,
  ShardReadError,
  shardItem,
} from '../seal/shard-read.js';
import { keyIdOf, parsePublicKey } from '../seal/signer.js';
import type { VerifyProblem } from '../seal/verify.js';
import { runKeys } from '../store/types.js';
import { DigestMap } from '../util/digest-map.js';
import { type IndexObject, indexObject, proofPath } from './bundle.js';
import { type BundleZip, MANIFEST_MAX_BYTES, OBJECT_MAX_BYTES } from './bundle-zip.js';
import type { SealedFinding, StoredEvidence } from './load.js';
import { ShardProofs } from './sharded-bundle.js';

/**
 * Verification of a sharded (v2) run in an evidence bundle, after its statement, manifest and
 * signature were checked by the caller: the run's tree over the shard roots against the signed root,
 * `proofs.bin` and the public key as stored, then shard by shard its `shard.json` against the run
 * manifest, its two packs against the shard manifest, each item's own file against its pack and its
 * two-level proof against the signed root, the findings and the evidence they cite, and
 * re-evaluation of the shard. One shard is in memory at a time (its manifest, its packs and its
 * evidence records for re-evaluation): what the run as a whole costs is its shard summaries.
 */

/** What the caller tells and gathers: the run, its report's counters, and the OSCAL summary's feed. */
export interface ShardedRunCheck {
  runId: string;
  manifest: ShardedManifest;
  /** The Merkle root the statement signs. */
  signedRoot: string | undefined;
  bundle: BundleZip;
  problems: VerifyProblem[];
  reEvaluation: ReEvaluation;
  evaluatedAt: string;
  /** How many problems there were when the run's verification began: a shard is re-evaluated only while there are no more. */
  before: number;
  /** The shards' coverage is appended here in shard order (the run manifest has none). */
  coverage: CoverageEntry[];
  /** Counters of the run's report. */
  counts: { included: number; evidence: number; findings: number; proofsChecked: number };
  onEvidence: (evidence: StoredEvidence) => void;
  onFinding: (finding: SealedFinding) => void;
  /** Set before a shard's findings are given: whether its evidence holds a record of that SHA-256. */
  setEvidenceLookup: (has: (sha256: string) => boolean) => void;
}

/** The outcome: whether every shard was re-evaluated (all checks passed, so each could be). */
export interface ShardedRunResult {
  reEvaluated: boolean;
}

/** The names a shard's items have in the bundle: the item's own file and its proof. */
function itemNames(runId: string, shard: ShardManifest, kind: PackKind, sha256: string): { key: string; proof: string } {
  const key = shardKeys.item(runId, shard.shardId, kind, sha256);
  return { key, proof: proofPath(runId, key) };
}

/** Where a shard's entries are in the bundle: what is claimed when the shard cannot be read. */
function shardPrefixes(runId: string, shardId: string): string[] {
  const prefix = shardKeys.shardPrefix(runId, shardId);
  return [prefix, `${runKeys.prefix(runId)}proofs/${prefix.slice(runKeys.prefix(runId).length)}`];
}

export function verifyShardedRun(check: ShardedRunCheck): ShardedRunResult {
  const { runId, manifest, bundle, problems, signedRoot, before } = check;
  const problem = (object: string, message: string) => problems.push({ runId, object, message });
  const manifestKey = runKeys.manifest(runId);

  // The shards, once each in shard id order, each under its own key.
  const { shards } = manifest;
  for (const [i, s] of shards.entries()) {
    const previous = shards[i - 1];
    if (previous !== undefined && s.shardId <= previous.shardId)
      problem(manifestKey, `${manifestKey} does not list its shards once each in shard id order (at ${s.shardId}).`);
    if (s.key !== shardKeys.manifest(runId, s.shardId))
      problem(manifestKey, `${manifestKey} names ${s.key} as shard ${s.shardId}'s manifest.`);
  }

  // The run's tree over the shard roots is the signed one, and proofs.bin holds its levels.
  const tree = runTree(shards);
  const root = tree.root.toString('hex');
  if (root !== signedRoot || root !== manifest.merkle.root || tree.size !== manifest.merkle.treeSize) {
    problem(
      manifestKey,
      `The Merkle root recomputed from the shard roots in the manifest of run ${runId} is ${root}, not the signed root ${signedRoot}.`,
    );
  }
  const proofsKey = runKeys.proofs(runId);
  const proofsEntry = bundle.claim(proofsKey);
  if (proofsEntry === undefined) problem(proofsKey, `${proofsKey} of run ${runId} is missing from the bundle: an entry was removed.`);
  else {
    const bytes = bundle.read(proofsEntry, MANIFEST_MAX_BYTES, runId);
    if (bytes !== null && !bytes.equals(encodeTreeLevels(tree)))
      problem(proofsKey, `${proofsKey} does not hold the tree over the shard roots of run ${runId}: it was altered.`);
  }

  // The signer's public key, as the manifest lists it.
  const { publicKey } = manifest;
  const keyEntry = bundle.claim(publicKey.key);
  if (keyEntry === undefined) problem(publicKey.key, `${publicKey.key} of run ${runId} is missing from the bundle: an entry was removed.`);
  else {
    const bytes = keyEntry.size === publicKey.size ? bundle.read(keyEntry, OBJECT_MAX_BYTES, runId) : undefined;
    if (bytes === undefined || (bytes !== null && sha256Hex(bytes) !== publicKey.sha256))
      problem(publicKey.key, `${publicKey.key} does not match its SHA-256 in the manifest: it was altered.`);
    else if (bytes !== null) {
      try {
        const id = keyIdOf(parsePublicKey(bytes, publicKey.key));
        if (id !== manifest.signer.keyId) throw new Error(`it is key ${id}, not the run's signer ${manifest.signer.keyId}`);
      } catch (error) {
        problem(publicKey.key, `${publicKey.key} is not a valid public-key: ${(error as Error).message}`);
      }
    }
  }

  let reEvaluated = true;
  for (const summary of shards) {
    if (!verifyShard(check, summary, tree, before)) reEvaluated = false;
  }
  return { reEvaluated: reEvaluated && problems.length === before };
}

/** One shard; true when it was re-evaluated (nothing of the run failed before its re-evaluation). */
function verifyShard(check: ShardedRunCheck, summary: ShardSummary, tree: MerkleTree, runBefore: number): boolean {
  const { runId, manifest, bundle, problems, signedRoot, counts } = check;
  const problem = (object: string, message: string) => problems.push({ runId, object, message });
  const key = summary.key;
  const entry = bundle.claim(key);
  if (entry === undefined) {
    bundle.claimUnder(shardPrefixes(runId, summary.shardId));
    problem(key, `${key} is missing from the bundle: shard ${summary.shardId} of run ${runId} was removed.`);
    return false;
  }
  const bytes = bundle.read(entry, MANIFEST_MAX_BYTES, runId);
  let shard: ShardManifest;
  try {
    if (bytes === null) throw new ShardReadError(key, '');
    shard = checkShardManifest(bytes, runId, summary);
  } catch (error) {
    bundle.claimUnder(shardPrefixes(runId, summary.shardId));
    if (bytes !== null) problem(error instanceof ShardReadError ? error.key : key, (error as Error).message);
    return false;
  }
  check.coverage.push(...shard.coverage);
  const proofs = new ShardProofs(manifest, shard, tree);
  const shardBefore = problems.length;

  /** The item's own file, against the pack's bytes of it, and its proof, against the signed root. */
  const checkItem = (kind: PackKind, item: ManifestItem, itemBytes: Buffer, leafIndex: number) => {
    const names = itemNames(runId, shard, kind, item.sha256);
    const fileEntry = bundle.claim(names.key);
    const proofEntry = bundle.claim(names.proof);
    if (fileEntry === undefined) problem(names.key, `${names.key} is missing from the bundle: an entry was removed.`);
    else {
      const file = fileEntry.size === item.size ? bundle.read(fileEntry, OBJECT_MAX_BYTES, runId) : undefined;
      if (file === undefined || (file !== null && !file.equals(itemBytes)))
        problem(
          names.key,
          `${names.key} is not the item ${shard.packs[kind === 'evidence' ? 'evidence' : 'findings'].key} holds under its SHA-256: it was altered.`,
        );
      else if (file !== null) counts.included++;
    }
    if (proofEntry === undefined) {
      problem(names.proof, `${names.key} has no inclusion proof: ${names.proof} is missing.`);
      return;
    }
    const proofBytes = bundle.read(proofEntry, OBJECT_MAX_BYTES, runId);
    if (proofBytes === null) return;
    const expected = proofs.proof(kind, item.sha256, leafIndex);
    let proof: ShardedItemProof | undefined;
    try {
      proof = JSON.parse(proofBytes.toString('utf8')) as ShardedItemProof;
    } catch {
      proof = undefined;
    }
    const holds =
      typeof proof === 'object' &&
      proof !== null &&
      proof.runId === runId &&
      proof.key === names.key &&
      proof.kind === kind &&
      proof.shardId === shard.shardId &&
      sameStep(proof.shard, expected.shard) &&
      sameStep(proof.run, expected.run) &&
      proof.run.root === signedRoot &&
      checkShardedItemProof(proof, itemBytes);
    if (holds) counts.proofsChecked++;
    else
      problem(names.proof, `The inclusion proof ${names.proof} of ${names.key} does not lead to the signed Merkle root of run ${runId}.`);
  };

  /** The pack of `kind`, item by item; what it cannot give is a problem naming the entry, and its items' names are claimed. */
  const eachOfPack = function* (kind: PackKind): Generator<{ item: ManifestItem; bytes: Buffer; leafIndex: number }> {
    const ref = kind === 'evidence' ? shard.packs.evidence : shard.packs.findings;
    const entries = kind === 'evidence' ? shard.index.evidence : shard.index.findings;
    const offset = kind === 'evidence' ? 0 : shard.index.evidence.length;
    const packEntry = bundle.claim(ref.key);
    let done = 0;
    try {
      if (packEntry === undefined) throw new ShardReadError(ref.key, `${ref.key} is missing from the bundle: an entry was removed.`);
      const packBytes = packEntry.size === ref.size ? bundle.read(packEntry, MANIFEST_MAX_BYTES, runId) : Buffer.alloc(0);
      if (packBytes !== null) {
        for (const read of packItems(shard, kind, packBytes)) {
          yield { ...read, leafIndex: offset + done };
          done++;
        }
      }
    } catch (error) {
      if (!(error instanceof ShardReadError)) throw error;
      problem(error.key, error.message);
    }
    // What the pack did not give: the items' files and proofs are accounted for by the problem above.
    for (const e of entries.slice(done)) {
      const names = itemNames(runId, shard, kind, e[0]);
      bundle.claim(names.key);
      bundle.claim(names.proof);
    }
  };

  // The evidence, held (without its text) for the shard's re-evaluation.
  const evidence: StoredEvidence[] = [];
  const evidenceDigests = new DigestMap(0, 2 * shard.index.evidence.length);
  for (const { item, bytes, leafIndex } of eachOfPack('evidence')) {
    checkItem('evidence', item, bytes, leafIndex);
    const text = bytes.toString('utf8');
    try {
      const record = parseEvidence(text, item.key);
      if (!isCanonicalJson(text)) throw new Error(`${item.key} is not in canonical JSON form.`);
      const stored: StoredEvidence = Object.assign(checkedEvidence(record, item.sha256), { key: item.key });
      evidence.push(stored);
      evidenceDigests.set(DigestMap.fromHex(item.sha256));
      check.onEvidence(stored);
      counts.evidence++;
    } catch (error) {
      problem(item.key, `${item.key} is not a valid evidence: ${(error as Error).message}`);
    }
  }

  // The findings, held as digests, with the evidence they cite (a finding is judged on its shard's evidence only).
  check.setEvidenceLookup((sha) => /^[0-9a-f]{64}$/u.test(sha) && evidenceDigests.has(DigestMap.fromHex(sha)));
  const { reEvaluation } = check;
  const stored = new DigestMap(0, 2 * shard.index.findings.length);
  const skipped = new DigestMap(0);
  for (const { item, bytes, leafIndex } of eachOfPack('finding')) {
    checkItem('finding', item, bytes, leafIndex);
    let sealed: SealedFinding;
    try {
      sealed = { key: item.key, sha256: item.sha256, finding: FindingSchema.parse(JSON.parse(bytes.toString('utf8'))) };
    } catch (error) {
      problem(item.key, `${item.key} is not a valid finding: ${(error as Error).message}`);
      continue;
    }
    stored.set(DigestMap.fromHex(item.sha256));
    counts.findings++;
    const { controlId } = sealed.finding;
    if (!reEvaluation.lists(controlId))
      problem(
        item.key,
        `${item.key} is a finding of control ${controlId}, which the manifest of run ${runId} does not list among the controls that judged it.`,
      );
    else if (!reEvaluation.covers(controlId)) skipped.set(DigestMap.fromHex(item.sha256));
    for (const sha of sealed.finding.evidence) {
      if (!/^[0-9a-f]{64}$/u.test(sha) || !evidenceDigests.has(DigestMap.fromHex(sha)))
        problem(
          item.key,
          `${item.key} cites evidence ${sha}, which is not in its shard ${shard.shardId} intact (missing, or failing a check above).`,
        );
    }
    check.onFinding(sealed);
  }

  // Re-evaluation of the shard, when nothing of the run failed so far: an account shard's controls
  // read its own evidence only; the run shard (attestations, trust list) is not evaluated and holds no finding.
  if (problems.length !== runBefore || problems.length !== shardBefore) return false;
  const reproduced = new DigestMap(0, 2 * shard.index.findings.length);
  const evaluated =
    shard.shardId === RUN_SHARD_ID
      ? []
      : eachFinding(reEvaluation.controls, {
          scopes: shard.scopes,
          accounts: check.manifest.scopes.map((s) => s.accountId),
          evaluatedAt: check.evaluatedAt,
          evidence,
          coverage: shard.coverage,
        });
  for (const f of evaluated) {
    const digest = sha256Hex(canonicalJson(f));
    reproduced.set(DigestMap.fromHex(digest));
    if (!stored.has(DigestMap.fromHex(digest)))
      problem(
        key,
        `Re-evaluating shard ${shard.shardId} of run ${runId} gives a finding it does not hold: ${f.controlId} ${f.status} for ${f.resource.id}.`,
      );
  }
  for (const [sha256] of shard.index.findings) {
    const digest = DigestMap.fromHex(sha256);
    if (!reproduced.has(digest) && !skipped.has(digest)) {
      const name = shardKeys.item(runId, shard.shardId, 'finding', sha256);
      problem(name, `Finding ${name} of run ${runId} is not reproduced by re-evaluating its shard's evidence.`);
    }
  }
  return true;
}

function sameStep(a: ShardedItemProof['shard'] | undefined, b: ShardedItemProof['shard']): boolean {
  return (
    typeof a === 'object' &&
    a !== null &&
    a.leafIndex === b.leafIndex &&
    a.treeSize === b.treeSize &&
    a.root === b.root &&
    Array.isArray(a.path) &&
    a.path.every((p) => typeof p === 'string')
  );
}

/**
 * A verified sharded run's shard manifests read again from the bundle, each checked again against
 * the run manifest: what index.json and the derived files are rebuilt from, one shard at a time.
 */
export function* zipShards(bundle: BundleZip, runId: string, manifest: ShardedManifest): Generator<ShardManifest> {
  for (const summary of manifest.shards) {
    const entry = bundle.zip.entry(summary.key);
    const bytes = entry === undefined ? null : bundle.read(entry, MANIFEST_MAX_BYTES, runId);
    if (bytes === null) throw new Error(`${summary.key} could not be read again as the run manifest lists it.`);
    yield checkShardManifest(bytes, runId, summary);
  }
}

/** index.json's objects of a sharded run: its items, shard by shard, evidence then findings, each with its proof's path. */
export function* shardedIndexObjects(bundle: BundleZip, runId: string, manifest: ShardedManifest): Generator<IndexObject> {
  for (const shard of zipShards(bundle, runId, manifest)) {
    for (const kind of PACK_KINDS) {
      for (const e of kind === 'evidence' ? shard.index.evidence : shard.index.findings) {
        yield indexObject(runId, shardItem(runId, shard.shardId, kind, e));
      }
    }
  }
}

/** A verified sharded run's items of one kind read again from the bundle's packs, shard by shard, each checked again. */
export function* zipShardItems<T>(
  bundle: BundleZip,
  runId: string,
  manifest: ShardedManifest,
  kind: PackKind,
  make: (item: ManifestItem, text: string) => T,
): Generator<T> {
  for (const shard of zipShards(bundle, runId, manifest)) {
    const ref = kind === 'evidence' ? shard.packs.evidence : shard.packs.findings;
    const entry = bundle.zip.entry(ref.key);
    const bytes = entry === undefined ? null : bundle.read(entry, MANIFEST_MAX_BYTES, runId);
    if (bytes === null) throw new Error(`${ref.key} could not be read again as its shard manifest lists it.`);
    for (const { item, bytes: itemBytes } of packItems(shard, kind, bytes)) yield make(item, itemBytes.toString('utf8'));
  }
}
