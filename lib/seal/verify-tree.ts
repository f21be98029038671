import { levelCounts, type MerkleTree } from './merkle.js';
import { encodeTreeLevels } from './seal.js';
import type { VerifyProblem } from './verify.js';

/**
 * Compares a stored proofs file with the levels of the tree recomputed from the signed manifest.
 * Every inclusion proof is read from that file, so it is right exactly when it equals them; where
 * it is not, the problem names the node and the leaves whose proofs pass through it (`leafName`
 * gives the name of a leaf: an item's key in a v1 run, a shard manifest's in a sharded run).
 */
export function treeLevelsProblems(
  runId: string,
  proofsKey: string,
  stored: Buffer,
  tree: MerkleTree,
  leafName: (index: number) => string | undefined,
  leaves = 'items',
): VerifyProblem[] {
  const expected = encodeTreeLevels(tree);
  if (stored.equals(expected)) return [];
  if (stored.length !== expected.length) {
    return [
      {
        runId,
        object: proofsKey,
        message: `${proofsKey} is ${stored.length} bytes; a tree of ${tree.size} ${leaves} needs ${expected.length}.`,
      },
    ];
  }
  const problems: VerifyProblem[] = [];
  const singular = leaves.replace(/s$/u, '');
  let offset = 0;
  levelCounts(tree.size).forEach((count, level) => {
    for (let j = 0; j < count; j++, offset += 32) {
      if (stored.compare(expected, offset, offset + 32, offset, offset + 32) === 0) continue;
      const first = j * 2 ** level;
      const last = Math.min(tree.size, (j + 1) * 2 ** level) - 1;
      const affected = last > first ? `${leaves} ${first} to ${last}` : `${singular} ${first}`;
      problems.push({
        runId,
        object: proofsKey,
        message: `${proofsKey}: node ${j} of level ${level} is wrong, so the inclusion proofs through it (${affected}, e.g. ${leafName(first)}) do not hold.`,
      });
    }
  });
  return problems;
}
