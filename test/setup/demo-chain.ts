/**
 * Global setup of the `unit` project: seals one chain of demo runs for the whole test run, under
 * the run's temporary folder (test/setup/run-root.ts), and provides where it is as
 * `inject('demoChain')`. Tests never use it in place: `sharedDemoStore` (test/helpers/demo-store.ts)
 * gives each test a copy made of hard links (cheap, and a tampering test replaces the files it
 * changes instead of writing into them), so the pristine chain is built once instead of in every
 * file that needs sealed runs.
 */
import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { assessDemo } from '../helpers/demo-assess.js';

/** Runs in the shared chain: tests take a prefix of it (the first 1, 2 or 3 runs). */
export const DEMO_CHAIN_RUNS = 3;

export interface DemoChainRun {
  runId: string;
  startedAt: string;
  finishedAt: string;
  evidenceCount: number;
  findingCount: number;
}

export interface DemoChain {
  /** The store folder (`runs/<runId>/...`). */
  evidence: string;
  /** The signing key's PEM file (its public key beside it, `.pub.pem`). */
  key: string;
  runs: DemoChainRun[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoChain: DemoChain;
  }
}

async function readOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) await chmod(join(entry.parentPath, entry.name), 0o444);
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const root = process.env.AI_EVIDENCE_TEST_ROOT;
  if (!root) throw new Error('AI_EVIDENCE_TEST_ROOT is not set: vitest.config.ts makes the run folder before any setup.');
  const dir = join(root, 'fixtures', 'demo-chain');
  const { LocalFolderStore } = await import('../../lib/store/local.js');
  const { loadOrCreateLocalSigner } = await import('../../lib/seal/local-signer.js');
  const evidence = join(dir, 'evidence');
  const key = join(dir, 'key', 'signing-key.pem');
  const store = new LocalFolderStore(evidence);
  const { signer } = await loadOrCreateLocalSigner(key);
  const runs: DemoChainRun[] = [];
  for (let i = 0; i < DEMO_CHAIN_RUNS; i++) {
    const run = await assessDemo(store, signer);
    runs.push({
      runId: run.runId,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      evidenceCount: run.evidenceCount,
      findingCount: run.findings.length,
    });
  }
  await readOnly(evidence);
  project.provide('demoChain', { evidence, key, runs });
}
