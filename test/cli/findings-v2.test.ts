import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sealedFindings } from '../../lib/cli/findings.js';
import type { Finding } from '../../lib/controls/types.js';
import { runProgram } from '../helpers/io.js';
import { TempDirs } from '../helpers/temp.js';
import { type TwinRun, twinRuns } from '../helpers/twin-runs.js';

const temp = new TempDirs();
let v1: TwinRun;
let v2: TwinRun;

beforeAll(async () => {
  ({ v1, v2 } = await twinRuns(await temp.make('findings-v2')));
}, 120_000);
afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => temp.removeAll());

describe('ai-evidence findings of a sharded (v2) run', () => {
  it('lists the same findings in the same order as the v1 run of the same estate, for every filter', async () => {
    for (const filter of [
      {},
      { status: 'FAIL' as const },
      { severity: 'CRITICAL' as const },
      { control: 'bedrock_guardrail_denied_topics_configured' },
    ]) {
      const [a, b] = [await sealedFindings(v1.store, v1.runId, filter), await sealedFindings(v2.store, v2.runId, filter)];
      expect(b.total).toBe(a.total);
      expect(b.findings).toEqual(a.findings);
    }
    const all = await sealedFindings(v2.store, v2.runId, {});
    expect(all.total).toBeGreaterThan(0);
    expect(all.findings.some((f) => f.status === 'FAIL')).toBe(true);
  });

  it('prints the same JSON as for the v1 run from the command line', async () => {
    const json = async (dir: string) => {
      const { stdout, exitCode } = await runProgram(['findings', '--status', 'FAIL', '--dir', dir, '--json']);
      expect(exitCode).toBe(0);
      return (JSON.parse(stdout) as { findings: Finding[] }).findings;
    };
    const [a, b] = [await json(v1.root), await json(v2.root)];
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
