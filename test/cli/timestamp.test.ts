import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TSA_ROOT_FILE } from '../../lib/demo/tsa.js';
import { runKeys } from '../../lib/store/types.js';
import { storedKeys } from '../helpers/demo-store.js';
import { runProgram as run } from '../helpers/io.js';
import { TempDirs } from '../helpers/temp.js';
import { startDeadTsa, startTestTsa, type TestTsa } from '../helpers/tsa.js';

const temp = new TempDirs();
let out: string;
let key: string;
let runId: string;
let statementSha256: string;
let other: TestTsa;

beforeAll(async () => {
  const dir = await temp.make('cli-tsa');
  out = join(dir, 'evidence');
  key = join(dir, 'keys', 'signing-key.pem');
  other = await startTestTsa(await temp.make('tsa-other'), 'other');
  const { stdout } = await run(['assess', '--demo', '--json', '--out', out, '--signing-key', key]);
  const result = JSON.parse(stdout);
  runId = result.runId;
  process.exitCode = undefined;
  const verified = await run(['verify', out, '--json']);
  statementSha256 = JSON.parse(verified.stdout).head.statementSha256;
});
afterAll(async () => {
  await other.close();
  await temp.removeAll();
});
afterEach(() => {
  process.exitCode = undefined;
});

describe('assess --demo with the DEMO TSA', () => {
  it('seals the run with a token from the demo TSA, stored beside its statement', async () => {
    // Assess
    const keys = await storedKeys(out);
    expect(keys).toEqual(expect.arrayContaining([runKeys.timestamp(runId), runKeys.tsaChain(runId)]));
  });

  it('verify names the demo token and the head with its trusted time, and passes --max-age and --expect-head', async () => {
    // Act
    const { stdout, exitCode } = await run(['verify', out, '--max-age', '1h', '--expect-head', statementSha256]);

    // Assess
    expect(stdout).toMatch(new RegExp(`OK .*${runId} .*, timestamp \\S+ by the DEMO TSA`));
    expect(stdout).toContain('TSA anchors: the DEMO TSA root');
    expect(stdout).toMatch(new RegExp(`head: run ${runId}, statement ${statementSha256}, trusted time \\S+ from its DEMO timestamp token`));
    expect(stdout).toMatch(/warning: The timestamp of run .* is from the DEMO TSA/);
    expect(exitCode).toBe(0);
  });

  it('verify fails another expected head and a TSA root that is not the demo one, naming why', async () => {
    // Act
    const head = await run(['verify', out, '--expect-head', '0'.repeat(64)]);
    process.exitCode = undefined;
    const pinned = await run(['verify', out, '--tsa-ca', other.caFile]);
    const demoPinned = await run(['verify', out, '--tsa-ca', DEMO_TSA_ROOT_FILE]);

    // Assess
    expect(head.stdout).toMatch(/not at the expected head 0{64}/);
    expect(head.exitCode).toBe(1);
    expect(pinned.stdout).toMatch(/does not chain to the pinned TSA anchors/);
    expect(pinned.exitCode).toBe(1);
    expect(demoPinned.stdout).toMatch(/^OK: /m);
  });
});

describe('assess with a TSA that is down', () => {
  it('seals and verifies the run without a token, and shows the TSA failure among the coverage gaps', async () => {
    // Prepare
    const down = await startDeadTsa('fail');
    const dir = await temp.make('cli-tsa-down');
    try {
      // Act
      const { stdout, stderr, exitCode } = await run([
        'assess',
        '--demo',
        '--out',
        join(dir, 'evidence'),
        '--signing-key',
        join(dir, 'key.pem'),
        '--tsa-url',
        down.url,
        '--tsa-ca',
        other.caFile,
        // One row per collector, the TSA's among them.
        '--details',
      ]);

      // Assess
      expect(stdout).toMatch(/seal\.timestamp\s+FAILED\s+TimeStampRequest: HttpError/);
      expect(stderr).toMatch(/timestamp: none, the run is sealed without one/);
      expect(stdout).toMatch(/, no timestamp$/m);
      expect(exitCode).toBe(0);
    } finally {
      await down.close();
    }
  });

  it('refuses --tsa-url without --tsa-ca', async () => {
    // Act
    const attempt = run([
      'assess',
      '--demo',
      '--out',
      join(await temp.make('cli-tsa-usage'), 'evidence'),
      '--tsa-url',
      'https://tsa.example/',
    ]);

    // Assess
    await expect(attempt).rejects.toThrow(/--tsa-url needs --tsa-ca/);
  });
});
