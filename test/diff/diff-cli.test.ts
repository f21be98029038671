import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../lib/controls/index.js';
import { demoEstate, type Estate } from '../../lib/demo/estate.js';
import { type RunDiff, RunDiffSchema } from '../../lib/diff/schema.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { renderReport } from '../../lib/export/report.js';
import { frameworks, mappedControls } from '../../lib/frameworks/definitions.js';
import { ManifestSchema } from '../../lib/seal/manifest.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo, type DemoStore, fileOf, replaceByte, sharedDemoStore } from '../helpers/demo-store.js';
import { runProgram } from '../helpers/io.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => temp.removeAll());

const CONTROL = 'bedrock_guardrail_denied_topics_configured';
const GUARDRAIL = 'arn:aws:bedrock:us-east-1:111122223333:guardrail/p4m8claimsgr';

/** The demo estate with one answer edited: the claims-triage guardrail now blocks one denied topic (it denies none in the demo). */
function editedEstate(): Estate {
  const estate = structuredClone(demoEstate);
  const getGuardrail = estate.accounts['111122223333']?.['us-east-1']?.bedrock?.GetGuardrail as {
    answers: Record<string, { output: Record<string, unknown> }>;
  };
  const answer = getGuardrail.answers.p4m8claimsgr as { output: Record<string, unknown> };
  expect(answer.output.topicPolicy).toBeUndefined();
  answer.output.topicPolicy = {
    topics: [
      {
        name: 'LegalAdvice',
        definition: 'Advice on legal claims or disputes.',
        examples: ['Can I sue the other driver?'],
        type: 'DENY',
        inputAction: 'BLOCK',
        outputAction: 'BLOCK',
        inputEnabled: true,
        outputEnabled: true,
      },
    ],
    // In the STANDARD tier, so that bedrock_guardrail_standard_tier (which names only CLASSIC policies) keeps its finding.
    tier: { tierName: 'STANDARD' },
  };
  return estate;
}

let same: DemoStore;
let edited: DemoStore;
/** `diff --json` of each store's last two runs: its stdout, and parsed. */
let sameJson: string;
let editedJson: string;
let sameDiff: RunDiff;
let editedDiff: RunDiff;

// Two hooks, each with its own timeout: two runs of the identical demo estate (the shared chain), and
// a demo run followed by a run of the edited estate; each store's `diff --json` is taken once.
beforeAll(async () => {
  // The command line's modules load here, not in the first test.
  await import('../../lib/cli/program.js');
  same = await sharedDemoStore(await temp.make('diff-same'), 2);
  ({ stdout: sameJson } = await runProgram(['diff', '--dir', same.root, '--json']));
  sameDiff = RunDiffSchema.parse(JSON.parse(sameJson));
});

beforeAll(async () => {
  edited = await sharedDemoStore(await temp.make('diff-edited'), 1);
  const run = await assessDemo(edited.store, edited.signer, undefined, undefined, editedEstate());
  edited.runs.push({
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    evidenceCount: run.evidenceCount,
    findingCount: run.findings.length,
  });
  ({ stdout: editedJson } = await runProgram(['diff', '--dir', edited.root, '--json']));
  editedDiff = RunDiffSchema.parse(JSON.parse(editedJson));
});

async function diffJson(dir: string, ...runs: string[]): Promise<RunDiff> {
  const { stdout, exitCode } = await runProgram(['diff', ...runs, '--dir', dir, '--json']);
  expect(exitCode).toBe(0);
  return RunDiffSchema.parse(JSON.parse(stdout));
}

describe('ai-evidence diff', () => {
  it('reports no change between two runs of the identical demo estate, by default the last two runs', async () => {
    // Act
    const text = await runProgram(['diff', '--dir', same.root]);
    const diff = sameDiff;

    // Assess
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain(`Run ${same.runs[0]?.runId}`);
    expect(text.stdout).toContain('No change');
    expect(diff.before.runId).toBe(same.runs[0]?.runId);
    expect(diff.after.runId).toBe(same.runs[1]?.runId);
    expect(diff.unchanged).toBe(true);
    expect(diff.findings.totals).toEqual({ NEW: 0, RESOLVED: 0, STATUS: 0, REASON: 0 });
    expect(diff.findings.changes).toEqual([]);
    expect(diff.coverage.changes).toEqual([]);
    expect(diff.requirements.changes).toEqual([]);
    expect(diff.requirements.frameworks).toEqual(frameworks.map((f) => f.id));
    expect(diff.before.findings).toBe(same.runs[0]?.findingCount);
  });

  it('reports exactly the finding an edited demo answer changes, and the requirement roll-ups it moves', async () => {
    // Act
    const diff = editedDiff;
    const { stdout } = await runProgram(['diff', '--dir', edited.root]);

    // Assess: one finding, from FAIL to PASS; nothing else about findings or coverage.
    expect(diff.unchanged).toBe(false);
    expect(diff.findings.totals).toEqual({ NEW: 0, RESOLVED: 0, STATUS: 1, REASON: 0 });
    expect(diff.findings.changes).toHaveLength(1);
    const change = diff.findings.changes[0];
    expect(change).toMatchObject({
      change: 'STATUS',
      controlId: CONTROL,
      accountId: '111122223333',
      region: 'us-east-1',
      resource: { id: GUARDRAIL },
      before: { status: 'FAIL', reason: 'Amazon Bedrock guardrail claims-triage-guardrail denies no topic.' },
      after: { status: 'PASS' },
    });
    expect(change?.after?.reason).toContain('LegalAdvice');
    expect(diff.coverage.changes).toEqual([]);
    // MAP 3.3 rests on this control alone, whose only failure this was: it now lacks evidence elsewhere.
    const map33 = diff.requirements.changes.find((r) => r.framework === 'nist-ai-rmf' && r.requirement === 'MAP 3.3');
    const because = `${CONTROL} on ${GUARDRAIL} (111122223333, us-east-1) went from FAIL to PASS`;
    expect(map33).toEqual({
      framework: 'nist-ai-rmf',
      requirement: 'MAP 3.3',
      before: 'FAIL',
      after: 'INSUFFICIENT_EVIDENCE',
      because: [because],
      message: `MAP 3.3 went from FAIL to INSUFFICIENT_EVIDENCE because ${because}.`,
    });
    // Every requirement that moved is one the control supports, and is explained by that finding only.
    for (const r of diff.requirements.changes) {
      const framework = frameworks.find((f) => f.id === r.framework);
      expect(mappedControls(framework as (typeof frameworks)[number], catalog, r.requirement)).toContain(CONTROL);
      expect(r.because).toEqual([because]);
    }
    expect(stdout).toContain('1 changed status');
    expect(stdout).toContain(`nist-ai-rmf MAP 3.3 went from FAIL to INSUFFICIENT_EVIDENCE because ${because}.`);
  });

  it('compares the runs in the order given: the other way round, the finding goes from PASS to FAIL', async () => {
    // Act
    const [first, second] = edited.runs.map((r) => r.runId) as [string, string];
    const diff = await diffJson(edited.root, second, first);

    // Assess
    expect(diff.before.runId).toBe(second);
    expect(diff.findings.changes.map((c) => [c.controlId, c.before?.status, c.after?.status])).toEqual([[CONTROL, 'PASS', 'FAIL']]);
    expect(diff.requirements.changes.find((r) => r.requirement === 'MAP 3.3')).toMatchObject({
      before: 'INSUFFICIENT_EVIDENCE',
      after: 'FAIL',
    });
  });

  it('gives the JSON shape it documents, strictly', async () => {
    // Act
    const json = JSON.parse(editedJson) as Record<string, unknown>;

    // Assess: the schema is strict, so an unknown key anywhere fails it.
    expect(RunDiffSchema.safeParse(json).success).toBe(true);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'before', 'after', 'unchanged', 'findings', 'coverage', 'requirements']);
    expect(RunDiffSchema.safeParse({ ...json, extra: 1 }).success).toBe(false);
    const manifest = ManifestSchema.parse(
      JSON.parse((await edited.store.get(runKeys.manifest(edited.runs[1]?.runId as string))).toString('utf8')),
    );
    expect((json as RunDiff).after).toMatchObject({
      runId: manifest.runId,
      startedAt: manifest.startedAt,
      finishedAt: manifest.finishedAt,
      toolVersion: manifest.toolVersion,
      catalogVersion: manifest.catalogVersion,
    });
    expect((json as RunDiff).after.statementSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows in the report the same changes as the diff of the same two runs', async () => {
    // Prepare
    const diff = editedDiff;
    const runs = await Promise.all(edited.runs.map((r) => loadSealedRun(edited.store, r.runId)));

    // Act
    const report = renderReport(runs, { generatedAt: '2026-12-07T12:00:00.000Z', toolVersion: 'ai-evidence/test' });
    const section = report.slice(
      report.indexOf('<h3 id="changes">Changes since the previous run</h3>'),
      report.indexOf('<table>', report.indexOf('<h3 id="changes">Changes since')),
    );
    const attr = (name: string) => [...section.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

    // Assess
    expect(attr('data-identity')).toEqual(diff.findings.changes.map((c) => c.identity));
    expect(attr('data-change')).toEqual(diff.findings.changes.map((c) => c.change));
    expect(attr('data-requirement')).toEqual(diff.requirements.changes.map((r) => `${r.framework} ${r.requirement}`));
    expect(attr('data-coverage')).toEqual([]);
    expect(section).toContain('<h4>Findings that changed (1)</h4>');
    expect(section).toContain(`<h4>Requirements whose status changed (${diff.requirements.changes.length})</h4>`);
  });

  it('refuses a run that does not verify and names the problem, with a non-zero exit', async () => {
    // Prepare: one byte of a finding of the newest run is changed.
    const store = await sharedDemoStore(await temp.make('diff-tampered'), 2);
    const runId = store.runs[1]?.runId as string;
    const manifest = ManifestSchema.parse(JSON.parse((await store.store.get(runKeys.manifest(runId))).toString('utf8')));
    const key = manifest.items.find((i) => i.kind === 'finding')?.key as string;
    await replaceByte(fileOf(store.root, key), 10, 'X'.charCodeAt(0));

    // Act
    const refused = runProgram(['diff', '--dir', store.root, '--json']);

    // Assess: a UsageError (exit 2 from the command line) naming the run and the object.
    await expect(refused).rejects.toThrow(new RegExp(`Run ${runId} does not verify, so it is not compared: .*${key}`));
    await expect(refused).rejects.toMatchObject({ name: 'UsageError' });
  });

  it('refuses a store with fewer than two complete runs and a run it does not hold', async () => {
    // Prepare
    const one = await sharedDemoStore(await temp.make('diff-one'), 1);

    // Act / Assess
    await expect(runProgram(['diff', '--dir', one.root])).rejects.toThrow(/holds 1 complete run\(s\): a diff needs two/);
    await expect(runProgram(['diff', 'no-such-run', '--dir', same.root])).rejects.toThrow(/holds no run no-such-run/);
  });
});
