import { eachFinding } from '../controls/evaluate.js';
import { FindingSchema } from '../controls/types.js';
import { canonicalJson, isCanonicalJson, sha256Hex } from '../evidence/canonical.js';
import type { Scope } from '../evidence/coverage.js';
import { checkedEvidence, parseEvidence, type SealedEvidence } from '../evidence/record.js';
import { shardOfItem } from '../pipeline/shard-step.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import { DigestMap } from '../util/digest-map.js';
import { manifestMatchesStatement } from './chain.js';
import type { Statement } from './manifest.js';
import type { ReEvaluation } from './reevaluation.js';
import { RUN_SHARD_ID, runTree, type ShardedManifest, type ShardManifest, type ShardSummary, shardIdOf, shardKeys } from './shard.js';
import { checkShardManifest, packItems, parseShardedManifest, ShardReadError } from './shard-read.js';
import { keyIdOf, parsePublicKey } from './signer.js';
import type { RunReport, VerifyProblem } from './verify.js';
import { treeLevelsProblems } from './verify-tree.js';

/** What {@link verifyShardedContents} is given: a run whose statement was read and whose manifest is the one it signs. */
export interface ShardedChecking {
  store: EvidenceStore;
  runId: string;
  run: RunReport;
  statement: Statement;
  /** The manifest's bytes, already found equal to the statement's subject. */
  manifestBytes: Buffer;
  /** Every key under `runs/<run>/`. */
  present: ReadonlySet<string>;
  /** Which controls are re-evaluated; made from the manifest's `controls`. */
  reEvaluationOf: (manifest: ShardedManifest) => ReEvaluation;
}

/**
 * Checks a sharded (v2) run in full, after its statement: the run manifest against the statement,
 * the public key, the run's tree over the shard roots and `proofs.bin`, then each shard in turn
 * (its manifest against the run's summary of it, both packs item by item, every item's kind, shard
 * and form, and re-evaluation of its findings from its evidence and coverage), and that the run's
 * folder holds nothing else. One shard's items are in memory at a time, whatever the run's size.
 * Problems go to `run.problems`; the Sigstore bundle is the caller's (it is the same for both formats).
 */
export async function verifyShardedContents(checking: ShardedChecking): Promise<void> {
  const { store, runId, run, statement, manifestBytes, present } = checking;
  const { problems } = run;
  const problem = (object: string | undefined, message: string) =>
    problems.push(object === undefined ? { runId, message } : { runId, object, message });
  const manifestKey = runKeys.manifest(runId);

  let manifest: ShardedManifest;
  try {
    manifest = parseShardedManifest(manifestBytes, manifestKey);
  } catch (error) {
    problem(manifestKey, (error as Error).message);
    return;
  }
  const p = statement.predicate;
  if (
    !manifestMatchesStatement(manifest, statement, runId) ||
    manifest.toolVersion !== p.toolVersion ||
    manifest.catalogVersion !== p.catalogVersion ||
    manifest.signer.algorithm !== p.signer.algorithm
  ) {
    problem(
      manifestKey,
      `${manifestKey} disagrees with the signed statement on the run id, times, previous run, signer, or tool or catalog version.`,
    );
  }
  run.shards = manifest.shards.length;
  run.items = manifest.shards.reduce((n, s) => n + s.treeSize, 0);

  // The shard list: one summary per shard id, in id order (the order of the run tree's leaves),
  // each naming its own shard's manifest.
  manifest.shards.forEach((summary, i) => {
    const before = manifest.shards[i - 1]?.shardId;
    if (before !== undefined && before >= summary.shardId) {
      problem(
        manifestKey,
        `${manifestKey} lists shard ${summary.shardId} after ${before}: shards must be listed once each, in shard id order.`,
      );
    }
    if (summary.key !== shardKeys.manifest(runId, summary.shardId)) {
      problem(
        summary.key,
        `${manifestKey} names ${summary.key} as the manifest of shard ${summary.shardId}, which is not that shard's key in run ${runId}.`,
      );
    }
  });

  await checkPublicKey(store, runId, manifest, problem);
  await checkRunTree(store, runId, manifest, statement.subject[1]?.digest.sha256, problems);

  // What may be in the run's folder: the run's own objects and each listed shard's three.
  const listed = new Set<string>([
    manifestKey,
    runKeys.statement(runId),
    runKeys.proofs(runId),
    runKeys.sigstoreBundle(runId),
    runKeys.timestamp(runId),
    runKeys.tsaChain(runId),
    manifest.publicKey.key,
  ]);
  for (const s of manifest.shards) {
    listed.add(shardKeys.manifest(runId, s.shardId));
    listed.add(shardKeys.pack(runId, s.shardId, 'evidence'));
    listed.add(shardKeys.pack(runId, s.shardId, 'finding'));
  }

  const reEvaluation = checking.reEvaluationOf(manifest);
  const runScopes = new Map(manifest.scopes.map((s) => [scopeName(s), false]));
  let reEvaluatedAll = true;
  // A shard whose manifest could not be checked is named already; its scopes are not named again.
  const unread = new Set<string>();
  for (const summary of manifest.shards) {
    const checked = await checkShard({ store, runId, run, manifest, summary, reEvaluation, runScopes, problem });
    if (checked === 'unread') unread.add(summary.shardId);
    reEvaluatedAll &&= checked === true;
  }
  for (const scope of manifest.scopes) {
    if (runScopes.get(scopeName(scope)) === false && !unread.has(shardIdOf(scope.accountId)))
      problem(manifestKey, `Scope ${scopeName(scope)} of run ${runId} is in none of its shards: its evidence and findings are missing.`);
  }

  // Unlisted objects; a whole shard folder the manifest does not list (copied in from another run,
  // say) is one problem that names the folder.
  const shardsPrefix = shardKeys.prefix(runId);
  const shardIds = new Set(manifest.shards.map((s) => s.shardId));
  const strayShards = new Map<string, number>();
  for (const key of present) {
    if (listed.has(key)) continue;
    const folder = key.startsWith(shardsPrefix) ? /^[^/]+\//u.exec(key.slice(shardsPrefix.length))?.[0] : undefined;
    if (folder !== undefined && !shardIds.has(folder.slice(0, -1))) {
      strayShards.set(shardsPrefix + folder, (strayShards.get(shardsPrefix + folder) ?? 0) + 1);
    } else {
      problem(key, `${key} is in run ${runId} but not in its manifest: an object was added.`);
    }
  }
  for (const [folder, count] of strayShards) {
    problem(
      folder,
      `${folder} (${count} object(s)) is in run ${runId}, whose manifest lists no such shard: a shard was added or copied in from another run.`,
    );
  }

  // As for a v1 run, the re-evaluation report is made once every shard was re-evaluated.
  if (reEvaluatedAll && problems.length === 0) {
    run.reEvaluated = reEvaluation.controls.length > 0;
    run.reEvaluatedControls = reEvaluation.reEvaluated();
    run.notReEvaluated = reEvaluation.notReEvaluated();
    const warning = reEvaluation.warning();
    if (warning !== undefined) run.warnings.push({ runId, object: manifestKey, message: warning });
  }
}

type Problem = (object: string | undefined, message: string) => void;

function scopeName(scope: Scope): string {
  return `${scope.accountId}/${scope.region}`;
}

async function read(store: EvidenceStore, key: string): Promise<{ bytes: Buffer } | { key: string; error: string }> {
  try {
    return { bytes: await store.get(key) };
  } catch (error) {
    return {
      key,
      error:
        error instanceof ObjectNotFoundError ? `${key} is missing from the store.` : `${key} cannot be read: ${(error as Error).message}`,
    };
  }
}

/** The manifest's public key: at its content address, with its listed digest and size, and the signer's. */
async function checkPublicKey(store: EvidenceStore, runId: string, manifest: ShardedManifest, problem: Problem): Promise<void> {
  const { key, sha256, size } = manifest.publicKey;
  if (key !== runKeys.object(runId, 'keys', sha256, 'pem')) {
    problem(key, `The manifest of run ${runId} names ${key} as its public key, which is not the key's place in the run.`);
    return;
  }
  const got = await read(store, key);
  if ('error' in got) return problem(key, got.error);
  if (got.bytes.length !== size || sha256Hex(got.bytes) !== sha256) {
    return problem(key, `${key} does not match its SHA-256 in the manifest: it was altered.`);
  }
  try {
    const id = keyIdOf(parsePublicKey(got.bytes, key));
    if (id !== manifest.signer.keyId) problem(key, `${key} is key ${id}, not the run's signer ${manifest.signer.keyId}.`);
  } catch (error) {
    problem(key, `${key} is not a valid public key: ${(error as Error).message}`);
  }
}

/** The run's tree over the shard roots: its root is the manifest's and the signed one, and proofs.bin holds its levels. */
async function checkRunTree(
  store: EvidenceStore,
  runId: string,
  manifest: ShardedManifest,
  signedRoot: string | undefined,
  problems: VerifyProblem[],
): Promise<void> {
  const tree = runTree(manifest.shards);
  const root = tree.root.toString('hex');
  if (root !== manifest.merkle.root || tree.size !== manifest.merkle.treeSize) {
    problems.push({
      runId,
      object: runKeys.manifest(runId),
      message: `The Merkle root recomputed over the shard roots in the manifest of run ${runId} is ${root} over ${tree.size} shard(s), not ${manifest.merkle.root} over ${manifest.merkle.treeSize}.`,
    });
  }
  if (root !== signedRoot) {
    problems.push({
      runId,
      object: runKeys.statement(runId),
      message: `The Merkle root recomputed over the shards of run ${runId} differs from the signed root ${signedRoot}.`,
    });
  }
  const proofsKey = runKeys.proofs(runId);
  const stored = await read(store, proofsKey);
  if ('error' in stored) {
    problems.push({ runId, object: proofsKey, message: stored.error });
    return;
  }
  problems.push(...treeLevelsProblems(runId, proofsKey, stored.bytes, tree, (i) => manifest.shards[i]?.key, 'shards'));
}

/**
 * One shard, in full: its manifest, its scopes and coverage, every item of both packs, and its
 * findings re-evaluated. True when it was re-evaluated (or, for the run shard, needs not be);
 * `unread` when its manifest could not be read or checked.
 */
async function checkShard(checking: {
  store: EvidenceStore;
  runId: string;
  run: RunReport;
  manifest: ShardedManifest;
  summary: ShardSummary;
  reEvaluation: ReEvaluation;
  runScopes: Map<string, boolean>;
  problem: Problem;
}): Promise<boolean | 'unread'> {
  const { store, runId, run, manifest, summary, reEvaluation, runScopes } = checking;
  const shardId = summary.shardId;
  let clean = true;
  const problem: Problem = (object, message) => {
    clean = false;
    checking.problem(object, message);
  };
  const manifestKey = shardKeys.manifest(runId, shardId);
  if (summary.key !== manifestKey) return 'unread'; // named with the shard list
  // The shard's three objects are read at once: the packs' keys are fixed by the shard's id, and
  // the shard manifest must name exactly those.
  const [shardBytes, evidenceBytes, findingsBytes] = await Promise.all([
    read(store, manifestKey),
    read(store, shardKeys.pack(runId, shardId, 'evidence')),
    read(store, shardKeys.pack(runId, shardId, 'finding')),
  ]);
  for (const got of [shardBytes, evidenceBytes, findingsBytes]) if ('error' in got) problem(got.key, got.error);
  if ('error' in shardBytes) return 'unread';
  let shard: ShardManifest;
  try {
    shard = checkShardManifest(shardBytes.bytes, runId, summary);
  } catch (error) {
    problem(error instanceof ShardReadError ? error.key : manifestKey, (error as Error).message);
    return 'unread';
  }
  const gaps = shard.coverage.filter((c) => c.status !== 'COMPLETE').length;
  if (gaps !== summary.coverageGaps) {
    problem(manifestKey, `${manifestKey} holds ${gaps} coverage gap(s); the run manifest says ${summary.coverageGaps}.`);
  }

  // Its scopes are the run's, each in the shard of its account and in one shard only; its coverage
  // entries are of its own accounts (or of the run, in the run shard).
  for (const scope of shard.scopes) {
    const name = scopeName(scope);
    const seen = runScopes.get(name);
    if (seen === undefined) problem(manifestKey, `${manifestKey} holds scope ${name}, which is not a scope of run ${runId}.`);
    else if (seen) problem(manifestKey, `${manifestKey} holds scope ${name}, which another shard of run ${runId} holds too.`);
    else runScopes.set(name, true);
    if (shardIdOf(scope.accountId) !== shardId)
      problem(manifestKey, `${manifestKey} holds scope ${name}, which is not of shard ${shardId}.`);
  }
  for (const entry of shard.coverage) {
    if (shardOfItem(entry.collector, entry.accountId) !== shardId) {
      problem(
        manifestKey,
        `${manifestKey} holds coverage of ${entry.collector} in ${entry.accountId}/${entry.region}, which belongs to shard ${shardOfItem(entry.collector, entry.accountId)}.`,
      );
    }
  }

  // Every evidence record: canonical JSON, a valid record, of this shard.
  const evidence: SealedEvidence[] = [];
  if ('bytes' in evidenceBytes) {
    try {
      for (const { item, bytes } of packItems(shard, 'evidence', evidenceBytes.bytes)) {
        const text = bytes.toString('utf8');
        try {
          const record = parseEvidence(text, item.key);
          if (!isCanonicalJson(text)) throw new Error(`${item.key} is not in canonical JSON form.`);
          const belongs = shardOfItem(record.source.collector, record.accountId);
          if (belongs !== shardId) {
            throw new Error(
              `${item.key} is a record of ${record.source.collector} in account ${record.accountId}, which belongs to shard ${belongs}, not ${shardId}.`,
            );
          }
          evidence.push(checkedEvidence(record, item.sha256));
          run.evidence++;
        } catch (error) {
          problem(item.key, (error as Error).message);
        }
      }
    } catch (error) {
      problem(error instanceof ShardReadError ? error.key : shard.packs.evidence.key, (error as Error).message);
    }
  }

  // Every finding: a valid finding of a control the run lists, about this shard's account.
  const stored = new DigestMap(0);
  const skipped = new DigestMap(0);
  if ('bytes' in findingsBytes) {
    try {
      for (const { item, bytes } of packItems(shard, 'finding', findingsBytes.bytes)) {
        try {
          if (shardId === RUN_SHARD_ID)
            throw new Error(`${item.key} is a finding in the run shard, which is not evaluated and holds none.`);
          const finding = FindingSchema.parse(JSON.parse(bytes.toString('utf8')));
          if (!reEvaluation.lists(finding.controlId)) {
            throw new Error(
              `${item.key} is a finding of control ${finding.controlId}, which the manifest of run ${runId} does not list among the controls that judged it.`,
            );
          }
          if (shardIdOf(finding.accountId) !== shardId) {
            throw new Error(`${item.key} is a finding about account ${finding.accountId}, not of shard ${shardId}.`);
          }
          const digest = DigestMap.fromHex(item.sha256);
          if (!reEvaluation.covers(finding.controlId)) skipped.set(digest);
          stored.set(digest);
          run.findings++;
        } catch (error) {
          problem(item.key, findingMessage(item.key, error as Error));
        }
      }
    } catch (error) {
      problem(error instanceof ShardReadError ? error.key : shard.packs.findings.key, (error as Error).message);
    }
  }

  if (!clean) return false;
  if (shardId === RUN_SHARD_ID) return true;

  // Re-evaluation, as the shard step evaluated it: this tool's controls (of the versions that judged
  // the run) over the shard's scopes, evidence and coverage, at the run's start.
  const reproduced = new DigestMap(0);
  for (const f of eachFinding(reEvaluation.controls, {
    scopes: shard.scopes,
    accounts: manifest.scopes.map((s) => s.accountId),
    evaluatedAt: manifest.startedAt,
    evidence,
    coverage: shard.coverage,
  })) {
    const digest = DigestMap.fromHex(sha256Hex(canonicalJson(f)));
    reproduced.set(digest);
    if (!stored.has(digest))
      problem(
        manifestKey,
        `Re-evaluating shard ${shardId} of run ${runId} gives a finding it does not hold: ${f.controlId} ${f.status} for ${f.resource.id}.`,
      );
  }
  for (const [sha256] of shard.index.findings) {
    const digest = DigestMap.fromHex(sha256);
    if (!reproduced.has(digest) && !skipped.has(digest)) {
      const key = shardKeys.item(runId, shardId, 'finding', sha256);
      problem(key, `Finding ${sha256} of shard ${shardId} of run ${runId} is not reproduced by re-evaluating its evidence.`);
    }
  }
  return clean;
}

/** A finding that does not parse is named as v1 names it; the checks above give their own message. */
function findingMessage(key: string, error: Error): string {
  return error.message.startsWith(key) ? error.message : `${key} is not a valid finding: ${error.message}`;
}
