import { canonicalJson, inCanonicalOrder, sha256Hex } from '../evidence/canonical.js';
import type { CoverageEntry, Scope } from '../evidence/coverage.js';
import { runKeys } from '../store/types.js';
import { type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from './dsse.js';
import {
  type Manifest,
  type ManifestItem,
  MERKLE_ALGORITHM,
  MERKLE_ROOT_SUBJECT,
  PREDICATE_TYPE,
  type PreviousRun,
  STATEMENT_TYPE,
  type Statement,
} from './manifest.js';
import { MerkleTree } from './merkle.js';
import type { SealedControl } from './reevaluation.js';
import type { Signer } from './signer.js';

/** KMS signs RAW messages of at most 4096 bytes; the pre-authentication encoding must fit. */
export const MAX_SIGNED_MESSAGE_BYTES = 4096;

/** An object to store, with the SHA-256 of its exact bytes (a string is stored as UTF-8). */
export interface RunObject {
  kind: ManifestItem['kind'];
  key: string;
  bytes: string | Buffer;
  sha256: string;
}

export interface SealInput {
  runId: string;
  startedAt: string;
  finishedAt: string;
  toolVersion: string;
  catalogVersion: string;
  /** The id and version of every control that judged the run (see {@link sealedControls}); omitted only to reproduce a run sealed before they were recorded. */
  controls?: readonly SealedControl[];
  scopes: readonly Scope[];
  coverage: readonly CoverageEntry[];
  /** Canonical JSON bytes of each record and finding, with their SHA-256. */
  evidence: readonly { bytes: string; sha256: string }[];
  findings: readonly { bytes: string; sha256: string }[];
  previous: PreviousRun | null;
  signer: Signer;
}

export interface SealedRun {
  runId: string;
  /** Evidence, findings and the public key: stored first. */
  objects: RunObject[];
  /** The tree's levels, from which every item's inclusion proof is read. */
  proofs: Buffer;
  manifest: Buffer;
  /** The DSSE envelope: stored last, it is the commit point of the run. */
  envelope: Buffer;
  statement: Statement;
  statementSha256: string;
  merkleRoot: string;
}

function object(kind: RunObject['kind'], key: string, bytes: string | Buffer, sha256: string): RunObject {
  return { kind, key, bytes, sha256 };
}

/** Sorted by digest, each digest once. */
export function byDigest<T extends { sha256: string }>(items: readonly T[]): T[] {
  const sorted = [...items].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  return sorted.filter((item, i) => i === 0 || item.sha256 !== sorted[i - 1]?.sha256);
}

/**
 * The manifest's canonical JSON. It is the one large value a run serializes, so rather than copy it
 * through inCanonicalOrder, it is laid out in RFC 8785 key order here: every key below is written
 * in sorted order, items hold only ASCII keys, hex digests and integers, and the small parts that
 * come from elsewhere (scopes, coverage) do go through inCanonicalOrder. A test checks the result
 * against the canonicalize library.
 */
export function manifestJson(m: Manifest): string {
  return JSON.stringify({
    catalogVersion: m.catalogVersion,
    ...(m.controls === undefined ? {} : { controls: m.controls.map((c) => ({ id: c.id, version: c.version })) }),
    coverage: inCanonicalOrder(m.coverage),
    finishedAt: m.finishedAt,
    items: m.items.map((i) => ({ key: i.key, kind: i.kind, sha256: i.sha256, size: i.size })),
    merkle: { algorithm: m.merkle.algorithm, root: m.merkle.root, treeSize: m.merkle.treeSize },
    previous:
      m.previous === null
        ? null
        : {
            runId: m.previous.runId,
            statementSha256: m.previous.statementSha256,
            ...(m.previous.timestampSha256 === undefined ? {} : { timestampSha256: m.previous.timestampSha256 }),
          },
    runId: m.runId,
    schemaVersion: m.schemaVersion,
    scopes: inCanonicalOrder(m.scopes),
    signer: { algorithm: m.signer.algorithm, keyId: m.signer.keyId },
    startedAt: m.startedAt,
    toolVersion: m.toolVersion,
  });
}

/** Serializes the tree's levels, bottom up, 32 bytes a node. */
export function encodeTreeLevels(tree: MerkleTree): Buffer {
  return Buffer.from(tree.nodes);
}

/**
 * Seals a run: lists every object, builds the Merkle tree over their digests, writes the manifest
 * and signs a small in-toto statement naming the manifest and the root, in a DSSE envelope.
 */
export async function sealRun(input: SealInput): Promise<SealedRun> {
  const { runId, signer } = input;
  const keySha = sha256Hex(signer.publicKeyPem);
  // Items in key order: evidence/ < findings/ < keys/, and within a folder by digest (the keys
  // differ only there); identical bytes are one object (content addressing).
  const objects: RunObject[] = [
    ...byDigest(input.evidence).map((e) => object('evidence', runKeys.object(runId, 'evidence', e.sha256, 'json'), e.bytes, e.sha256)),
    ...byDigest(input.findings).map((f) => object('finding', runKeys.object(runId, 'findings', f.sha256, 'json'), f.bytes, f.sha256)),
    object('public-key', runKeys.object(runId, 'keys', keySha, 'pem'), signer.publicKeyPem, keySha),
  ];

  const tree = MerkleTree.fromEntries(objects.map((o) => Buffer.from(o.sha256, 'hex')));
  const merkleRoot = tree.root.toString('hex');
  const signerInfo = { keyId: signer.keyId, algorithm: signer.algorithm };

  const manifest: Manifest = {
    schemaVersion: 1,
    runId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    toolVersion: input.toolVersion,
    catalogVersion: input.catalogVersion,
    ...(input.controls === undefined ? {} : { controls: [...input.controls].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }),
    scopes: [...input.scopes],
    coverage: [...input.coverage],
    items: objects.map((o) => ({ key: o.key, kind: o.kind, sha256: o.sha256, size: Buffer.byteLength(o.bytes) })),
    merkle: { algorithm: MERKLE_ALGORITHM, treeSize: tree.size, root: merkleRoot },
    previous: input.previous,
    signer: signerInfo,
  };
  const manifestBytes = Buffer.from(manifestJson(manifest));
  const signed = await signStatement({ ...input, merkleRoot, manifestBytes });
  return {
    runId,
    objects,
    proofs: encodeTreeLevels(tree),
    manifest: manifestBytes,
    ...signed,
    merkleRoot,
  };
}

/** What the statement of a run says, whatever the run's format. */
export interface StatementInput {
  runId: string;
  startedAt: string;
  finishedAt: string;
  toolVersion: string;
  catalogVersion: string;
  previous: PreviousRun | null;
  signer: Signer;
  /** The exact bytes of the run's manifest, named by their SHA-256. */
  manifestBytes: Buffer;
  merkleRoot: string;
}

/**
 * The in-toto statement of a run (its manifest by digest and its Merkle root), signed over the DSSE
 * pre-authentication encoding in an envelope. The same for both run formats: only the manifest differs.
 */
export async function signStatement(input: StatementInput): Promise<{ envelope: Buffer; statement: Statement; statementSha256: string }> {
  const { runId, signer, merkleRoot } = input;
  const signerInfo = { keyId: signer.keyId, algorithm: signer.algorithm };
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject: [
      { name: runKeys.manifest(runId), digest: { sha256: sha256Hex(input.manifestBytes) } },
      { name: MERKLE_ROOT_SUBJECT, digest: { sha256: merkleRoot } },
    ],
    predicateType: PREDICATE_TYPE,
    predicate: {
      runId,
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      previous: input.previous,
      toolVersion: input.toolVersion,
      catalogVersion: input.catalogVersion,
      signer: signerInfo,
    },
  };
  const payload = Buffer.from(canonicalJson(inCanonicalOrder(statement)));
  const message = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload);
  if (message.length > MAX_SIGNED_MESSAGE_BYTES) {
    throw new Error(
      `The signed statement of run ${runId} is ${message.length} bytes, over the ${MAX_SIGNED_MESSAGE_BYTES}-byte limit of a RAW KMS signature.`,
    );
  }
  const signature = await signer.sign(message);
  const envelope: DsseEnvelope = {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: signer.keyId, sig: Buffer.from(signature).toString('base64') }],
  };
  return { envelope: Buffer.from(canonicalJson(inCanonicalOrder(envelope))), statement, statementSha256: sha256Hex(payload) };
}
