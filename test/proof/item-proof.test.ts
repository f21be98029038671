import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestSchema } from '../../lib/seal/manifest.js';
import { checkItemProof, itemProof, ProofError, runProofs } from '../../lib/seal/proof.js';
import type { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { fileOf, overwrite, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

describe('per-item inclusion proofs', () => {
  const temp = new TempDirs();
  let root: string;
  let store: LocalFolderStore;
  let runId: string;
  let keys: string[];

  beforeAll(async () => {
    const demo = await sharedDemoStore(await temp.make('proof'), 1);
    ({ root, store } = demo);
    runId = demo.runs[0]?.runId as string;
    const manifest = ManifestSchema.parse(JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')));
    keys = manifest.items.map((i) => i.key);
  });

  afterAll(() => temp.removeAll());

  it('gives every object of a run a proof that leads from its bytes to the signed root', async () => {
    // The run read once (itemProof reads it for each call, which is runProofs(...).proof(key)).
    const proofs = await runProofs(store, runId);
    for (const key of keys) {
      const proof = proofs.proof(key);
      expect(proof.treeSize).toBe(keys.length);
      expect(checkItemProof(proof, await store.get(key))).toBe(true);
    }
  });

  it('gives the same proof of one object alone as of the run read once', async () => {
    const proofs = await runProofs(store, runId);
    for (const key of [keys[0], keys[1], keys.at(-1)] as string[]) expect(await itemProof(store, runId, key)).toEqual(proofs.proof(key));
  });

  it('rejects the proof when the object bytes are not the ones sealed', async () => {
    const key = keys[0] as string;
    const proof = await itemProof(store, runId, key);
    const bytes = Buffer.from(await store.get(key));
    bytes.writeUInt8((bytes.at(-2) ?? 0) ^ 0x01, bytes.length - 2);
    expect(checkItemProof(proof, bytes)).toBe(false);
  });

  it('rejects proofs read from a tampered proofs file for the items whose path crosses the changed node', async () => {
    const path = fileOf(root, runKeys.proofs(runId));
    const original = await readFile(path);
    const tampered = Buffer.from(original);
    // Leaf hash 1 is on the audit path of leaf 0 only (its sibling).
    tampered.writeUInt8((tampered[32] ?? 0) ^ 0x80, 32);
    await overwrite(path, tampered);
    try {
      const first = await itemProof(store, runId, keys[0] as string);
      const third = await itemProof(store, runId, keys[2] as string);
      expect(checkItemProof(first, await store.get(keys[0] as string))).toBe(false);
      expect(checkItemProof(third, await store.get(keys[2] as string))).toBe(true);
    } finally {
      await overwrite(path, original);
    }
  });

  it('names an object that is not in the run', async () => {
    await expect(itemProof(store, runId, `runs/${runId}/findings/${'0'.repeat(64)}.json`)).rejects.toThrow(ProofError);
  });
});
