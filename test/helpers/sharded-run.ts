/**
 * Checks a stored sharded (v2) run as far as the shared core allows before `verify` reads v2 runs
 * (helper-verify's lib/seal/verify.ts): the statement's signature with the pinned key, the manifest
 * and Merkle root it signs, the run's tree over the shard roots, every shard manifest
 * (checkShardManifest) and every pack item by item (readShardedItems), streaming shard by shard.
 * Used by the cloud's tests and by bench/scale.ts.
 */
import { createPublicKey } from 'node:crypto';
import { sha256Hex } from '../../lib/evidence/canonical.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { EvidenceRecord } from '../../lib/evidence/record.js';
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from '../../lib/seal/dsse.js';
import { runTree, type ShardedManifest, type ShardManifest } from '../../lib/seal/shard.js';
import { parseShardedManifest, readShardedItems, readShardManifest } from '../../lib/seal/shard-read.js';
import { verifySignature } from '../../lib/seal/signer.js';
import { readStatement } from '../../lib/seal/verify.js';
import { type EvidenceStore, runKeys } from '../../lib/store/types.js';

export interface ShardedRunCheck {
  manifest: ShardedManifest;
  /** Items read and checked. */
  items: number;
}

export interface ShardedRunVisitor {
  /** Each item's bytes, as read and checked (JSON of an evidence record or a finding). */
  onItem?: (shard: ShardManifest, kind: 'evidence' | 'finding', bytes: Buffer) => void;
}

/** Throws, naming what is wrong, unless the run verifies as far as these checks go. */
export async function checkShardedRun(
  store: EvidenceStore,
  runId: string,
  publicKeyPem: string,
  visitor: ShardedRunVisitor = {},
): Promise<ShardedRunCheck> {
  const { envelope, payload, statement } = readStatement(await store.get(runKeys.statement(runId)), runKeys.statement(runId));
  const signature = Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64');
  if (!verifySignature(createPublicKey(publicKeyPem), preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload), signature)) {
    throw new Error(`The statement of run ${runId} is not signed by the pinned key.`);
  }
  const manifestBytes = await store.get(runKeys.manifest(runId));
  if (statement.subject[0]?.digest.sha256 !== sha256Hex(manifestBytes))
    throw new Error(`The manifest of run ${runId} is not the one signed.`);
  const manifest = parseShardedManifest(manifestBytes, runKeys.manifest(runId));
  const root = runTree(manifest.shards).root.toString('hex');
  const signedRoot = statement.subject.find((s) => s.name === 'merkle-root')?.digest.sha256;
  if (root !== manifest.merkle.root || root !== signedRoot) throw new Error(`The run tree of ${runId} is not the signed root.`);
  let items = 0;
  // Every shard manifest is read and checked against the run manifest, then its packs item by item.
  for await (const { shard, item, bytes } of readShardedItems(store, manifest)) {
    items++;
    visitor.onItem?.(shard, item.kind === 'evidence' ? 'evidence' : 'finding', bytes);
  }
  return { manifest, items };
}

/** Every finding and the coverage of a (small) sharded run, checked: for tests only. */
export async function readShardedRun(store: EvidenceStore, runId: string, publicKeyPem: string) {
  const findings: { accountId: string; controlId: string; status: string; resource: { id: string } }[] = [];
  const evidence: { record: EvidenceRecord; sha256: string }[] = [];
  const coverage: CoverageEntry[] = [];
  const shardIds: string[] = [];
  const check = await checkShardedRun(store, runId, publicKeyPem, {
    onItem: (_shard, kind, bytes) => {
      const json = JSON.parse(bytes.toString('utf8'));
      if (kind === 'finding') findings.push(json);
      else evidence.push({ record: json, sha256: sha256Hex(bytes) });
    },
  });
  // Coverage lives in the shard manifests only: read each (checked against the run manifest).
  for (const summary of check.manifest.shards) {
    const shard = await readShardManifest(store, runId, summary);
    shardIds.push(shard.shardId);
    coverage.push(...shard.coverage);
  }
  return { ...check, findings, evidence, coverage, shardIds };
}
