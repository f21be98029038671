import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { loadAttestations } from '../../lib/attestations/load.js';
import { DEMO_ATTESTATIONS_DIR, DEMO_TRUSTED_ATTESTERS_DIR } from '../../lib/cli/attest.js';
import { demoEstate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { type AssessResult, assess } from '../../lib/pipeline/assess.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import { ManifestSchema } from '../../lib/seal/manifest.js';
import { type SealedRun, sealRun } from '../../lib/seal/seal.js';
import type { Signer } from '../../lib/seal/signer.js';
import type { VerifyReport } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { type EvidenceStore, runKeys } from '../../lib/store/types.js';

// The demo estate runs real SDK clients; keep their Node version notice out of the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface DemoStore {
  /** The store's folder. */
  root: string;
  store: LocalFolderStore;
  signer: Signer;
  runs: AssessResult[];
}

/** Assesses the bundled demo estate once into `store`, with the demo's signed attestations and trust list, as `assess --demo` does. */
export async function assessDemo(store: EvidenceStore, signer: Signer, now?: () => Date): Promise<AssessResult> {
  const scopes = estateScopes(demoEstate);
  const { records } = await loadAttestations(DEMO_ATTESTATIONS_DIR, new Date('2026-11-01T00:00:00.000Z'), {
    dir: DEMO_TRUSTED_ATTESTERS_DIR,
    accountId: scopes[0]?.accountId ?? '111122223333',
  });
  return assess({
    store,
    signer,
    scopes,
    clientsFor: (accountId) => estateClients(demoEstate, accountId),
    attestations: records,
    ...(now ? { now } : {}),
  });
}

/** `count` chained demo runs in `<dir>/evidence`, signed by a new local key in `<dir>/key/`. */
export async function buildDemoStore(dir: string, count: number): Promise<DemoStore> {
  const root = join(dir, 'evidence');
  const store = new LocalFolderStore(root);
  const { signer } = await loadOrCreateLocalSigner(join(dir, 'key', 'signing-key.pem'));
  const runs: AssessResult[] = [];
  for (let i = 0; i < count; i++) runs.push(await assessDemo(store, signer));
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

/** Rewrites a read-only stored file in place, as an attacker with file access would. */
export async function overwrite(path: string, bytes: Uint8Array): Promise<void> {
  await chmod(path, 0o644);
  await writeFile(path, bytes);
  await chmod(path, 0o444);
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

/** Seals a stored run again, from its stored manifest and objects, with another signer. */
export async function resealWith(store: EvidenceStore, runId: string, signer: Signer): Promise<SealedRun> {
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
    scopes: manifest.scopes,
    coverage: manifest.coverage,
    evidence: await objects('evidence'),
    findings: await objects('finding'),
    previous: manifest.previous,
    signer,
  });
}
