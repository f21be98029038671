import { generateKeyPairSync } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../lib/cli/program.js';
import { AGGREGATOR_ENV, MODEL_ACCESS_PRINCIPALS_ENV } from '../../lib/collectors/settings.js';
import { catalog } from '../../lib/controls/index.js';
import { type Finding, SEVERITIES } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import { REQUIREMENT_STATUSES } from '../../lib/frameworks/rollup.js';
import { runKeys } from '../../lib/store/types.js';
import { fileOf, replaceByte, sharedDemoStore, storedItems, storedKeys } from '../helpers/demo-store.js';
import { captureIo, runProgram } from '../helpers/io.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());
afterEach(() => {
  process.exitCode = undefined;
});

const run = runProgram;

/** A demo evidence folder and its signing key in a new temporary folder. */
async function demoFolder(): Promise<{ out: string; key: string }> {
  const dir = await temp.make('cli');
  return { out: join(dir, 'evidence'), key: join(dir, 'keys', 'signing-key.pem') };
}

/** The row of a summary table that starts with `label`, under the section whose title starts with `title`. */
function tableRow(text: string, title: string, label: string): number[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const row = lines.slice(start).find((l) => l.startsWith(`${label} `));
  expect(row, `row ${label} of ${title}`).toBeDefined();
  return (row as string)
    .trim()
    .split(/\s{2,}/)
    .slice(1)
    .map(Number);
}

describe('ai-evidence assess --demo', () => {
  it('prints the per-framework summary and the verification OK line, and seals a run that chains to the next', async () => {
    // Prepare
    const { out, key } = await demoFolder();

    // Act
    const first = await run(['assess', '--demo', '--out', out, '--signing-key', key]);
    const second = await run(['assess', '--demo', '--out', out, '--signing-key', key]);

    // Assess: AI RMF 1.0 has 72 subcategories, the CAF-AI security perspective 9 capabilities.
    const [rmfRequirements, ...rmfByStatus] = tableRow(first.stdout, 'Requirements per status', 'NIST AI RMF 1.0');
    expect(rmfRequirements).toBe(72);
    expect(rmfByStatus.reduce((a, b) => a + b, 0)).toBe(72);
    const [cafRequirements, ...cafByStatus] = tableRow(first.stdout, 'Requirements per status', 'AWS CAF-AI security perspective');
    expect(cafRequirements).toBe(9);
    expect(cafByStatus.reduce((a, b) => a + b, 0)).toBe(9);
    expect(first.stdout).toMatch(/^OK: every signature/m);
    expect(first.exitCode).toBe(0);
    expect(second.stdout).toMatch(/^Verified .*: 2 run\(s\)/m);
    expect(second.stdout).toMatch(/^OK: every signature/m);
    expect(second.exitCode).toBe(0);
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    await expect(stat(join(out, '..', '.ai-evidence'))).rejects.toThrow();
  });

  it('leads with what to act on in about 80 lines: counts, the worst controls ranked, gaps per account and region, frameworks', async () => {
    // Prepare
    const { out, key } = await demoFolder();

    // Act
    const { stdout } = await run(['assess', '--demo', '--out', out, '--signing-key', key]);

    // Assess: short, and in the order a person acts on it.
    const lines = stdout.split('\n');
    expect(lines.length).toBeLessThanOrEqual(90);
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    const order = ['Findings by status and severity', 'Worst failing controls', 'Coverage gaps', 'Requirements per status', 'Verified '];
    expect(order.map(at).every((i, n, all) => i >= 0 && (n === 0 || i > (all[n - 1] as number)))).toBe(true);

    // The sealed findings say what the ranking must be: the most severe control first, then the most failing resources.
    const findings: Finding[] = [];
    for (const { text } of await storedItems(out, 'findings')) findings.push(JSON.parse(text));
    const failing = new Map<string, { severity: number; count: number }>();
    for (const f of findings.filter((x) => x.status === 'FAIL')) {
      const c = failing.get(f.controlId) ?? { severity: SEVERITIES.indexOf(f.severity), count: 0 };
      c.count++;
      failing.set(f.controlId, c);
    }
    const expected = [...failing]
      .sort(([a, x], [b, y]) => x.severity - y.severity || y.count - x.count || (a < b ? -1 : 1))
      .map(([id, c]) => [id, SEVERITIES[c.severity]?.toLowerCase(), String(c.count)]);
    const shown = lines
      .slice(at('Worst failing controls') + 3, at('Worst failing controls') + 13)
      .map((l) => l.trim().split(/\s+/).slice(1, 4));
    expect(shown).toEqual(expected.slice(0, 10));
    expect(lines[at('Worst failing controls') + 13]).toBe(
      `${failing.size - 10} more failing control(s): ai-evidence findings --status FAIL --dir ${out} lists every failing resource; assess --details every failing control.`,
    );

    // One line per account and region with gaps, counted from the sealed coverage; no row per collector.
    const runId = /^Run (\S+):/m.exec(stdout)?.[1] as string;
    // A sharded run: the account's coverage is in its shard manifest.
    const coverage: CoverageEntry[] = JSON.parse(
      await readFile(fileOf(out, `runs/${runId}/shards/777788889999/shard.json`), 'utf8'),
    ).coverage;
    const inScope = coverage.filter((c) => c.accountId === '777788889999' && c.region === 'us-east-1');
    const failed = inScope.filter((c) => c.status === 'FAILED').length;
    expect(failed).toBeGreaterThan(10);
    expect(stdout).toMatch(
      new RegExp(`^  account 777788889999, us-east-1: ${failed} of ${inScope.length} collectors failed[,( ].*AccessDeniedException`, 'm'),
    );
    const everyShard: CoverageEntry[] = [];
    for (const k of await storedKeys(out)) {
      if (k.startsWith(`runs/${runId}/shards/`) && k.endsWith('/shard.json'))
        everyShard.push(...JSON.parse(await readFile(fileOf(out, k), 'utf8')).coverage);
    }
    const scopesWithGaps = new Set(everyShard.filter((c) => c.status !== 'COMPLETE').map((c) => `${c.accountId} ${c.region}`));
    expect(lines.filter((l) => l.startsWith('  account ')).length).toBe(scopesWithGaps.size);
    expect(stdout).not.toMatch(/sagemaker\.notebook-instances/);
  });

  it('with --details lists every failing control, one row per incomplete collector read, and every requirement', async () => {
    // Prepare
    const { out, key } = await demoFolder();

    // Act
    const { stdout } = await run(['assess', '--demo', '--details', '--out', out, '--signing-key', key, '--regions', 'us-east-1']);

    // Assess
    const result = JSON.parse(
      (await run(['assess', '--demo', '--json', '--out', out, '--signing-key', key, '--regions', 'us-east-1'])).stdout,
    );
    const lines = stdout.split('\n');
    const title = lines.findIndex((l) => l.startsWith('Failing controls ('));
    const count = Number(/\((\d+)\)/.exec(lines[title] as string)?.[1]);
    expect(count).toBeGreaterThan(10);
    expect(lines.slice(title + 3, title + 3 + count).every((l) => /^\s*\d+\s{2}[a-z0-9_]+\s/.test(l))).toBe(true);
    expect(lines[title + 3 + count]).toBe('');
    for (const gap of (result.coverage as CoverageEntry[]).filter((c) => c.status !== 'COMPLETE')) {
      expect(stdout).toMatch(
        new RegExp(`^${gap.accountId}\\s+${gap.region}\\s+${gap.collector.replaceAll('.', '\\.')}\\s+${gap.status}`, 'm'),
      );
    }
    for (const framework of result.frameworks.filter((f: { framework: string }) => f.framework !== 'iso-42001')) {
      for (const r of framework.requirements as { id: string }[])
        expect(stdout).toMatch(new RegExp(`^${r.id.replace(/[.:]/g, '\\$&')}\\s{2,}`, 'm'));
    }
  });

  it('prints machine-readable JSON with the frameworks and a passing verification', async () => {
    // Prepare
    const { out, key } = await demoFolder();

    // Act
    const { stdout, exitCode } = await run(['assess', '--demo', '--json', '--out', out, '--signing-key', key]);

    // Assess
    const result = JSON.parse(stdout);
    expect(result.verification).toEqual({ ok: true, problems: [] });
    const sizes = Object.fromEntries(
      result.frameworks.map((f: { framework: string; requirements: unknown[] }) => [f.framework, f.requirements.length]),
    );
    expect(sizes).toMatchObject({ 'nist-ai-rmf': 72, 'caf-ai': 9, 'iso-42001': 38, 'owasp-llm': 10, 'eu-ai-act': 17 });
    // Every OWASP risk and EU AI Act article has a status, and the table-mapped ones say how each control bears on them.
    type Requirement = { id: string; status: string; controls: string[]; rationales?: Record<string, string> };
    const of = (id: string): Requirement[] => result.frameworks.find((f: { framework: string }) => f.framework === id).requirements;
    for (const requirement of [...of('owasp-llm'), ...of('eu-ai-act')]) {
      expect(REQUIREMENT_STATUSES).toContain(requirement.status);
      expect(Object.keys(requirement.rationales ?? {})).toEqual(requirement.controls);
    }
    expect(of('owasp-llm').map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, '0')}:2025`));
    expect(of('eu-ai-act').find((r) => r.id === 'Art. 4')?.status).toBe('ATTESTATION_REQUIRED');
    expect(await storedKeys(out)).toContain(runKeys.statement(result.runId));
    expect(exitCode).toBe(0);
  });

  it('creates the signing key in .ai-evidence beside the evidence folder when none is given', async () => {
    // Prepare
    const dir = await temp.make('cli-default-key');
    const out = join(dir, 'evidence');

    // Act
    const { stderr } = await run(['assess', '--demo', '--out', out]);

    // Assess
    const keyPath = join(dir, '.ai-evidence', 'signing-key.pem');
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    expect(stderr).toContain(keyPath);
  });

  it('refuses a region that is not an AWS region name', async () => {
    // Prepare
    const { out, key } = await demoFolder();

    // Act
    const attempt = run(['assess', '--demo', '--regions', 'moon-base', '--out', out, '--signing-key', key]);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CommanderError);
  });

  it("is the same wherever it runs: the collectors' settings in the environment do not reach the demo", async () => {
    // Prepare: an allow-list naming the demo's intruder, and an aggregator, set as an operator would for real runs.
    const { out, key } = await demoFolder();
    const saved = { principals: process.env[MODEL_ACCESS_PRINCIPALS_ENV], aggregator: process.env[AGGREGATOR_ENV] };
    process.env[MODEL_ACCESS_PRINCIPALS_ENV] = 'arn:aws:iam::111122223333:user/claims-batch';
    process.env[AGGREGATOR_ENV] = 'org-aggregator';
    try {
      // Act
      await run(['assess', '--demo', '--out', out, '--signing-key', key]);
    } finally {
      for (const [name, value] of [
        [MODEL_ACCESS_PRINCIPALS_ENV, saved.principals],
        [AGGREGATOR_ENV, saved.aggregator],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    // Assess: every model-access lookup of the demo sealed an empty allow-list.
    const lookups = [];
    for (const { text } of await storedItems(out, 'evidence')) {
      const record = JSON.parse(text);
      if (record.source.collector === 'cloudtrail.bedrock-model-access-events') lookups.push(record.data.AllowedPrincipals);
    }
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((list) => Array.isArray(list) && list.length === 0)).toBe(true);
  });
});

describe('ai-evidence verify', () => {
  /** A copy of the first `count` runs of the shared demo chain; the key beside it signed them. */
  async function sealedFolder(count = 1): Promise<{ out: string; key: string; runIds: string[] }> {
    const dir = await temp.make('cli-verify');
    const demo = await sharedDemoStore(dir, count);
    return { out: demo.root, key: join(dir, 'key', 'signing-key.pem'), runIds: demo.runs.map((r) => r.runId) };
  }

  it('exits 0 on an untouched folder, and 1 naming the object after a finding is altered', async () => {
    // Prepare
    const { out } = await sealedFolder();
    const good = await run(['verify', out]);
    const finding = (await storedKeys(out)).find((k) => k.includes('/findings/')) as string;
    const bytes = await readFile(fileOf(out, finding));
    await replaceByte(fileOf(out, finding), 10, (bytes[10] as number) ^ 0x02);

    // Act
    const bad = await run(['verify', out]);

    // Assess
    expect(good.exitCode).toBe(0);
    expect(good.stdout).toMatch(/^OK: /m);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/^FAILED: /m);
    expect(bad.stdout).toContain(finding);
  });

  it('fails when --public-key pins another key, and passes with the signer key', async () => {
    // Prepare
    const { out, key } = await sealedFolder();
    const otherKey = join(await temp.make('cli-other-key'), 'other.pub.pem');
    await writeFile(otherKey, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }));

    // Act
    const pinnedOther = await run(['verify', out, '--public-key', otherKey]);
    process.exitCode = undefined;
    const pinnedOwn = await run(['verify', out, '--public-key', `${key}.pub.pem`]);

    // Assess
    expect(pinnedOther.exitCode).toBe(1);
    expect(pinnedOther.stdout).toContain('statement.dsse.json');
    expect(pinnedOwn.exitCode).toBe(0);
  });

  it('prints the report as JSON with the failing object named', async () => {
    // Prepare
    const { out, runIds } = await sealedFolder();
    const manifest = runKeys.manifest(runIds[0] as string);
    await replaceByte(fileOf(out, manifest), 1, '#'.charCodeAt(0));

    // Act
    const report = JSON.parse((await run(['verify', out, '--json'])).stdout);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.problems.map((p: { object?: string }) => p.object)).toContain(manifest);
  });

  it('with --from/--to checks the runs started in the range in full and the others by their statements, and says so', async () => {
    // Prepare: the oldest run's evidence altered, which only a full check of that run sees.
    const { out, runIds } = await sealedFolder(3);
    const [oldest, , newest] = runIds as [string, string, string];
    const evidence = (await storedKeys(out)).find((k) => k.startsWith(`${runKeys.prefix(oldest)}evidence/`)) as string;
    await replaceByte(fileOf(out, evidence), 10, 0x20);
    const newestStart = JSON.parse(await readFile(fileOf(out, runKeys.manifest(newest)), 'utf8')).startedAt as string;

    // Act
    const ranged = await run(['verify', out, '--from', newestStart, '--json']);
    process.exitCode = undefined;
    const text = await run(['verify', out, '--from', newestStart]);
    process.exitCode = undefined;
    const whole = await run(['verify', out]);
    process.exitCode = undefined;
    const backwards = run(['verify', out, '--from', '2026-02-01', '--to', '2026-01-01']);

    // Assess
    const report = JSON.parse(ranged.stdout);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r: { depth: string }) => r.depth)).toEqual(['statement', 'statement', 'full']);
    expect(text.stdout).toContain(`${oldest}  signed statement and chain link checked (outside the range checked in full)`);
    expect(text.stdout).toMatch(/^OK: every signature and chain link holds; for the 1 run\(s\) checked in full/m);
    expect(whole.exitCode).toBe(1);
    expect(whole.stdout).toContain(evidence);
    await expect(backwards).rejects.toThrow('--from is after --to');
  });
});

describe('ai-evidence findings', () => {
  it('lists every failing resource of the newest sealed run, worst control first, and as JSON', async () => {
    // Prepare
    const dir = await temp.make('cli-findings');
    const demo = await sharedDemoStore(dir, 2);
    const newest = demo.runs[1]?.runId as string;
    const sealed: Finding[] = [];
    for (const k of await storedKeys(demo.root))
      if (k.startsWith(runKeys.prefix(newest)) && k.includes('/findings/'))
        sealed.push(JSON.parse(await readFile(fileOf(demo.root, k), 'utf8')));
    const failing = sealed.filter((f) => f.status === 'FAIL');

    // Act
    const text = await run(['findings', '--status', 'fail', '--dir', demo.root]);
    const json = JSON.parse((await run(['findings', '--status', 'FAIL', '--dir', demo.root, '--json'])).stdout);
    const critical = JSON.parse((await run(['findings', '--severity', 'critical', '--dir', demo.root, '--json'])).stdout);

    // Assess: every FAIL finding once; the most severe first, each control's findings together.
    expect(text.stdout.split('\n')[0]).toBe(
      `Run ${newest}: ${failing.length} of ${sealed.length} finding(s) (FAIL), each checked against the run's manifest; run verify to check its signature.`,
    );
    expect(text.stdout.split('\n').length).toBe(failing.length + 3);
    expect(json.runId).toBe(newest);
    expect(json.findings).toHaveLength(failing.length);
    expect(new Set(json.findings.map((f: Finding) => `${f.controlId} ${f.resource.id}`))).toEqual(
      new Set(failing.map((f) => `${f.controlId} ${f.resource.id}`)),
    );
    const ranks = json.findings.map((f: Finding) => SEVERITIES.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const controls = json.findings.map((f: Finding) => f.controlId);
    expect(controls.filter((c: string, i: number) => i === 0 || controls[i - 1] !== c)).toEqual([...new Set(controls)]);
    expect(critical.findings.length).toBe(sealed.filter((f) => f.severity === 'CRITICAL').length);
    expect(critical.findings.every((f: Finding) => f.severity === 'CRITICAL')).toBe(true);
  });

  it('refuses a status that is not one, naming it', async () => {
    await expect(run(['findings', '--status', 'BROKEN'])).rejects.toThrow(/"BROKEN" is not a finding status/);
  });
});

describe('ai-evidence controls', () => {
  it('lists the whole catalog with its framework mappings as JSON', async () => {
    // Act
    const { stdout } = await run(['controls', '--json']);

    // Assess
    const listed = JSON.parse(stdout);
    expect(listed.controls.map((c: { id: string }) => c.id)).toEqual(catalog.map((c) => c.id));
    for (const control of listed.controls) {
      expect(control.aiRmf.length).toBeGreaterThan(0);
      expect(control.cafAi.length).toBeGreaterThan(0);
      expect(control).not.toHaveProperty('evaluate');
    }
    expect(listed.catalogVersion).toMatch(/^sha256:[0-9a-f]{16}$/);
  });
});

describe('ai-evidence usage errors', () => {
  it('rejects an unknown option with a CommanderError and says which option', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const attempt = buildProgram(io).parseAsync(['verify', '--no-such-option'], { from: 'user' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'commander.unknownOption' });
    expect(io.stderr.join('\n')).toContain('--no-such-option');
  });
});
