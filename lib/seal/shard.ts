import * as z from 'zod';
import { canonicalJson, inCanonicalOrder, sha256Hex } from '../evidence/canonical.js';
import { type CoverageEntry, CoverageEntrySchema, type Scope, ScopeSchema } from '../evidence/coverage.js';
import { runKeys } from '../store/types.js';
import { MERKLE_ALGORITHM, type PreviousRun, PreviousRunSchema, SignerInfoSchema } from './manifest.js';
import { MerkleTree } from './merkle.js';
import { type SealedControl, SealedControlSchema } from './reevaluation.js';
import { byDigest, encodeTreeLevels, type SealedRun, signStatement } from './seal.js';
import type { Signer } from './signer.js';

/**
 * The sharded run format (manifest `schemaVersion: 2`). A run is split into shards, one per AWS
 * account (all of its regions: IAM is global and read in one region, and the controls that judge a
 * Bedrock agent in any region read its role's policies from there, so an account is the smallest
 * unit whose controls read only its own evidence), plus the shard `run` for what belongs to the run
 * rather than to an account (signed attestations and the trust list). Each shard is sealed on its
 * own, in three objects whatever the number of its items:
 *
 * ```
 * runs/<run>/shards/<shard>/evidence.jsonl   its evidence records, canonical JSON, one a line, by SHA-256
 * runs/<run>/shards/<shard>/findings.jsonl   its findings, the same way
 * runs/<run>/shards/<shard>/shard.json       the shard manifest: packs, item index, coverage, Merkle root
 * ```
 *
 * A shard's Merkle tree (RFC 9162) has one leaf per item: its evidence records by SHA-256, then its
 * findings by SHA-256 (the order of a v1 run's keys). The run's tree has one leaf per shard, whose
 * entry is the 32 bytes of the shard's root, in shard id order; its root is the one the statement
 * signs. An item's proof is therefore two RFC 9162 inclusion proofs: the item in its shard, then the
 * shard's root in the run. The run manifest lists each shard manifest by SHA-256, so everything a
 * shard says (its coverage, its packs' digests) is covered by the signature through it, and the
 * seal step reads nothing but those small summaries: its time and memory grow with the number of
 * shards, not of items.
 */
export const SHARDED_RUN_SCHEMA_VERSION = 2;

/** The shard of what belongs to the run, not to one account. */
export const RUN_SHARD_ID = 'run';

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
const COUNT = z.number().int().nonnegative();
export const ShardIdSchema = z.string().regex(/^([0-9]{12}|run)$/, 'a shard id is a 12-digit account id or "run"');

/** The shard a scope's evidence and findings belong to. */
export function shardIdOf(accountId: string): string {
  return /^[0-9]{12}$/.test(accountId) ? accountId : RUN_SHARD_ID;
}

export const PACK_KINDS = ['evidence', 'finding'] as const;
export type PackKind = (typeof PACK_KINDS)[number];

/** Keys of a sharded run's objects (beside {@link runKeys}). */
export const shardKeys = {
  prefix: (runId: string) => `runs/${runId}/shards/`,
  shardPrefix: (runId: string, shardId: string) => `runs/${runId}/shards/${shardId}/`,
  manifest: (runId: string, shardId: string) => `runs/${runId}/shards/${shardId}/shard.json`,
  pack: (runId: string, shardId: string, kind: PackKind) =>
    `runs/${runId}/shards/${shardId}/${kind === 'evidence' ? 'evidence' : 'findings'}.jsonl`,
  /**
   * The name of one item of a shard, as it appears in proofs, bundles and messages: not a stored
   * object (the item lives in its pack), but the same shape as a v1 key, with the shard in it.
   */
  item: (runId: string, shardId: string, kind: PackKind, sha256: string) =>
    `runs/${runId}/shards/${shardId}/${kind === 'evidence' ? 'evidence' : 'findings'}/${sha256}.json`,
};

/** `runs/<run>/shards/<shard>/(evidence|findings)/<sha256>.json`, parsed; undefined for any other key. */
export function parseShardItemKey(key: string): { runId: string; shardId: string; kind: PackKind; sha256: string } | undefined {
  const m = /^runs\/([^/]+)\/shards\/([0-9]{12}|run)\/(evidence|findings)\/([0-9a-f]{64})\.json$/u.exec(key);
  if (m === null) return undefined;
  return { runId: m[1] as string, shardId: m[2] as string, kind: m[3] === 'evidence' ? 'evidence' : 'finding', sha256: m[4] as string };
}

/** One pack of a shard: its key, the SHA-256 and size of its bytes, and how many items it holds. */
export const PackRefSchema = z.strictObject({ key: z.string(), sha256: SHA256, size: COUNT, count: COUNT });
export type PackRef = z.infer<typeof PackRefSchema>;

/** One item of a pack: `[sha256, offset, length]` (its line, without the newline, is its bytes). */
export const PackEntrySchema = z.tuple([SHA256, COUNT, COUNT]);
export type PackEntry = z.infer<typeof PackEntrySchema>;

/** shard.json: everything about one shard but its items' bytes. */
export const ShardManifestSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  shardId: ShardIdSchema,
  /** The scopes (account x region) whose evidence the shard holds, sorted. */
  scopes: z.array(ScopeSchema),
  /** One entry per collector and scope of the shard, sorted by account, region and collector. */
  coverage: z.array(CoverageEntrySchema),
  packs: z.strictObject({ evidence: PackRefSchema, findings: PackRefSchema }),
  /** Each pack's items in pack order (by SHA-256): the leaves of the shard's tree, evidence first. */
  index: z.strictObject({ evidence: z.array(PackEntrySchema), findings: z.array(PackEntrySchema) }),
  merkle: z.strictObject({ algorithm: z.literal(MERKLE_ALGORITHM), treeSize: COUNT, root: SHA256 }),
});
export type ShardManifest = z.infer<typeof ShardManifestSchema>;

/**
 * What the run manifest says of a shard, and all the run seal reads of it: the shard manifest by
 * key and SHA-256, the shard's root and tree size, and its counts (for summaries without reading it).
 */
export const ShardSummarySchema = z.strictObject({
  shardId: ShardIdSchema,
  key: z.string(),
  sha256: SHA256,
  size: COUNT,
  root: SHA256,
  treeSize: COUNT,
  evidence: COUNT,
  findings: COUNT,
  /** Coverage entries of the shard that are not COMPLETE. */
  coverageGaps: COUNT,
});
export type ShardSummary = z.infer<typeof ShardSummarySchema>;

/** manifest.json of a sharded run. The statement is the same as for a v1 run. */
export const ShardedManifestSchema = z.strictObject({
  schemaVersion: z.literal(SHARDED_RUN_SCHEMA_VERSION),
  runId: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  toolVersion: z.string(),
  catalogVersion: z.string(),
  controls: z.array(SealedControlSchema),
  /** Every scope of the run, in the order the run was given them. */
  scopes: z.array(ScopeSchema),
  /** Sorted by shard id; leaf i of the run's tree is shard i's root. */
  shards: z.array(ShardSummarySchema),
  /** The signer's public key (SPKI PEM), stored at `runs/<run>/keys/<sha256>.pem`. */
  publicKey: z.strictObject({ key: z.string(), sha256: SHA256, size: COUNT }),
  merkle: z.strictObject({ algorithm: z.literal(MERKLE_ALGORITHM), treeSize: COUNT, root: SHA256 }),
  previous: PreviousRunSchema.nullable(),
  signer: SignerInfoSchema,
});
export type ShardedManifest = z.infer<typeof ShardedManifestSchema>;

/** An item to pack: its canonical JSON bytes and their SHA-256. */
export interface PackItem {
  bytes: string;
  sha256: string;
}

export interface ShardInput {
  runId: string;
  shardId: string;
  scopes: readonly Scope[];
  coverage: readonly CoverageEntry[];
  evidence: readonly PackItem[];
  findings: readonly PackItem[];
}

export interface SealedShard {
  shardId: string;
  /** The two packs, then the shard manifest (written last: the shard's commit point). */
  objects: { key: string; bytes: Buffer; sha256: string }[];
  manifest: ShardManifest;
  summary: ShardSummary;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A pack's bytes: each item's bytes and a newline, in the order given; and its index. */
export function encodePack(items: readonly PackItem[]): { bytes: Buffer; index: PackEntry[] } {
  const index: PackEntry[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const bytes = Buffer.from(item.bytes, 'utf8');
    if (bytes.includes(0x0a)) throw new Error(`Item ${item.sha256} holds a newline: it is not canonical JSON and cannot be packed.`);
    index.push([item.sha256, offset, bytes.length]);
    parts.push(bytes, NEWLINE);
    offset += bytes.length + 1;
  }
  return { bytes: Buffer.concat(parts, offset), index };
}
const NEWLINE = Buffer.from('\n');

/** The sorted coverage of a shard. */
function sortedCoverage(coverage: readonly CoverageEntry[]): CoverageEntry[] {
  const key = (c: CoverageEntry) => `${c.accountId}/${c.region}/${c.collector}`;
  return [...coverage].sort((a, b) => compare(key(a), key(b)));
}

/** The leaf entries of a shard's tree: evidence digests, then finding digests, in pack order. */
export function shardLeafEntries(index: ShardManifest['index']): Buffer[] {
  return [...index.evidence, ...index.findings].map(([sha256]) => Buffer.from(sha256, 'hex'));
}

/**
 * Seals one shard: packs its evidence and findings (sorted by SHA-256, each once), builds its tree
 * and writes its manifest. Pure: the same input gives the same bytes, so a shard step that is run
 * again over the same staged evidence writes nothing new.
 */
export function sealShard(input: ShardInput): SealedShard {
  const { runId } = input;
  const shardId = ShardIdSchema.parse(input.shardId);
  const evidence = encodePack(byDigest(input.evidence));
  const findings = encodePack(byDigest(input.findings));
  const index = { evidence: evidence.index, findings: findings.index };
  const tree = MerkleTree.fromEntries(shardLeafEntries(index));
  const coverage = sortedCoverage(input.coverage);
  const scopes = [...input.scopes].sort((a, b) => compare(`${a.accountId}/${a.region}`, `${b.accountId}/${b.region}`));
  const packRef = (kind: PackKind, pack: { bytes: Buffer; index: PackEntry[] }): PackRef => ({
    key: shardKeys.pack(runId, shardId, kind),
    sha256: sha256Hex(pack.bytes),
    size: pack.bytes.length,
    count: pack.index.length,
  });
  const manifest: ShardManifest = {
    schemaVersion: 1,
    runId,
    shardId,
    scopes,
    coverage,
    packs: { evidence: packRef('evidence', evidence), findings: packRef('finding', findings) },
    index,
    merkle: { algorithm: MERKLE_ALGORITHM, treeSize: tree.size, root: tree.root.toString('hex') },
  };
  const manifestBytes = Buffer.from(canonicalJson(inCanonicalOrder(manifest)));
  const manifestSha = sha256Hex(manifestBytes);
  return {
    shardId,
    objects: [
      { key: manifest.packs.evidence.key, bytes: evidence.bytes, sha256: manifest.packs.evidence.sha256 },
      { key: manifest.packs.findings.key, bytes: findings.bytes, sha256: manifest.packs.findings.sha256 },
      { key: shardKeys.manifest(runId, shardId), bytes: manifestBytes, sha256: manifestSha },
    ],
    manifest,
    summary: {
      shardId,
      key: shardKeys.manifest(runId, shardId),
      sha256: manifestSha,
      size: manifestBytes.length,
      root: manifest.merkle.root,
      treeSize: manifest.merkle.treeSize,
      evidence: evidence.index.length,
      findings: findings.index.length,
      coverageGaps: coverage.filter((c) => c.status !== 'COMPLETE').length,
    },
  };
}

export interface ShardedSealInput {
  runId: string;
  startedAt: string;
  finishedAt: string;
  toolVersion: string;
  catalogVersion: string;
  controls: readonly SealedControl[];
  scopes: readonly Scope[];
  /** One summary per shard, in any order (sorted by shard id here); each shard id once. */
  shards: readonly ShardSummary[];
  previous: PreviousRun | null;
  signer: Signer;
}

/** The run's tree: one leaf per shard, its root, in shard id order. */
export function runTree(shards: readonly Pick<ShardSummary, 'root'>[]): MerkleTree {
  return MerkleTree.fromEntries(shards.map((s) => Buffer.from(s.root, 'hex')));
}

/**
 * Seals a sharded run from its shards' summaries: the run's tree over the shard roots, the run
 * manifest, and the statement (the same in-toto statement as a v1 run, signed once). The result is
 * a {@link SealedRun} whose only object is the public key, so `storeSealedRun` stores it (the
 * shards are stored before, by their own steps).
 */
export async function sealShardedRun(input: ShardedSealInput): Promise<SealedRun> {
  const { runId, signer } = input;
  const shards = input.shards.map((s) => ShardSummarySchema.parse(s)).sort((a, b) => compare(a.shardId, b.shardId));
  for (let i = 1; i < shards.length; i++) {
    if (shards[i]?.shardId === shards[i - 1]?.shardId) throw new Error(`Run ${runId} was given shard ${shards[i]?.shardId} twice.`);
  }
  for (const s of shards) {
    if (s.key !== shardKeys.manifest(runId, s.shardId))
      throw new Error(`Shard ${s.shardId}'s manifest ${s.key} is not one of run ${runId}.`);
  }
  const keySha = sha256Hex(signer.publicKeyPem);
  const publicKey = { key: runKeys.object(runId, 'keys', keySha, 'pem'), sha256: keySha, size: Buffer.byteLength(signer.publicKeyPem) };
  const tree = runTree(shards);
  const merkleRoot = tree.root.toString('hex');
  const signerInfo = { keyId: signer.keyId, algorithm: signer.algorithm };
  const manifest: ShardedManifest = {
    schemaVersion: SHARDED_RUN_SCHEMA_VERSION,
    runId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    toolVersion: input.toolVersion,
    catalogVersion: input.catalogVersion,
    controls: [...input.controls].sort((a, b) => compare(a.id, b.id)),
    scopes: [...input.scopes],
    shards,
    publicKey,
    merkle: { algorithm: MERKLE_ALGORITHM, treeSize: tree.size, root: merkleRoot },
    previous: input.previous,
    signer: signerInfo,
  };
  const manifestBytes = Buffer.from(canonicalJson(inCanonicalOrder(manifest)));
  const signed = await signStatement({ ...input, merkleRoot, manifestBytes });
  return {
    runId,
    objects: [{ kind: 'public-key', key: publicKey.key, bytes: signer.publicKeyPem, sha256: keySha }],
    proofs: encodeTreeLevels(tree),
    manifest: manifestBytes,
    ...signed,
    merkleRoot,
  };
}
