import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySummary } from '../../lib/cli/format.js';
import { catalog } from '../../lib/controls/index.js';
import { canonicalJson, inCanonicalOrder, sha256Hex } from '../../lib/evidence/canonical.js';
import type { AssessResult } from '../../lib/pipeline/assess.js';
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from '../../lib/seal/dsse.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { MERKLE_ROOT_SUBJECT } from '../../lib/seal/manifest.js';
import { encodeTreeLevels } from '../../lib/seal/seal.js';
import {
  type PackItem,
  type PackKind,
  runTree,
  type ShardedManifest,
  ShardManifestSchema,
  type ShardSummary,
  sealShard,
  shardKeys,
} from '../../lib/seal/shard.js';
import { packItems, parseShardedManifest } from '../../lib/seal/shard-read.js';
import { sigstoreBundle } from '../../lib/seal/sigstore.js';
import { readStatement, type VerifyOptions, type VerifyReport, verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo, fileOf, names, overwrite, restore, storedKeys } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

/**
 * Verification of sharded (v2) runs, and the tampering of issue 11 that it must catch, each by a
 * problem that names the object. One store, sealed once: a v1 run, then two v2 runs chained to it
 * (the whole demo estate, and its first account only). Each tamper test changes files of a run and
 * puts them back; the last test checks that the store verifies again.
 */
const temp = new TempDirs();
afterAll(() => temp.removeAll());
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';

let root: string;
let store: LocalFolderStore;
let v1: AssessResult;
/** The whole demo estate, sharded: three accounts and the run shard. */
let whole: AssessResult;
/** The estate's first three scopes (one account), sharded: the head of the chain. */
let head: AssessResult;

beforeAll(async () => {
  root = await temp.make('verify-sharded');
  store = new LocalFolderStore(root);
  v1 = await assessDemo(store, signer, undefined, 1);
  whole = await assessDemo(store, signer, undefined, undefined, undefined, 2);
  head = await assessDemo(store, signer, undefined, 3, undefined, 2);
}, 120_000);

const file = (key: string) => fileOf(root, key);

/** Verifies the store with `runId` checked in full (the others by their statements). */
function verifyRun(runId: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  return verifyStore(store, { inFull: (r) => r.runId === runId, ...options });
}

/** Runs `change` on the store, verifies `runId` (or runs `check`), and puts every file of the run back as it was. */
async function tampered(runId: string, change: () => Promise<void>): Promise<VerifyReport>;
async function tampered<T>(runId: string, change: () => Promise<void>, check: () => Promise<T>): Promise<T>;
async function tampered(runId: string, change: () => Promise<void>, check?: () => Promise<unknown>): Promise<unknown> {
  const prefix = runKeys.prefix(runId);
  const keys = (await storedKeys(root)).filter((k) => k.startsWith(prefix));
  const before = new Map(await Promise.all(keys.map(async (k) => [k, await readFile(file(k))] as const)));
  try {
    await change();
    return await (check ?? (() => verifyRun(runId)))();
  } finally {
    for (const k of (await storedKeys(root)).filter((k) => k.startsWith(prefix))) if (!before.has(k)) await rm(file(k));
    for (const [k, bytes] of before) {
      const now = await readFile(file(k)).catch(() => undefined);
      if (now?.equals(bytes)) continue;
      await mkdir(dirname(file(k)), { recursive: true });
      await restore(file(k), bytes);
    }
  }
}

async function shardManifestOf(runId: string, shardId: string) {
  return ShardManifestSchema.parse(JSON.parse((await readFile(file(shardKeys.manifest(runId, shardId)))).toString('utf8')));
}

/** The items of one pack of a stored shard. */
async function packOf(runId: string, shardId: string, kind: PackKind): Promise<PackItem[]> {
  const shard = await shardManifestOf(runId, shardId);
  const bytes = await readFile(file(shardKeys.pack(runId, shardId, kind)));
  return [...packItems(shard, kind, bytes)].map((r) => ({ bytes: r.bytes.toString('utf8'), sha256: r.item.sha256 }));
}

/**
 * Seals a stored shard again with its items edited, as someone who can write the store would:
 * packs, index and root all consistent. Returns the new summary for the run manifest.
 */
async function forgeShard(
  runId: string,
  shardId: string,
  edit: (items: { evidence: PackItem[]; findings: PackItem[] }) => { evidence: PackItem[]; findings: PackItem[] },
): Promise<ShardSummary> {
  const shard = await shardManifestOf(runId, shardId);
  const items = edit({ evidence: await packOf(runId, shardId, 'evidence'), findings: await packOf(runId, shardId, 'finding') });
  const sealed = sealShard({ runId, shardId, scopes: shard.scopes, coverage: shard.coverage, ...items });
  for (const o of sealed.objects) await overwrite(file(o.key), o.bytes);
  return sealed.summary;
}

/** Rewrites a run's manifest as `edit` makes it, without signing it again. */
async function editManifest(runId: string, edit: (m: ShardedManifest) => ShardedManifest): Promise<void> {
  const key = runKeys.manifest(runId);
  const manifest = edit(parseShardedManifest(await readFile(file(key)), key));
  await overwrite(file(key), Buffer.from(canonicalJson(inCanonicalOrder(manifest))));
}

/**
 * Rewrites a run's manifest as `edit` makes it and signs it again with the run's own key, with its
 * tree over the shards in the order given, its proofs file and Sigstore bundle: a forgery by the
 * holder of the signing key, which only the checks of the content can catch.
 */
async function resign(runId: string, edit: (m: ShardedManifest) => ShardedManifest): Promise<void> {
  const manifestKey = runKeys.manifest(runId);
  const manifest = edit(parseShardedManifest(await readFile(file(manifestKey)), manifestKey));
  const tree = runTree(manifest.shards);
  manifest.merkle = { ...manifest.merkle, treeSize: tree.size, root: tree.root.toString('hex') };
  const manifestBytes = Buffer.from(canonicalJson(inCanonicalOrder(manifest)));
  const { statement } = readStatement(await readFile(file(runKeys.statement(runId))), runKeys.statement(runId));
  statement.subject = [
    { name: manifestKey, digest: { sha256: sha256Hex(manifestBytes) } },
    { name: MERKLE_ROOT_SUBJECT, digest: { sha256: manifest.merkle.root } },
  ];
  const payload = Buffer.from(canonicalJson(inCanonicalOrder(statement)));
  const signature = await signer.sign(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload));
  const envelope = Buffer.from(
    canonicalJson(
      inCanonicalOrder({
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        payload: payload.toString('base64'),
        signatures: [{ keyid: signer.keyId, sig: Buffer.from(signature).toString('base64') }],
      }),
    ),
  );
  await overwrite(file(manifestKey), manifestBytes);
  await overwrite(file(runKeys.proofs(runId)), encodeTreeLevels(tree));
  await overwrite(file(runKeys.statement(runId)), envelope);
  await overwrite(file(runKeys.sigstoreBundle(runId)), sigstoreBundle(envelope));
}

/** Replaces the shard `summary.shardId` of a manifest with `summary`. */
const withSummary = (summary: ShardSummary) => (m: ShardedManifest) => ({
  ...m,
  shards: m.shards.map((s) => (s.shardId === summary.shardId ? summary : s)),
});

async function flipByte(key: string, at: (bytes: Buffer) => number): Promise<void> {
  const bytes = Buffer.from(await readFile(file(key)));
  const i = at(bytes);
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  await overwrite(file(key), bytes);
}

/** The problems of the report, for a failure message. */
const listed = (report: VerifyReport) => report.problems.map((p) => `${p.object ?? '-'}: ${p.message}`).join('\n');

describe('verify of a sharded run', () => {
  it('checks v2 runs in full beside a v1 run: shards, items, counts, re-evaluation', async () => {
    const report = await verifyStore(store);
    expect(report.problems, listed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    const [first, second, third] = report.runs;
    expect(first).toMatchObject({ runId: v1.runId, depth: 'full', reEvaluated: true });
    expect(first?.shards).toBeUndefined();
    expect(second).toMatchObject({
      runId: whole.runId,
      depth: 'full',
      shards: 4,
      evidence: whole.evidenceCount,
      findings: whole.findings.length,
      items: whole.evidenceCount + whole.findings.length,
      reEvaluated: true,
      notReEvaluated: [],
    });
    expect(second?.reEvaluatedControls.length).toBe(catalog.length);
    expect(third).toMatchObject({ runId: head.runId, shards: 2, findings: head.findings.length });
    const text = verifySummary(report);
    expect(text).toContain(
      `${whole.runId}  4 shard(s) (12 objects), ${whole.evidenceCount + whole.findings.length} items (${whole.evidenceCount} evidence, ${whole.findings.length} findings), findings re-evaluated`,
    );
    expect(text).toMatch(/^OK: every signature/m);
  });

  it('reads only the statement of a run outside the range checked in full', async () => {
    const pack = shardKeys.pack(head.runId, ACCOUNT, 'evidence');
    const [outside, inFull] = await tampered(
      head.runId,
      () => flipByte(pack, () => 10),
      async () => [await verifyRun(whole.runId), await verifyRun(head.runId)],
    );
    expect(outside?.ok, outside && listed(outside)).toBe(true);
    expect(outside?.runs.find((r) => r.runId === head.runId)?.depth).toBe('statement');
    expect(inFull?.ok).toBe(false);
    expect(inFull && names(inFull, pack)).toBe(true);
  });

  it('warns, and still verifies, for a control whose version this tool does not have', async () => {
    const changed = catalog.map((c, i) => (i === 0 ? { ...c, version: c.version + 1 } : c));
    const report = await verifyRun(whole.runId, { catalog: changed });
    expect(report.ok, listed(report)).toBe(true);
    const run = report.runs.find((r) => r.runId === whole.runId);
    expect(run?.notReEvaluated).toEqual([
      { controlId: catalog[0]?.id, sealedVersion: catalog[0]?.version, toolVersion: (catalog[0]?.version ?? 0) + 1 },
    ]);
    expect(run?.reEvaluatedControls.length).toBe(catalog.length - 1);
    expect(run?.warnings.some((w) => w.message.includes(catalog[0]?.id as string))).toBe(true);
  });
});

describe('tampering with a sharded run fails with a problem naming the object', () => {
  it('a byte flipped in an evidence pack', async () => {
    const pack = shardKeys.pack(whole.runId, OTHER_ACCOUNT, 'evidence');
    const report = await tampered(whole.runId, () => flipByte(pack, (b) => Math.floor(b.length / 2)));
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ object: pack, message: expect.stringMatching(/does not match its SHA-256/) }),
    );
  });

  it('a byte flipped in a findings pack', async () => {
    const pack = shardKeys.pack(whole.runId, ACCOUNT, 'finding');
    const report = await tampered(whole.runId, () => flipByte(pack, () => 20));
    expect(report.problems).toContainEqual(
      expect.objectContaining({ object: pack, message: expect.stringMatching(/does not match its SHA-256/) }),
    );
  });

  it('a shard.json edited', async () => {
    const key = shardKeys.manifest(whole.runId, ACCOUNT);
    const report = await tampered(whole.runId, async () => {
      const shard = await shardManifestOf(whole.runId, ACCOUNT);
      shard.coverage = shard.coverage.slice(1);
      await overwrite(file(key), Buffer.from(canonicalJson(inCanonicalOrder(shard))));
    });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ object: key, message: expect.stringMatching(/does not match its SHA-256 in the manifest of run/) }),
    );
  });

  it('a shard removed (its folder deleted)', async () => {
    const prefix = shardKeys.shardPrefix(whole.runId, OTHER_ACCOUNT);
    const report = await tampered(whole.runId, () => rm(file(prefix), { recursive: true }));
    for (const key of [
      shardKeys.manifest(whole.runId, OTHER_ACCOUNT),
      shardKeys.pack(whole.runId, OTHER_ACCOUNT, 'evidence'),
      shardKeys.pack(whole.runId, OTHER_ACCOUNT, 'finding'),
    ])
      expect(report.problems).toContainEqual(expect.objectContaining({ object: key, message: `${key} is missing from the store.` }));
  });

  it('a shard folder copied from another run of the store: as an extra shard, and over a listed one', async () => {
    const from = (shardId: string) => file(shardKeys.shardPrefix(whole.runId, shardId));
    const to = (shardId: string) => file(shardKeys.shardPrefix(head.runId, shardId));
    const extra = await tampered(head.runId, () => cp(from(OTHER_ACCOUNT), to(OTHER_ACCOUNT), { recursive: true }));
    const folder = shardKeys.shardPrefix(head.runId, OTHER_ACCOUNT);
    expect(extra.problems, listed(extra)).toEqual([
      expect.objectContaining({ object: folder, message: expect.stringMatching(/manifest lists no such shard/) }),
    ]);
    const over = await tampered(head.runId, async () => {
      await rm(to(ACCOUNT), { recursive: true });
      await cp(from(ACCOUNT), to(ACCOUNT), { recursive: true });
    });
    expect(names(over, shardKeys.manifest(head.runId, ACCOUNT))).toBe(true);
    expect(over.ok).toBe(false);
  });

  it("a shard's root replaced in shard.json", async () => {
    const key = shardKeys.manifest(whole.runId, ACCOUNT);
    const report = await tampered(whole.runId, async () => {
      const shard = await shardManifestOf(whole.runId, ACCOUNT);
      shard.merkle.root = sha256Hex('another root');
      await overwrite(file(key), Buffer.from(canonicalJson(inCanonicalOrder(shard))));
    });
    expect(report.problems).toContainEqual(expect.objectContaining({ object: key }));
  });

  it("a shard's root replaced in the run manifest, also when the manifest is signed again", async () => {
    const manifestKey = runKeys.manifest(head.runId);
    const other = sha256Hex('another root');
    const withRoot = (m: ShardedManifest) => ({ ...m, shards: m.shards.map((s) => (s.shardId === ACCOUNT ? { ...s, root: other } : s)) });
    const edited = await tampered(head.runId, () => editManifest(head.runId, withRoot));
    expect(edited.problems).toContainEqual(
      expect.objectContaining({
        object: manifestKey,
        message: expect.stringMatching(/does not match the SHA-256 in the signed statement/),
      }),
    );
    const signed = await tampered(head.runId, () => resign(head.runId, withRoot));
    const shardKey = shardKeys.manifest(head.runId, ACCOUNT);
    expect(signed.problems, listed(signed)).toEqual([
      expect.objectContaining({
        object: shardKey,
        message: expect.stringMatching(new RegExp(`gives root [0-9a-f]{64} over \\d+ items, the run manifest ${other}`)),
      }),
    ]);
  });

  it('shards reordered in the run manifest, also when it is signed again', async () => {
    const reversed = (m: ShardedManifest) => ({ ...m, shards: [...m.shards].reverse() });
    const edited = await tampered(head.runId, () => editManifest(head.runId, reversed));
    expect(names(edited, runKeys.manifest(head.runId))).toBe(true);
    const signed = await tampered(head.runId, () => resign(head.runId, reversed));
    expect(signed.problems, listed(signed)).toEqual([
      expect.objectContaining({ object: runKeys.manifest(head.runId), message: expect.stringMatching(/in shard id order/) }),
    ]);
  });

  it('proofs.bin altered', async () => {
    const key = runKeys.proofs(whole.runId);
    const report = await tampered(whole.runId, () => flipByte(key, () => 32));
    expect(report.problems).toEqual([
      expect.objectContaining({
        object: key,
        message: expect.stringContaining(
          `node 1 of level 0 is wrong, so the inclusion proofs through it (shard 1, e.g. ${shardKeys.manifest(whole.runId, OTHER_ACCOUNT)})`,
        ),
      }),
    ]);
    const shorter = await tampered(whole.runId, async () => overwrite(file(key), (await readFile(file(key))).subarray(32)));
    expect(shorter.problems).toEqual([
      expect.objectContaining({ object: key, message: expect.stringMatching(/a tree of 4 shards needs/) }),
    ]);
  });

  it('an unlisted extra object, in the run and in a shard', async () => {
    const inRun = `runs/${whole.runId}/evidence/${sha256Hex('x')}.json`;
    const inShard = `${shardKeys.shardPrefix(whole.runId, ACCOUNT)}extra.jsonl`;
    const report = await tampered(whole.runId, async () => {
      for (const key of [inRun, inShard]) {
        await mkdir(dirname(file(key)), { recursive: true });
        await writeFile(file(key), '{}\n', { mode: 0o444 });
      }
    });
    expect(report.problems).toEqual([
      expect.objectContaining({ object: inRun, message: expect.stringMatching(/not in its manifest: an object was added/) }),
      expect.objectContaining({ object: inShard, message: expect.stringMatching(/not in its manifest: an object was added/) }),
    ]);
    await rm(file(`runs/${whole.runId}/evidence`), { recursive: true });
  });

  it('the public key removed', async () => {
    const keys = (await storedKeys(root)).filter((k) => k.startsWith(`runs/${head.runId}/keys/`));
    const report = await tampered(head.runId, () => rm(file(keys[0] as string)));
    expect(report.problems).toContainEqual(expect.objectContaining({ object: keys[0], message: `${keys[0]} is missing from the store.` }));
  });

  it('a finding changed consistently in pack, index and shard root: caught by the signature, or by re-evaluation when signed again', async () => {
    let forged = '';
    const changeFinding = ({ evidence, findings }: { evidence: PackItem[]; findings: PackItem[] }) => {
      const [first, ...rest] = findings;
      const finding = JSON.parse(first?.bytes as string);
      finding.status = finding.status === 'PASS' ? 'FAIL' : 'PASS';
      const bytes = canonicalJson(finding);
      forged = sha256Hex(bytes);
      return { evidence, findings: [{ bytes, sha256: forged }, ...rest] };
    };
    const shardKey = shardKeys.manifest(head.runId, ACCOUNT);
    // The shard alone: the run manifest's digest of shard.json no longer holds.
    const shardOnly = await tampered(head.runId, async () => void (await forgeShard(head.runId, ACCOUNT, changeFinding)));
    expect(shardOnly.problems).toContainEqual(expect.objectContaining({ object: shardKey }));
    // And the run manifest: the statement's digest of it no longer holds.
    const unsigned = await tampered(head.runId, async () =>
      editManifest(head.runId, withSummary(await forgeShard(head.runId, ACCOUNT, changeFinding))),
    );
    expect(unsigned.problems).toContainEqual(
      expect.objectContaining({ object: runKeys.manifest(head.runId), message: expect.stringMatching(/signed statement/) }),
    );
    // Signed again with the run's key: every digest and proof holds, and re-evaluation does not give the finding.
    const signed = await tampered(head.runId, async () =>
      resign(head.runId, withSummary(await forgeShard(head.runId, ACCOUNT, changeFinding))),
    );
    const forgedKey = shardKeys.item(head.runId, ACCOUNT, 'finding', forged);
    expect(signed.problems).toContainEqual(
      expect.objectContaining({ object: forgedKey, message: expect.stringMatching(/is not reproduced by re-evaluating its evidence/) }),
    );
    expect(signed.problems).toContainEqual(
      expect.objectContaining({
        object: shardKey,
        message: expect.stringMatching(/^Re-evaluating shard 111122223333 .* gives a finding it does not hold/),
      }),
    );
    expect(
      signed.problems.every((p) => /re-evaluating/i.test(p.message)),
      listed(signed),
    ).toBe(true);
  });

  it('a record of another account in a shard, signed again', async () => {
    const foreign = (await packOf(whole.runId, OTHER_ACCOUNT, 'evidence'))[0] as PackItem;
    const report = await tampered(head.runId, async () =>
      resign(
        head.runId,
        withSummary(await forgeShard(head.runId, ACCOUNT, ({ evidence, findings }) => ({ evidence: [...evidence, foreign], findings }))),
      ),
    );
    const key = shardKeys.item(head.runId, ACCOUNT, 'evidence', foreign.sha256);
    expect(report.problems, listed(report)).toEqual([
      expect.objectContaining({
        object: key,
        message: expect.stringMatching(/in account 444455556666, which belongs to shard 444455556666, not 111122223333/),
      }),
    ]);
  });

  it('a finding in the run shard, signed again', async () => {
    const finding = (await packOf(head.runId, ACCOUNT, 'finding'))[0] as PackItem;
    const report = await tampered(head.runId, async () =>
      resign(head.runId, withSummary(await forgeShard(head.runId, 'run', ({ evidence }) => ({ evidence, findings: [finding] })))),
    );
    expect(report.problems, listed(report)).toEqual([
      expect.objectContaining({
        object: shardKeys.item(head.runId, 'run', 'finding', finding.sha256),
        message: expect.stringMatching(/finding in the run shard/),
      }),
    ]);
  });

  it('leaves the store as it was: it verifies again', async () => {
    const report = await verifyStore(store);
    expect(report.problems, listed(report)).toEqual([]);
  });
});
