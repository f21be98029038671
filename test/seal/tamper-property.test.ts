import { readFile, unlink, writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../lib/seal/verify.js';
import { runKeys } from '../../lib/store/types.js';
import { type DemoStore, fileOf, names, overwrite, sharedDemoStore, storedKeys } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const KINDS = ['evidence', 'finding', 'public key', 'manifest', 'proofs', 'statement', 'sigstore bundle'] as const;
type Kind = (typeof KINDS)[number];
/** A run without its Sigstore bundle (sealed before it was written) still verifies: deleting it is no tampering. */
const DELETABLE = KINDS.filter((kind) => kind !== 'sigstore bundle');

const temp = new TempDirs();
let chain: DemoStore;
/** Every stored object, by run and kind, so that each kind is drawn as often as the others. */
let objects: Record<Kind, string[]>[];

beforeAll(async () => {
  chain = await sharedDemoStore(await temp.make('property'), 3);
  const all = await storedKeys(chain.root);
  objects = chain.runs.map(({ runId }) => {
    const under = (folder: string) => all.filter((k) => k.startsWith(`${runKeys.prefix(runId)}${folder}/`));
    return {
      evidence: under('evidence'),
      finding: under('findings'),
      'public key': under('keys'),
      manifest: [runKeys.manifest(runId)],
      proofs: [runKeys.proofs(runId)],
      statement: [runKeys.statement(runId)],
      'sigstore bundle': [runKeys.sigstoreBundle(runId)],
    };
  });
});
afterAll(() => temp.removeAll());

/** Draws one stored object of the given kinds: a run, a kind, then an object of that kind. */
const anObjectOf = (kinds: readonly Kind[]) =>
  fc.tuple(fc.nat(), fc.constantFrom(...kinds), fc.nat()).map(([run, kind, index]) => {
    const ofKind = (objects[run % objects.length] as Record<Kind, string[]>)[kind];
    return ofKind[index % ofKind.length] as string;
  });
const anObject = anObjectOf(KINDS);

/**
 * Verification of the chain with the tampered object's run checked in full and the other runs by
 * their statements and links. A full check of a run does everything a statement check does and
 * more, so whatever this finds and names, `verifyStore` without a range finds and names too; the
 * two untouched runs' objects are not re-read and re-evaluated for every case (a third of the work).
 */
function verifyAround(key: string) {
  const runId = key.split('/')[1];
  return verifyStore(chain.store, { inFull: (run) => run.runId === runId });
}

describe('tampering with any one stored object', () => {
  // Raised: 80 verifications of a thousand-object run, 3-5 s alone and up to 15 s under the parallel suite.
  it('changing any one byte of any stored file fails verification and names that file', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(anObject, fc.nat(), fc.integer({ min: 1, max: 255 }), async (key, position, flip) => {
        // Prepare
        const path = fileOf(chain.root, key);
        const original = await readFile(path);
        const altered = Buffer.from(original);
        const offset = position % altered.length;
        altered[offset] = (altered[offset] as number) ^ flip;
        await overwrite(path, altered);
        try {
          // Act
          const report = await verifyAround(key);

          // Assess
          expect(report.ok).toBe(false);
          expect(names(report, key), `byte ${offset} of ${key}: ${JSON.stringify(report.problems)}`).toBe(true);
        } finally {
          await overwrite(path, original);
        }
      }),
      { numRuns: 80 },
    );
    expect((await verifyStore(chain.store)).ok).toBe(true);
  });

  it('deleting any one stored file fails verification and names that file', async () => {
    await fc.assert(
      fc.asyncProperty(anObjectOf(DELETABLE), async (key) => {
        // Prepare
        const path = fileOf(chain.root, key);
        const original = await readFile(path);
        await unlink(path);
        try {
          // Act
          const report = await verifyAround(key);

          // Assess
          expect(report.ok).toBe(false);
          expect(names(report, key), `${key} deleted: ${JSON.stringify(report.problems)}`).toBe(true);
        } finally {
          await writeFile(path, original, { mode: 0o444 });
        }
      }),
      { numRuns: 30 },
    );
    expect((await verifyStore(chain.store)).ok).toBe(true);
  });
});
