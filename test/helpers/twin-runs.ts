import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { localSigner } from '../../lib/seal/local-signer.js';
import type { Signer } from '../../lib/seal/signer.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { assessDemo } from './demo-assess.js';

/** One demo run in a store of its own. */
export interface TwinRun {
  root: string;
  store: LocalFolderStore;
  runId: string;
}

/** The start time of both twins: the same estate judged at the same time gives the same findings, byte for byte. */
export const TWIN_STARTED = new Date('2026-12-01T09:00:00.000Z');

/**
 * The demo estate assessed twice at the same time with the same key, once sealed as a v1 run and
 * once as a sharded (v2) run, each in a store of its own under `dir`: what a reader of both formats
 * must read alike.
 */
export async function twinRuns(
  dir: string,
  signer: Signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
): Promise<{ v1: TwinRun; v2: TwinRun; signer: Signer }> {
  const make = async (format: 1 | 2): Promise<TwinRun> => {
    const root = join(dir, `v${format}`);
    const store = new LocalFolderStore(root);
    const run = await assessDemo(store, signer, () => TWIN_STARTED, undefined, undefined, format);
    return { root, store, runId: run.runId };
  };
  return { v1: await make(1), v2: await make(2), signer };
}
