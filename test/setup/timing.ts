/**
 * Setup file of every project: writes into each test's meta (which vitest's JSON report carries)
 * its timeout and how long the hooks before it took, so scripts/slow-tests.ts can list every test
 * or hook that came near its timeout. The hooks' time is the gap since the previous test of the
 * file ended (or the file's first hook began): the beforeAll hooks of the suites it enters, and
 * the afterAll hooks of the suites left before it. The file's last afterAll hooks are written into
 * its last test.
 */
import { afterAll, afterEach, beforeAll, beforeEach, type TestContext } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    timeoutMs?: number;
    hookTimeoutMs?: number;
    hooksBeforeMs?: number;
    hooksAfterMs?: number;
  }
}

let mark = 0;
let last: TestContext['task'] | undefined;

beforeAll(() => {
  mark = performance.now();
});

beforeEach((context) => {
  const now = performance.now();
  context.task.meta.timeoutMs = context.task.timeout;
  context.task.meta.hookTimeoutMs = Number(
    (globalThis as { __vitest_worker__?: { config?: { hookTimeout?: number } } }).__vitest_worker__?.config?.hookTimeout ?? 10_000,
  );
  context.task.meta.hooksBeforeMs = Math.round(now - mark);
});

afterEach((context) => {
  mark = performance.now();
  last = context.task;
});

afterAll(() => {
  if (last) last.meta.hooksAfterMs = Math.round(performance.now() - mark);
});
