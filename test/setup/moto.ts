/**
 * Vitest global setup of the `integration` project: finds a Python with moto server (installing it
 * into `.venv-moto/` when there is none), starts `moto.server` on 127.0.0.1 and a free port, and
 * provides its endpoint to the tests as `inject('moto')`. Without moto the integration tests are
 * skipped with the reason printed, except when CI is set: then the run fails.
 *
 * Always 127.0.0.1, never `localhost`: with `localhost` the S3 client addresses buckets as
 * virtual hosts (`bucket.localhost`), which do not resolve.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/** The moto release the virtualenv gets; a moto found elsewhere is used whatever its version. */
export const MOTO_VERSION = '5.2.1';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VENV = join(ROOT, '.venv-moto');
const START_TIMEOUT_MS = 30_000;
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export interface MotoContext {
  /** `http://127.0.0.1:PORT`, or null when moto could not be had (the integration tests skip). */
  endpoint: string | null;
  /** Why there is no endpoint. */
  reason: string | null;
  /** The Python that runs moto server, for a test that needs a server of its own (e.g. with authorization enforced). */
  python: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    moto: MotoContext;
  }
}

const log = (text: string) => process.stderr.write(`[moto] ${text}\n`);

function isCi(): boolean {
  const value = (process.env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

function venvPython(): string {
  return process.platform === 'win32' ? join(VENV, 'Scripts', 'python.exe') : join(VENV, 'bin', 'python');
}

interface Exit {
  code: number | null;
  /** stdout and stderr interleaved, the last 8 KiB. */
  output: string;
  error?: Error;
}

/** Runs a command to its end (or the timeout), keeping the tail of its output. */
function run(command: string, args: readonly string[], timeoutMs: number): Promise<Exit> {
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8192);
    };
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    } catch (error) {
      resolve({ code: null, output, error: error as Error });
      return;
    }
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => resolve({ code: null, output, error }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function hasMotoServer(python: string): Promise<boolean> {
  return (await run(python, ['-c', 'import moto.server'], 60_000)).code === 0;
}

function failure(what: string, exit: Exit): string {
  const detail = exit.error ? exit.error.message : `exit code ${exit.code}`;
  const tail = exit.output.trim().split('\n').slice(-15).join('\n');
  return `${what} failed (${detail})${tail ? `:\n${tail}` : ''}`;
}

/** A Python that can `import moto.server`: the project virtualenv, the system python3, or a new virtualenv. */
async function findPython(): Promise<{ python: string } | { reason: string }> {
  const venv = venvPython();
  if (existsSync(venv) && (await hasMotoServer(venv))) return { python: venv };
  if (await hasMotoServer('python3')) return { python: 'python3' };

  const existed = existsSync(venv);
  if (!existed) {
    const version = await run('python3', ['--version'], 30_000);
    if (version.code !== 0) return { reason: failure('python3 --version (moto server needs Python 3)', version) };
    log(`Creating ${VENV} for moto server...`);
    const created = await run('python3', ['-m', 'venv', VENV], 120_000);
    if (created.code !== 0) return { reason: failure(`python3 -m venv ${VENV} (on Debian: apt-get install python3-venv)`, created) };
  }
  log(`Installing moto[server]==${MOTO_VERSION} into ${VENV} (only when missing; takes a minute)...`);
  const installed = await run(
    venv,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--retries', '2', '--quiet', `moto[server]==${MOTO_VERSION}`],
    INSTALL_TIMEOUT_MS,
  );
  if (installed.code !== 0) {
    const hint = existed ? `; if ${VENV} is broken, delete it and it is made anew` : '';
    return { reason: failure(`pip install "moto[server]==${MOTO_VERSION}" into ${VENV}${hint}`, installed) };
  }
  if (!(await hasMotoServer(venv))) {
    return { reason: `moto[server]==${MOTO_VERSION} was installed into ${VENV} but "import moto.server" fails.` };
  }
  return { python: venv };
}

/** A port that was free a moment ago: bind port 0, read the port, close. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts moto server and waits until it answers; retries on a new port if the process dies (e.g. the port was taken). */
export async function startMoto(python: string): Promise<{ endpoint: string; child: ChildProcess } | { reason: string }> {
  let reason = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
    // MOTO_ACCOUNT_ID would put every request in one account; the tests use one account each.
    delete env.MOTO_ACCOUNT_ID;
    const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // moto logs every request; read its output (a full pipe would block it) and keep the tail for errors.
    let output = '';
    // MOTO_REQUEST_LOG=<file> keeps every request line, to count what a test asks of moto.
    const requestLog = process.env.MOTO_REQUEST_LOG ? createWriteStream(process.env.MOTO_REQUEST_LOG) : undefined;
    const keep = (chunk: Buffer) => {
      requestLog?.write(chunk);
      output = (output + chunk.toString('utf8')).slice(-4096);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let spawnError: Error | undefined;
    child.on('error', (error) => {
      spawnError = error;
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null && spawnError === undefined) {
      if (await answers(endpoint)) {
        const killOnExit = () => child.kill('SIGKILL');
        process.once('exit', killOnExit);
        child.once('exit', () => process.off('exit', killOnExit));
        return { endpoint, child };
      }
      await sleep(100);
    }
    await stop(child);
    const tail = output.trim().split('\n').slice(-10).join('\n');
    reason = spawnError
      ? `${python} -m moto.server could not be started: ${spawnError.message}`
      : `${python} -m moto.server on ${endpoint} ${child.exitCode !== null ? `exited with code ${child.exitCode}` : `did not answer within ${START_TIMEOUT_MS / 1000} s`}${tail ? `:\n${tail}` : ''}`;
    if (spawnError) break;
  }
  return { reason };
}

function unavailable(project: TestProject, reason: string): void {
  const message = `moto server is not available, so the integration tests (test/integration) cannot run.\nReason: ${reason}`;
  if (isCi()) {
    throw new Error(
      `${message}\nCI is set, so this fails the run: CI must run the integration tests. Make python3 (with venv and pip) and PyPI reachable, or pre-install moto[server]==${MOTO_VERSION}.`,
    );
  }
  log(`${message}\n[moto] SKIPPING the integration tests (with CI=true this would fail the run).`);
  project.provide('moto', { endpoint: null, reason, python: null });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const found = await findPython();
  if ('reason' in found) {
    unavailable(project, found.reason);
    return undefined;
  }
  const started = await startMoto(found.python);
  if ('reason' in started) {
    unavailable(project, started.reason);
    return undefined;
  }
  log(`moto server (${found.python}) listening on ${started.endpoint}`);
  project.provide('moto', { endpoint: started.endpoint, reason: null, python: found.python });
  return () => stop(started.child);
}
