import { copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { inject } from 'vitest';
import type { AssessResult } from '../../lib/pipeline/assess.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import { ManifestSchema } from '../../lib/seal/manifest.js';
import { type SealedRun, sealRun } from '../../lib/seal/seal.js';
import type { Signer } from '../../lib/seal/signer.js';
import type { VerifyReport } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { type EvidenceStore, runKeys } from '../../lib/store/types.js';
import type { DemoChainRun } from '../setup/demo-chain.js';
import { assessDemo } from './demo-assess.js';

export { assessDemo };

/** What a test knows of a sealed demo run; the objects themselves are read from the store. */
export type DemoRun = DemoChainRun;

export interface DemoStore {
  /** The store's folder. */
  root: string;
  store: LocalFolderStore;
  signer: Signer;
  runs: DemoRun[];
}

function demoRun(run: AssessResult): DemoRun {
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    evidenceCount: run.evidenceCount,
    findingCount: run.findings.length,
  };
}

/** Hard-links every file under `from` into the same place under `to`. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory()) await linkTree(source, target);
      else await link(source, target);
    }),
  );
}

/**
 * The first `count` runs (1 to 3) of the demo chain that the unit project's global setup sealed
 * once for the whole run (test/setup/demo-chain.ts), as a store of its own in `<dir>/evidence`
 * signed by the chain's key in `<dir>/key/`. The store's files are hard links to the pristine
 * chain: read them freely, and change them only through {@link overwrite}, {@link replaceByte} or
 * by deleting them, which replace or unlink the link and never write into the shared file.
 */
export async function sharedDemoStore(dir: string, count: number): Promise<DemoStore> {
  const chain = inject('demoChain');
  if (count < 1 || count > chain.runs.length) throw new Error(`the shared demo chain has ${chain.runs.length} runs, not ${count}`);
  const runs = chain.runs.slice(0, count);
  const root = join(dir, 'evidence');
  await Promise.all(runs.map((r) => linkTree(join(chain.evidence, 'runs', r.runId), join(root, 'runs', r.runId))));
  const key = join(dir, 'key', 'signing-key.pem');
  await mkdir(dirname(key), { recursive: true });
  await copyFile(chain.key, key);
  await copyFile(`${chain.key}.pub.pem`, `${key}.pub.pem`);
  const { signer } = await loadOrCreateLocalSigner(key);
  return { root, store: new LocalFolderStore(root), signer, runs };
}

/** `count` chained demo runs in `<dir>/evidence`, signed by a new local key in `<dir>/key/`. */
export async function buildDemoStore(dir: string, count: number): Promise<DemoStore> {
  const root = join(dir, 'evidence');
  const store = new LocalFolderStore(root);
  const { signer } = await loadOrCreateLocalSigner(join(dir, 'key', 'signing-key.pem'));
  const runs: DemoRun[] = [];
  for (let i = 0; i < count; i++) runs.push(demoRun(await assessDemo(store, signer)));
  return { root, store, signer, runs };
}

/** The file that holds `key` in a folder store. */
export function fileOf(root: string, key: string): string {
  return join(root, ...key.split('/'));
}

/** Every object key in a folder store, sorted. */
export async function storedKeys(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * The sealed items of a folder store of either format, read from the files as they are (not
 * checked): each record or finding's text, with the file it is in (its own file in a run sealed
 * before shards, its shard's pack in a sharded run). For tests that look into what was sealed.
 */
export async function storedItems(root: string, kind: 'evidence' | 'findings'): Promise<{ file: string; text: string }[]> {
  const items: { file: string; text: string }[] = [];
  for (const key of await storedKeys(root)) {
    if (key.endsWith(`/shards/${key.split('/')[3]}/${kind}.jsonl`)) {
      const text = await readFile(fileOf(root, key), 'utf8');
      for (const line of text.split('\n')) if (line !== '') items.push({ file: key, text: line });
    } else if (new RegExp(`^runs/[^/]+/${kind}/[0-9a-f]{64}\\.json$`).test(key)) {
      items.push({ file: key, text: await readFile(fileOf(root, key), 'utf8') });
    }
  }
  return items;
}

/**
 * Replaces a read-only stored file with other bytes, as an attacker with file access would. The
 * new bytes go to a new file renamed over the old name, so a hard-linked copy of the shared demo
 * chain never writes into the pristine file.
 */
export async function overwrite(path: string, bytes: Uint8Array): Promise<void> {
  const next = `${path}.tamper-${process.pid}`;
  await writeFile(next, bytes, { mode: 0o444 });
  await rename(next, path);
}

/** Restores a file a test deleted, as a new read-only file (never through a shared link). */
export async function restore(path: string, bytes: Uint8Array): Promise<void> {
  await rm(path, { force: true });
  await writeFile(path, bytes, { mode: 0o444 });
}

/** Replaces the byte at `offset` of a stored file with `value`; returns the original bytes. */
export async function replaceByte(path: string, offset: number, value: number): Promise<Buffer> {
  const original = await readFile(path);
  const altered = Buffer.from(original);
  altered[offset] = value;
  await overwrite(path, altered);
  return original;
}

/** True when some problem of the report is about `key`: it names it as its object or in its message. */
export function names(report: VerifyReport, key: string): boolean {
  return report.problems.some((p) => p.object === key || p.message.includes(key));
}

/**
 * Seals a stored run again, from its stored manifest and objects, with another signer; with
 * `withoutControls`, as a tool that did not record control versions would have sealed it.
 */
export async function resealWith(store: EvidenceStore, runId: string, signer: Signer, withoutControls = false): Promise<SealedRun> {
  const manifest = ManifestSchema.parse(JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')));
  const objects = (kind: 'evidence' | 'finding') =>
    Promise.all(
      manifest.items
        .filter((i) => i.kind === kind)
        .map(async (i) => ({ bytes: (await store.get(i.key)).toString('utf8'), sha256: i.sha256 })),
    );
  return sealRun({
    runId,
    startedAt: manifest.startedAt,
    finishedAt: manifest.finishedAt,
    toolVersion: manifest.toolVersion,
    catalogVersion: manifest.catalogVersion,
    ...(manifest.controls === undefined || withoutControls ? {} : { controls: manifest.controls }),
    scopes: manifest.scopes,
    coverage: manifest.coverage,
    evidence: await objects('evidence'),
    findings: await objects('finding'),
    previous: manifest.previous,
    signer,
  });
}
