import { unlink } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { latestSealedRun } from '../../lib/pipeline/assess.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo, type DemoStore, fileOf, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

describe('a run that crashed before its signed statement', () => {
  const temp = new TempDirs();
  let demo: DemoStore;

  /** The first `count` runs of the shared demo chain, in a store of this test's own. */
  const chain = async (count: number) => {
    demo = await sharedDemoStore(await temp.make('incomplete'), count);
    return demo.runs;
  };
  const dropStatement = async (runId: string) => unlink(fileOf(demo.root, runKeys.statement(runId)));

  afterEach(() => temp.removeAll());

  it('fails verification by default and is only a warning when incomplete runs are allowed', async () => {
    const [, crashed] = (await chain(2)) as unknown as [unknown, { runId: string }];
    await dropStatement(crashed.runId);
    const { store } = demo;

    const strict = await verifyStore(store);
    expect(strict.ok).toBe(false);
    expect(strict.problems.map((p) => p.object)).toEqual([runKeys.statement(crashed.runId)]);

    const lenient = await verifyStore(store, { allowIncomplete: true });
    expect(lenient.ok).toBe(true);
    expect(lenient.warnings.map((w) => w.runId)).toEqual([crashed.runId]);
  });

  it('chains the next run to the last complete run, skipping the incomplete one', async () => {
    const [first, crashed] = (await chain(2)) as unknown as [{ runId: string }, { runId: string }];
    await dropStatement(crashed.runId);
    const { store, signer } = demo;

    expect((await latestSealedRun(store))?.runId).toBe(first.runId);
    const next = await assessDemo(store, signer);
    expect(next.sealed.statement.predicate.previous?.runId).toBe(first.runId);
    expect((await verifyStore(store, { allowIncomplete: true })).ok).toBe(true);
  });

  it('still fails when the statement of a run that a later run chains to is removed', async () => {
    const [, middle] = (await chain(3)) as unknown as [unknown, { runId: string }];
    await dropStatement(middle.runId);
    const { store } = demo;

    const report = await verifyStore(store, { allowIncomplete: true });
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.message.includes(middle.runId) && p.message.includes('removed'))).toBe(true);
  });
});
