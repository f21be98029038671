import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (test/**, everything but test/integration) and `integration`, which talks
 * HTTP to a moto server that its global setup starts (test/setup/moto.ts). A project's global
 * setup runs only when that project has tests in the run, so `vitest run --project unit` (or a
 * filter that names only unit test files) never starts or installs moto.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/integration/**'],
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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
