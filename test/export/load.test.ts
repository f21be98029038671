import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../lib/controls/types.js';
import { canonicalJson } from '../../lib/evidence/canonical.js';
import { loadSealedRun, SealedRunReadError } from '../../lib/export/load.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo, type DemoStore, fileOf, replaceByte, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let demo: DemoStore;

beforeEach(async () => {
  demo = await sharedDemoStore(await temp.make('load'), 1);
});
afterEach(() => temp.removeAll());

function runId(): string {
  return demo.runs[0]?.runId as string;
}

async function firstKey(folder: 'evidence' | 'findings'): Promise<string> {
  const keys = await demo.store.list(`${runKeys.prefix(runId())}${folder}/`);
  return keys[0] as string;
}

async function expectFailureNaming(key: string): Promise<void> {
  const error = await loadSealedRun(demo.store, runId()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SealedRunReadError);
  expect((error as SealedRunReadError).key).toBe(key);
  expect((error as Error).message).toContain(key);
}

describe('loadSealedRun', () => {
  it('reads back every evidence record and finding of a run, as sealed', async () => {
    // Compared with what sealing returned in memory, so this test seals a run of its own.
    const dir = await temp.make('load-fresh');
    const store = new LocalFolderStore(join(dir, 'evidence'));
    const { signer } = await loadOrCreateLocalSigner(join(dir, 'key.pem'));
    const result = await assessDemo(store, signer);
    const run = await loadSealedRun(store, result.runId);
    expect(run.runId).toBe(result.runId);
    expect(run.statementSha256).toBe(result?.sealed.statementSha256);
    expect(run.manifest.merkle.root).toBe(result?.sealed.merkleRoot);
    expect(run.evidence).toHaveLength(result?.evidenceCount as number);
    const canonical = (findings: readonly Finding[]) => findings.map((f) => canonicalJson(f)).sort();
    expect(canonical(run.findings.map((f) => f.finding))).toEqual(canonical(result?.findings ?? []));
    for (const e of run.evidence) expect(e.key).toBe(runKeys.object(result.runId, 'evidence', e.sha256, 'json'));
  });

  it('fails naming an evidence record whose bytes were altered', async () => {
    const key = await firstKey('evidence');
    // Byte 2 is inside the first member name: the object still parses but no longer matches its digest.
    await replaceByte(fileOf(demo.root, key), 2, 'X'.charCodeAt(0));
    await expectFailureNaming(key);
  });

  it('fails naming a finding whose bytes were altered', async () => {
    const key = await firstKey('findings');
    await replaceByte(fileOf(demo.root, key), 2, 'X'.charCodeAt(0));
    await expectFailureNaming(key);
  });

  it('fails naming a manifest that no longer matches the signed statement', async () => {
    const key = runKeys.manifest(runId());
    await replaceByte(fileOf(demo.root, key), 3, 'X'.charCodeAt(0));
    await expectFailureNaming(key);
  });

  it('fails naming an object the manifest lists that is missing', async () => {
    const key = await firstKey('evidence');
    await unlink(fileOf(demo.root, key));
    await expectFailureNaming(key);
  });

  it('fails naming the statement of a run that has none', async () => {
    await unlink(fileOf(demo.root, runKeys.statement(runId())));
    await expectFailureNaming(runKeys.statement(runId()));
  });
});
