import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEstate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { assess } from '../../lib/pipeline/assess.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import { checkItemProof, itemProof, ProofError } from '../../lib/seal/proof.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';

describe('per-item inclusion proofs', () => {
  let dir: string;
  let store: LocalFolderStore;
  let runId: string;
  let keys: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai-evidence-proof-'));
    store = new LocalFolderStore(join(dir, 'evidence'));
    const { signer } = await loadOrCreateLocalSigner(join(dir, 'key.pem'));
    const result = await assess({
      store,
      signer,
      scopes: estateScopes(demoEstate),
      clientsFor: (accountId) => estateClients(demoEstate, accountId),
    });
    runId = result.runId;
    keys = result.sealed.objects.map((o) => o.key);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every object of a run a proof that leads from its bytes to the signed root', async () => {
    for (const key of keys) {
      const proof = await itemProof(store, runId, key);
      expect(proof.treeSize).toBe(keys.length);
      expect(checkItemProof(proof, await store.get(key))).toBe(true);
    }
  });

  it('rejects the proof when the object bytes are not the ones sealed', async () => {
    const key = keys[0] as string;
    const proof = await itemProof(store, runId, key);
    const bytes = Buffer.from(await store.get(key));
    bytes.writeUInt8((bytes.at(-2) ?? 0) ^ 0x01, bytes.length - 2);
    expect(checkItemProof(proof, bytes)).toBe(false);
  });

  it('rejects proofs read from a tampered proofs file for the items whose path crosses the changed node', async () => {
    const path = join(dir, 'evidence', ...runKeys.proofs(runId).split('/'));
    const original = await readFile(path);
    const tampered = Buffer.from(original);
    // Leaf hash 1 is on the audit path of leaf 0 only (its sibling).
    tampered.writeUInt8((tampered[32] ?? 0) ^ 0x80, 32);
    await chmod(path, 0o644);
    await writeFile(path, tampered);
    try {
      const first = await itemProof(store, runId, keys[0] as string);
      const third = await itemProof(store, runId, keys[2] as string);
      expect(checkItemProof(first, await store.get(keys[0] as string))).toBe(false);
      expect(checkItemProof(third, await store.get(keys[2] as string))).toBe(true);
    } finally {
      await writeFile(path, original);
      await chmod(path, 0o444);
    }
  });

  it('names an object that is not in the run', async () => {
    await expect(itemProof(store, runId, `runs/${runId}/findings/${'0'.repeat(64)}.json`)).rejects.toThrow(ProofError);
  });
});
