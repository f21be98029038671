import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { main } from '../../lib/cli/main.js';
import { fileOf, replaceByte, storedKeys } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

let stdout: MockInstance;
let stderr: MockInstance;
beforeEach(() => {
  process.exitCode = undefined;
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const printed = (spy: MockInstance) => spy.mock.calls.map((c) => String(c[0])).join('');

describe('main', () => {
  it('returns 0 for a good folder and 1, naming the object, once an evidence record is altered', async () => {
    // Prepare
    const dir = await temp.make('main');
    const out = join(dir, 'evidence');
    expect(await main(['assess', '--demo', '--out', out, '--signing-key', join(dir, 'key.pem')])).toBe(0);
    const good = await main(['verify', out]);
    // A sharded run: one evidence pack of an account (a byte near its end is in its last record).
    const record = (await storedKeys(out)).find((k) => k.endsWith('/evidence.jsonl') && !k.includes('/shards/run/')) as string;
    const bytes = await readFile(fileOf(out, record));
    await replaceByte(fileOf(out, record), bytes.length - 3, (bytes[bytes.length - 3] as number) ^ 0x01);
    process.exitCode = undefined;
    stdout.mockClear();

    // Act
    const bad = await main(['verify', out]);

    // Assess
    expect(good).toBe(0);
    expect(bad).toBe(1);
    expect(printed(stdout)).toContain(record);
  });

  it.each([
    ['an unknown option', ['assess', '--no-such-option']],
    ['an unknown command', ['inspect']],
    ['a missing option argument', ['assess', '--out']],
    ['a public key file that does not exist', ['verify', '.', '--public-key', '/nonexistent/ai-evidence/key.pem']],
  ])('returns exit code 2 for %s', async (_name, argv) => {
    // Act
    const code = await main(argv);

    // Assess
    expect(code).toBe(2);
    expect(printed(stderr).length).toBeGreaterThan(0);
  });

  it('returns 0 and prints the package version for --version', async () => {
    // Prepare
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));

    // Act
    const code = await main(['--version']);

    // Assess
    expect(code).toBe(0);
    expect(printed(stdout)).toContain(version);
  });
});
