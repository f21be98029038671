import { ATTESTATION_COLLECTOR } from '../attestations/attestation.js';
import { TRUST_LIST_COLLECTOR } from '../attestations/trust.js';
import { evaluate } from '../controls/evaluate.js';
import type { Control, Finding } from '../controls/types.js';
import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import { type EvidenceRecord, sealEvidence } from '../evidence/record.js';
import { RUN_SHARD_ID, type SealedShard, sealShard, shardIdOf } from '../seal/shard.js';
import type { EvidenceStore } from '../store/types.js';
import { getOrCreate } from '../util/maps.js';

/** The evidence of one shard before it is evaluated and sealed. */
export interface ShardEvidence {
  shardId: string;
  scopes: Scope[];
  records: EvidenceRecord[];
  coverage: CoverageEntry[];
}

/** What is the run's rather than an account's: signed attestations and the trust list they are judged by. */
function isRunLevel(collector: string): boolean {
  return collector === ATTESTATION_COLLECTOR || collector === TRUST_LIST_COLLECTOR;
}

/**
 * The shard an evidence record or coverage entry of `collector` about `accountId` belongs to: the
 * rule {@link splitIntoShards} splits by, which verification checks every stored item against.
 */
export function shardOfItem(collector: string, accountId: string): string {
  return isRunLevel(collector) ? RUN_SHARD_ID : shardIdOf(accountId);
}

/**
 * Splits a run's evidence into its shards: one per account (all of its regions), and the shard
 * `run` for attestations and the trust list. Every scope's account has a shard, also when nothing
 * was read there, so its controls can say INSUFFICIENT_EVIDENCE; shards come in shard id order.
 */
export function splitIntoShards(
  scopes: readonly Scope[],
  records: readonly EvidenceRecord[],
  coverage: readonly CoverageEntry[],
): ShardEvidence[] {
  const shards = new Map<string, ShardEvidence>();
  const shard = (id: string) => getOrCreate(shards, id, () => ({ shardId: id, scopes: [], records: [], coverage: [] }));
  for (const scope of scopes) shard(shardIdOf(scope.accountId)).scopes.push(scope);
  for (const record of records) shard(shardOfItem(record.source.collector, record.accountId)).records.push(record);
  for (const entry of coverage) shard(shardOfItem(entry.collector, entry.accountId)).coverage.push(entry);
  return [...shards.values()].sort((a, b) => (a.shardId < b.shardId ? -1 : a.shardId > b.shardId ? 1 : 0));
}

export interface ShardStepInput {
  runId: string;
  /** The run's start: the evaluation time of every shard, so re-evaluation gives the same findings. */
  startedAt: string;
  shard: ShardEvidence;
  /** Every account of the run (what EvaluationInput.accounts gives a control): the accounts of the run's scopes. */
  accounts: readonly string[];
  catalog: readonly Control[];
}

export interface ShardStepResult {
  sealed: SealedShard;
  findings: Finding[];
}

/**
 * Evaluates the catalog over one shard's evidence and seals the shard. An account shard's controls
 * read only its own scopes (the catalog reads evidence by collector and scope, and IAM, read in the
 * account's home region, is in the same shard); the `run` shard holds no scope and is not evaluated.
 * Pure: the same shard evidence gives the same bytes.
 */
export function evaluateShard(input: ShardStepInput): ShardStepResult {
  const { shard } = input;
  const evidence = shard.records.map(sealEvidence);
  const findings =
    shard.shardId === RUN_SHARD_ID
      ? []
      : evaluate(input.catalog, { scopes: shard.scopes, accounts: input.accounts, evaluatedAt: input.startedAt, evidence, coverage: shard.coverage });
  const findingItems = findings.map((f) => {
    const bytes = canonicalJson(f);
    return { bytes, sha256: sha256Hex(bytes) };
  });
  const sealed = sealShard({
    runId: input.runId,
    shardId: shard.shardId,
    scopes: shard.scopes,
    coverage: shard.coverage,
    evidence: evidence.map((e) => ({ bytes: e.bytes, sha256: e.sha256 })),
    findings: findingItems,
  });
  return { sealed, findings };
}

/**
 * Stores a sealed shard: its packs, then its manifest (the shard's commit point). The store is
 * write-once and a shard is pure, so storing it again (a retried step) writes nothing and a shard
 * sealed from other evidence under the same run and id is refused by the store.
 */
export async function storeShard(store: EvidenceStore, sealed: SealedShard): Promise<{ written: number; existing: number }> {
  let written = 0;
  let existing = 0;
  for (const o of sealed.objects) {
    if ((await store.put(o.key, o.bytes)) === 'written') written++;
    else existing++;
  }
  return { written, existing };
}
