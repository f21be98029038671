import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/evidence/canonical.js';
import type { AssessResult } from '../../lib/pipeline/assess.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { checkItemProof, isShardedItemProof, itemProof, ProofError, shardedProof } from '../../lib/seal/proof.js';
import { shardKeys } from '../../lib/seal/shard.js';
import { type InclusionStep, readShardedItems, readShardedManifest, type ShardedItemProof } from '../../lib/seal/shard-read.js';
import { readStatement } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo, fileOf, overwrite } from '../helpers/demo-store.js';
import { runProgram } from '../helpers/io.js';
import { pathSides, referenceLeafHash, referenceNodeHash } from '../helpers/rfc9162.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());
afterEach(() => {
  process.exitCode = undefined;
});
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

let root: string;
let store: LocalFolderStore;
let v1: AssessResult;
let run: AssessResult;
let signedRoot: string;
let expectedSamples: number;
/** One evidence record and one finding of each shard that has them: key and bytes. */
const samples: { key: string; bytes: Buffer }[] = [];

beforeAll(async () => {
  root = await temp.make('sharded-proof');
  store = new LocalFolderStore(root);
  v1 = await assessDemo(store, signer, undefined, 1);
  run = await assessDemo(store, signer, undefined, undefined, undefined, 2);
  const { statement } = readStatement(await store.get(runKeys.statement(run.runId)), runKeys.statement(run.runId));
  signedRoot = statement.subject[1]?.digest.sha256 as string;
  const read = await readShardedManifest(store, run.runId);
  if (read === undefined) throw new Error('not sharded');
  expectedSamples = read.manifest.shards.reduce((n, s) => n + (s.evidence > 0 ? 1 : 0) + (s.findings > 0 ? 1 : 0), 0);
  const seen = new Set<string>();
  for await (const { shard, item, bytes } of readShardedItems(store, read.manifest)) {
    const kind = `${shard.shardId}/${item.kind}`;
    if (seen.has(kind)) continue;
    seen.add(kind);
    samples.push({ key: item.key, bytes: Buffer.from(bytes) });
  }
}, 120_000);

/** Folds an RFC 9162 audit path with the independent reference of test/helpers/rfc9162.ts. */
function fold(leafEntry: Buffer, step: InclusionStep): string {
  const sides = pathSides(step.leafIndex, step.treeSize);
  let node = referenceLeafHash(leafEntry);
  step.path.forEach((hex, i) => {
    const sibling = Buffer.from(hex, 'hex');
    node = sides[i] === 'left' ? referenceNodeHash(sibling, node) : referenceNodeHash(node, sibling);
  });
  return node.toString('hex');
}

describe('the inclusion proof of an item of a sharded run', () => {
  it('leads from the item to its shard root and from there to the signed root, by an independent RFC 9162 fold', async () => {
    // An evidence record and a finding of every shard that holds them (the run shard holds evidence only).
    expect(samples.length).toBe(expectedSamples);
    expect(samples.length).toBeGreaterThanOrEqual(5);
    for (const { key, bytes } of samples) {
      const { proof, bytes: read } = await shardedProof(store, key);
      expect(read.equals(bytes)).toBe(true);
      expect(proof).toMatchObject({ runId: run.runId, key, sha256: sha256Hex(bytes), shardId: key.split('/')[3] });
      expect(proof.run.root).toBe(signedRoot);
      expect(checkItemProof(proof, bytes)).toBe(true);
      // Self-contained: the JSON alone, folded by another implementation, gives the shard root and the signed root.
      const json = JSON.parse(JSON.stringify(proof)) as ShardedItemProof;
      expect(isShardedItemProof(json)).toBe(true);
      expect(fold(Buffer.from(json.sha256, 'hex'), json.shard)).toBe(json.shard.root);
      expect(fold(Buffer.from(json.shard.root, 'hex'), json.run)).toBe(signedRoot);
      expect(checkItemProof(json, bytes)).toBe(true);
    }
  });

  it('does not hold for other bytes, another shard position, or a proofs file with a node changed', async () => {
    const { key, bytes } = samples[0] as { key: string; bytes: Buffer };
    const { proof } = await shardedProof(store, key);
    expect(checkItemProof(proof, Buffer.concat([bytes, Buffer.from(' ')]))).toBe(false);
    expect(checkItemProof({ ...proof, run: { ...proof.run, leafIndex: 1 } }, bytes)).toBe(false);
    const proofs = fileOf(root, runKeys.proofs(run.runId));
    const original = await readFile(proofs);
    const changed = Buffer.from(original);
    // Leaf 1 of the run tree (the second shard's root hash) is on the path of shard 0 only.
    changed[32] = (changed[32] ?? 0) ^ 0x80;
    await overwrite(proofs, changed);
    try {
      expect(checkItemProof((await shardedProof(store, key)).proof, bytes)).toBe(false);
      const third = samples.find((s) => s.key.includes('/777788889999/')) as { key: string; bytes: Buffer };
      expect(checkItemProof((await shardedProof(store, third.key)).proof, third.bytes)).toBe(true);
    } finally {
      await overwrite(proofs, original);
    }
  });

  it('names what is not an item: an unknown digest or shard, a v1-style key of a sharded run, a sharded key of a v1 run', async () => {
    const none = '0'.repeat(64);
    await expect(shardedProof(store, shardKeys.item(run.runId, '111122223333', 'finding', none))).rejects.toThrow(
      /is not an item of shard/,
    );
    await expect(shardedProof(store, shardKeys.item(run.runId, '999999999999', 'finding', none))).rejects.toThrow(
      /has no shard 999999999999/,
    );
    await expect(itemProof(store, run.runId, `runs/${run.runId}/findings/${none}.json`)).rejects.toThrow(
      new ProofError(
        `Run ${run.runId} is sharded: name one of its items as runs/${run.runId}/shards/<shard>/(evidence|findings)/<sha256>.json.`,
      ),
    );
    await expect(shardedProof(store, shardKeys.item(v1.runId, '111122223333', 'finding', none))).rejects.toThrow(/is not sharded/);
  });

  it('is what `ai-evidence proof` prints and checks; a v1 item is proved as before', async () => {
    const { key, bytes } = samples.find((s) => s.key.includes('/findings/')) as { key: string; bytes: Buffer };
    const cli = await runProgram(['proof', root, key]);
    expect(cli.exitCode).toBe(0);
    const printed = JSON.parse(cli.stdout) as ShardedItemProof;
    expect(printed).toEqual((await shardedProof(store, key)).proof);
    expect(checkItemProof(printed, bytes)).toBe(true);
    expect(cli.stderr).toContain(`leads through the root of shard ${printed.shardId} to the root in the statement of run ${run.runId}`);

    const v1Key = (await store.list(`runs/${v1.runId}/findings/`))[0] as string;
    const old = await runProgram(['proof', root, v1Key]);
    expect(old.exitCode).toBe(0);
    expect(JSON.parse(old.stdout)).toEqual(await itemProof(store, v1.runId, v1Key));
    expect(Object.keys(JSON.parse(old.stdout)).sort()).toEqual(['key', 'leafIndex', 'path', 'root', 'runId', 'sha256', 'treeSize']);
    expect(old.stderr).toBe(
      `The inclusion proof of ${v1Key} leads to the root in the statement of run ${v1.runId}; run verify to check its signature.`,
    );
  });
});
