import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEstate, type Estate } from '../../lib/demo/estate.js';
import type { RunDiff } from '../../lib/diff/schema.js';
import { diffStoredRuns } from '../../lib/diff/store.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { assessDemo } from '../helpers/demo-assess.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

/** The demo estate with one answer edited: a guardrail that denies no topic now blocks one, so one finding changes. */
function editedEstate(): Estate {
  const estate = structuredClone(demoEstate);
  const getGuardrail = estate.accounts['111122223333']?.['us-east-1']?.bedrock?.GetGuardrail as {
    answers: Record<string, { output: Record<string, unknown> }>;
  };
  (getGuardrail.answers.p4m8claimsgr as { output: Record<string, unknown> }).output.topicPolicy = {
    topics: [
      {
        name: 'LegalAdvice',
        definition: 'Advice on legal claims.',
        type: 'DENY',
        inputAction: 'BLOCK',
        outputAction: 'BLOCK',
        inputEnabled: true,
        outputEnabled: true,
      },
    ],
  };
  return estate;
}

/** Runs of the estates given, in that order and format, chained in one store; their ids. */
async function chain(name: string, runs: { format: 1 | 2; estate?: Estate }[]) {
  const store = new LocalFolderStore(join(await temp.make(name), 'evidence'));
  const ids: string[] = [];
  for (const r of runs) ids.push((await assessDemo(store, signer, undefined, undefined, r.estate ?? demoEstate, r.format)).runId);
  return { store, ids };
}

/** What a diff says changed, without the runs' ids and times. */
function changes(diff: RunDiff) {
  return { unchanged: diff.unchanged, findings: diff.findings, coverage: diff.coverage, requirements: diff.requirements };
}

let mixed: Awaited<ReturnType<typeof chain>>;
let editedV1: RunDiff;
let editedV2: RunDiff;

beforeAll(async () => {
  // v1, then v2, then v2 again: the same estate each time.
  mixed = await chain('diff-mixed', [{ format: 1 }, { format: 2 }, { format: 2 }]);
  const [a, b] = [
    await chain('diff-edited-v1', [{ format: 1 }, { format: 1, estate: editedEstate() }]),
    await chain('diff-edited-v2', [{ format: 2 }, { format: 2, estate: editedEstate() }]),
  ];
  editedV1 = await diffStoredRuns(a.store, a.ids[0] as string, a.ids[1] as string);
  editedV2 = await diffStoredRuns(b.store, b.ids[0] as string, b.ids[1] as string);
}, 300_000);

describe('diffStoredRuns of sharded (v2) runs', () => {
  it('reports no change between a v1 and a v2 run of the same estate, either way round, nor between two v2 runs', async () => {
    const [v1, v2, v2again] = mixed.ids as [string, string, string];
    for (const [before, after] of [
      [v1, v2],
      [v2, v1],
      [v2, v2again],
    ] as const) {
      const diff = await diffStoredRuns(mixed.store, before, after);
      expect(diff.before.runId).toBe(before);
      expect(diff.after.runId).toBe(after);
      expect(diff.unchanged).toBe(true);
      expect(diff.findings.totals).toEqual({ NEW: 0, RESOLVED: 0, STATUS: 0, REASON: 0 });
      expect(diff.coverage.changes).toEqual([]);
      expect(diff.requirements.changes).toEqual([]);
      expect(diff.after.findings).toBe(diff.before.findings);
      expect(diff.after.findings).toBeGreaterThan(0);
    }
  });

  it('reports between two v2 runs exactly the changes it reports between the two v1 runs of the same estates', () => {
    expect(editedV1.unchanged).toBe(false);
    expect(editedV1.findings.totals.STATUS).toBeGreaterThan(0);
    expect(changes(editedV2)).toEqual(changes(editedV1));
  });
});
