import { configDefaults, defineConfig } from 'vitest/config';
import { prepareRunRoot } from './test/setup/run-root.js';

/**
 * Two projects: `unit` (test/**, everything but test/integration) and `integration`, which talks
 * HTTP to a moto server that its global setup starts (test/setup/moto.ts). A project's global
 * setup runs only when that project has tests in the run, so `vitest run --project unit` (or a
 * filter that names only unit test files) never starts or installs moto.
 *
 * Every temporary folder of a run lives under one folder made here (TMPDIR points at it for the
 * run's processes) and removed when the run ends: see test/setup/run-root.ts. docs/TESTING.md says
 * how the suite is laid out and which fixtures are shared.
 */
const runRoot = prepareRunRoot();

/**
 * Pure tests (no SDK mocks on client prototypes, no module mocks, no environment changes) share
 * their workers' module graph: a control test file otherwise spends about ten times as long
 * importing the catalog as it spends testing.
 */
const SHARED_WORKER = ['test/controls/**/*.test.ts', 'test/frameworks/**/*.test.ts'];

export default defineConfig({
  test: {
    env: { TMPDIR: runRoot, AI_EVIDENCE_TEST_ROOT: runRoot },
    // vitest's default on 2 CPUs is one worker (CPUs - 1), which runs the suite file after file
    // while the integration files mostly wait on moto server, a process of its own. Three keep
    // both CPUs busy.
    maxWorkers: 3,
    // Timeouts guard against hangs; they are not budgets. vitest's 5 s default is one on a 2-CPU
    // machine running three workers: a test that seals or verifies a demo run (about a thousand
    // objects) takes 0.5 s alone and 2-4 s there, and twice that while anything else runs. 30 s
    // (60 s for hooks, which build shared fixtures) keeps every test under a quarter of its timeout.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every test records its timeout, so scripts/slow-tests.ts can compare it with the duration.
    setupFiles: ['test/setup/timing.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/integration/**', ...SHARED_WORKER],
          // The demo chain that the seal, verify, export and publish tests read, sealed once.
          globalSetup: ['test/setup/demo-chain.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'unit-shared',
          include: SHARED_WORKER,
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/moto.ts'],
          // The tests create SDK clients before they point the environment at moto. moto answers
          // the APIs it lacks with server errors, which the SDK retries with backoff: two attempts
          // (the SDK's own AWS_MAX_ATTEMPTS, which our clients honour) keep one retry instead of
          // five, and cut minutes of waiting from the run.
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_MAX_ATTEMPTS: '2' },
          // Every test here is hundreds of HTTP requests to the one moto process the integration
          // files share (some 5 ms of its CPU each), so its time follows the other files' load:
          // 3-6 s alone, up to 18 s in a fresh-clone CI run. 90 s (120 s for hooks, which seed
          // estates) stays a hang guard with every test under a quarter of it.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
