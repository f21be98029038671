import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, UsageError } from '../../lib/cli/program.js';
import { runKeys } from '../../lib/store/types.js';
import { parseDateBound } from '../../lib/util/dates.js';
import { type DemoRun, type DemoStore, fileOf, replaceByte, sharedDemoStore, storedKeys } from '../helpers/demo-store.js';
import { captureIo } from '../helpers/io.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let demo: DemoStore;
let dir: string;

beforeAll(async () => {
  dir = await temp.make('bundle-cli');
  demo = await sharedDemoStore(dir, 2);
});
afterAll(() => temp.removeAll());
afterEach(() => {
  process.exitCode = undefined;
});

async function run(args: string[]) {
  const io = captureIo();
  await buildProgram(io).parseAsync(args, { from: 'user' });
  return { stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n'), exitCode: process.exitCode ?? 0 };
}

describe('ai-evidence export and verify bundle.zip', { timeout: 60_000 }, () => {
  it('exports the runs in the range and verifies the bundle; a changed byte makes verify exit 1 naming the entry', async () => {
    const out = join(dir, 'bundle.zip');
    const exported = await run(['export', '--from', '2000-01-01', '--to', '2100-12-31', '--dir', demo.root, '--out', out]);
    expect(exported.stdout).toContain('Exported 2 run(s)');
    expect((await stat(out)).size).toBeGreaterThan(0);

    const verified = await run(['verify', out]);
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout).toMatch(/^OK: /m);
    expect(verified.stdout).toContain('is the first run of its store');
    expect(verified.stdout).toContain('findings re-evaluated');

    const files = unzipSync(await readFile(out));
    const finding = Object.keys(files).find((n) => n.includes('/findings/')) as string;
    const bytes = files[finding] as Uint8Array;
    bytes[3] = (bytes[3] as number) ^ 0x01;
    const bad = join(dir, 'bad.zip');
    await writeFile(bad, zipSync(files));
    const failed = await run(['verify', bad]);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/^FAILED: /m);
    expect(failed.stdout).toContain(finding);

    const json = JSON.parse((await run(['verify', bad, '--json'])).stdout);
    expect(json.problems.map((p: { object?: string }) => p.object)).toContain(finding);
  });

  it('pins the signer key with --public-key', async () => {
    const out = join(dir, 'pinned.zip');
    await run(['export', '--from', '2000-01-01', '--to', '2100-12-31', '--dir', demo.root, '--out', out]);
    const keyFile = join(dir, 'key', 'signing-key.pem.pub.pem');
    expect((await run(['verify', out, '--public-key', keyFile])).exitCode).toBe(0);
  });

  it('refuses with a usage error when no run started in the range', async () => {
    const attempt = run(['export', '--from', '2001-01-01', '--to', '2001-12-31', '--dir', demo.root, '--out', join(dir, 'none.zip')]);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(/No run/);
    await expect(stat(join(dir, 'none.zip'))).rejects.toThrow();
  });

  it('refuses with a usage error when the store does not verify, and writes nothing', async () => {
    const broken = await sharedDemoStore(await temp.make('bundle-cli-broken'), 1);
    const key = runKeys.manifest(broken.runs[0]?.runId as string);
    await replaceByte(fileOf(broken.root, key), 3, 'X'.charCodeAt(0));
    const io = captureIo();
    const out = join(dir, 'broken.zip');
    const attempt = buildProgram(io).parseAsync(
      ['export', '--from', '2000-01-01', '--to', '2100-12-31', '--dir', broken.root, '--out', out],
      {
        from: 'user',
      },
    );
    await expect(attempt).rejects.toThrow(/does not verify/);
    expect(io.stderr.join('\n')).toContain(key);
    await expect(stat(out)).rejects.toThrow();
  });
});

describe('export of a range', () => {
  it('checks the runs it exports in full and the rest of the chain by its statements: an altered object outside the range does not stop it, one inside does', async () => {
    // Prepare: the oldest of three runs has an altered evidence record.
    const chain = await sharedDemoStore(await temp.make('bundle-cli-range'), 3);
    const [oldest, , newest] = chain.runs as [DemoRun, DemoRun, DemoRun];
    const evidence = (await storedKeys(chain.root)).find((k) => k.startsWith(`${runKeys.prefix(oldest.runId)}evidence/`)) as string;
    await replaceByte(fileOf(chain.root, evidence), 10, 0x20);
    const newestOnly = ['--from', newest.startedAt, '--to', newest.startedAt, '--dir', chain.root];

    // Act
    const exported = await run(['export', ...newestOnly, '--out', join(dir, 'newest.zip')]);
    const verified = await run(['verify', join(dir, 'newest.zip')]);
    const io = captureIo();
    const refused = buildProgram(io).parseAsync(
      ['export', '--from', oldest.startedAt, '--to', newest.startedAt, '--dir', chain.root, '--out', join(dir, 'all.zip')],
      { from: 'user' },
    );

    // Assess
    await expect(refused).rejects.toThrow(/does not verify/);
    expect(exported.stdout).toContain('Exported 1 run(s)');
    expect(verified.exitCode).toBe(0);
    expect(io.stderr.join('\n')).toContain(evidence);
    await expect(stat(join(dir, 'all.zip'))).rejects.toThrow();
  });
});

describe('parseDateBound', () => {
  it('reads a day as its start or its end, UTC, and an ISO time with its zone', () => {
    expect(parseDateBound('2026-11-26', false).toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(parseDateBound('2026-11-26', true).toISOString()).toBe('2026-11-26T23:59:59.999Z');
    expect(parseDateBound('2026-11-26T12:00:00+02:00', false).toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(() => parseDateBound('yesterday', false)).toThrow(/not a date/);
    expect(() => parseDateBound('2026-11-26T12:00:00', false)).toThrow(/not a date/);
  });
});
