/**
 * One temporary folder per test run. vitest.config.ts calls {@link prepareRunRoot} when it is
 * loaded (in the main process, once): the folder is made under the OS temp dir, `TMPDIR` points at
 * it for the main process and every worker (so each `mkdtemp(tmpdir())` of a test, of the CLI it
 * spawns and of Chromium lands there), and it is removed when the run's process exits, passed,
 * failed or interrupted (Ctrl-C ends vitest through `process.exit`). A run killed outright cannot
 * clean up; the next run removes the folders of runs whose process is gone.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RUN_ROOT_PREFIX = 'ai-evidence-tests-';

/** Whether a process with this id is running (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the run folders under `base` whose run (the pid in the name) has ended. */
export function sweepStaleRunRoots(base: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = new RegExp(`^${RUN_ROOT_PREFIX}(\\d+)-`).exec(name);
    if (!match || alive(Number(match[1]))) continue;
    rmSync(join(base, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Makes this run's folder, points TMPDIR at it, and removes it when the process exits. */
export function prepareRunRoot(): string {
  // The config can be loaded twice in one process; a root inherited from another process is not ours.
  const existing = process.env.AI_EVIDENCE_TEST_ROOT;
  if (existing?.includes(`${RUN_ROOT_PREFIX}${process.pid}-`)) return existing;
  const base = tmpdir();
  sweepStaleRunRoots(base);
  const root = mkdtempSync(join(base, `${RUN_ROOT_PREFIX}${process.pid}-`));
  mkdirSync(join(root, 'fixtures'), { recursive: true });
  process.env.AI_EVIDENCE_TEST_ROOT = root;
  process.env.TMPDIR = root;
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  return root;
}
