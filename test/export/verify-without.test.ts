/**
 * The bundle README's "Verifying without ai-evidence": its commands are taken from the README as
 * the export writes it and run as they are, in a folder where the bundle was unzipped, with
 * python3 (verify_proof.py), node (the sigstore-js script) and, where the binary is found, cosign.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleIndex, ROOT_FILES, runsInRange, writeBundle } from '../../lib/export/bundle.js';
import { PROOF_SCRIPT } from '../../lib/export/proof-script.js';
import { verifyBundle } from '../../lib/export/verify-bundle.js';
import { MerkleTree } from '../../lib/seal/merkle.js';
import { runKeys } from '../../lib/store/types.js';
import { type DemoStore, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let demo: DemoStore;
let runId: string;
let entries: Record<string, Uint8Array>;
let readme: string;
/** The bundle unzipped, with the owner's public key beside it as signer.pem. */
let folder: string;
const ALL_TIME = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };

async function unzipInto(files: Record<string, Uint8Array>, label: string): Promise<string> {
  const target = await temp.make(label);
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    await mkdir(dirname(join(target, name)), { recursive: true });
    await writeFile(join(target, name), data);
  }
  await writeFile(join(target, 'signer.pem'), demo.signer.publicKeyPem);
  return target;
}

beforeAll(async () => {
  const dir = await temp.make('verify-without');
  demo = await sharedDemoStore(dir, 1);
  runId = demo.runs[0]?.runId as string;
  const out = join(dir, 'bundle.zip');
  await writeBundle(demo.store, await runsInRange(demo.store, ALL_TIME.from, ALL_TIME.to), out, ALL_TIME);
  entries = unzipSync(await readFile(out));
  readme = Buffer.from(entries[ROOT_FILES.readme] as Uint8Array).toString('utf8');
  folder = await unzipInto(entries, 'verify-without-unzipped');
});
afterAll(() => temp.removeAll());

/** The first code block of the given language after `heading` in the README. */
function block(heading: string, language = 'sh'): string {
  const at = readme.indexOf(`\n${heading}\n`);
  expect(at, heading).toBeGreaterThan(0);
  const code = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'u').exec(readme.slice(at))?.[1];
  expect(code, `${heading}: a ${language} block`).toBeDefined();
  return code as string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync('bash', ['-e', '-c', script], { cwd, encoding: 'utf8', env });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * A fresh folder holding what the README's commands read (the script, the run's statement, Sigstore
 * bundle and manifest, the README's finding and its proof), with `name` changed.
 */
async function withFile(name: string, change: (bytes: Buffer) => Buffer): Promise<string> {
  const [finding, proof] = readmeFinding();
  const needed = [ROOT_FILES.proofScript, runKeys.statement(runId), runKeys.sigstoreBundle(runId), runKeys.manifest(runId), finding, proof];
  const files = Object.fromEntries(needed.map((n) => [n, entries[n] as Uint8Array]));
  files[name] = change(Buffer.from(entries[name] as Uint8Array));
  return unzipInto(files, 'verify-without-changed');
}

/** The finding and proof the README's Python command names. */
function readmeFinding(): [string, string] {
  const match = /verify_proof\.py (\S+) \\\n\s+(\S+)/u.exec(block('### Check one finding with Python alone'));
  return [match?.[1] as string, match?.[2] as string];
}

const flipByte = (offset: number) => (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  copy[offset] = (copy[offset] as number) ^ 0x01;
  return copy;
};

const python = spawnSync('python3', ['--version']).status === 0;

describe('the bundle for verification without ai-evidence', () => {
  it('ships verify_proof.py and a Sigstore bundle per run, listed in index.json, and verifies', async () => {
    const index = JSON.parse(Buffer.from(entries[ROOT_FILES.index] as Uint8Array).toString('utf8')) as BundleIndex;
    expect(Buffer.from(entries[ROOT_FILES.proofScript] as Uint8Array).toString('utf8')).toBe(PROOF_SCRIPT);
    expect(index.files.map((f) => f.name)).toContain(ROOT_FILES.proofScript);
    expect(Buffer.from(entries[runKeys.sigstoreBundle(runId)] as Uint8Array)).toEqual(await demo.store.get(runKeys.sigstoreBundle(runId)));
    expect(index.runs[0]?.sigstoreBundle).toBe(runKeys.sigstoreBundle(runId));
    expect(readme).toContain('## Verifying without ai-evidence');
    const report = await verifyBundle(Buffer.from(zipSync(entries)), 'bundle.zip');
    expect(report.problems).toEqual([]);
  });

  it('fails verification when the Sigstore bundle is changed, naming it', async () => {
    const key = runKeys.sigstoreBundle(runId);
    const bundle = JSON.parse(Buffer.from(entries[key] as Uint8Array).toString('utf8'));
    bundle.verificationMaterial.publicKey.hint = '0'.repeat(64);
    const changed = await verifyBundle(Buffer.from(zipSync({ ...entries, [key]: Buffer.from(JSON.stringify(bundle)) })), 'b.zip');
    expect(changed.ok).toBe(false);
    expect(changed.problems.find((p) => p.object === key)?.message).toContain('public-key hint');
  });

  it('fails verification when the Sigstore bundle is removed and index.json still names it', async () => {
    const key = runKeys.sigstoreBundle(runId);
    const { [key]: _removed, ...rest } = entries;
    const removed = await verifyBundle(Buffer.from(zipSync(rest)), 'b.zip');
    expect(removed.ok).toBe(false);
    expect(removed.problems.find((p) => p.object === key)?.message).toContain('an entry was removed');
  });

  it('still verifies a bundle made before Sigstore bundles and the proof script (its index names neither)', async () => {
    // Prepare: the bundle as an earlier version wrote it.
    const index = JSON.parse(Buffer.from(entries[ROOT_FILES.index] as Uint8Array).toString('utf8')) as BundleIndex;
    for (const run of index.runs) delete run.sigstoreBundle;
    index.files = index.files.filter((f) => f.name !== ROOT_FILES.proofScript);
    const { [runKeys.sigstoreBundle(runId)]: _bundle, [ROOT_FILES.proofScript]: _script, ...rest } = entries;
    const old = { ...rest, [ROOT_FILES.index]: Buffer.from(`${JSON.stringify(index, null, 1)}\n`) };

    // Act
    const report = await verifyBundle(Buffer.from(zipSync(old)), 'old.zip');

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.derived).toContain(ROOT_FILES.index);
  });
});

describe.skipIf(!python)('verify_proof.py (Python standard library)', () => {
  const command = () => block('### Check one finding with Python alone');

  it("verifies the README's finding with the README's command", () => {
    // Prepare: the command names a real finding of the run, its proof and the run's statement.
    const script = command();
    const finding = /verify_proof\.py (\S+)/u.exec(script)?.[1] as string;
    expect(finding).toMatch(new RegExp(`^runs/${runId}/findings/[0-9a-f]{64}\\.json$`, 'u'));

    // Act
    const { status, output } = bash(script, folder);

    // Assess
    expect(output).toContain(`OK: ${finding}`);
    expect(output).toContain('not checked');
    expect(status).toBe(0);
  });

  it('fails after one byte of the finding changes', async () => {
    const [finding] = readmeFinding();
    const { status, output } = bash(command(), await withFile(finding, flipByte(10)));
    expect(output).toContain('FAILED');
    expect(output).toContain('the item was altered');
    expect(status).toBe(1);
  });

  it('fails when a node of the proof path or the signed root changes', async () => {
    const script = command();
    const [, proof] = readmeFinding();
    const changedPath = bash(
      script,
      await withFile(proof, (bytes) => {
        const json = JSON.parse(bytes.toString('utf8'));
        json.path[0] = `${json.path[0].slice(0, -1)}${json.path[0].endsWith('0') ? '1' : '0'}`;
        return Buffer.from(JSON.stringify(json));
      }),
    );
    expect(changedPath.output).toContain('does not lead to the Merkle root');
    expect(changedPath.status).toBe(1);

    const statementKey = runKeys.statement(runId);
    const otherRoot = bash(
      script,
      await withFile(statementKey, (bytes) => {
        const envelope = JSON.parse(bytes.toString('utf8'));
        const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
        const root = statement.subject.find((s: { name: string }) => s.name === 'merkle-root');
        root.digest.sha256 = 'ab'.repeat(32);
        envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
        return Buffer.from(JSON.stringify(envelope));
      }),
    );
    expect(otherRoot.output).toContain(`does not lead to the Merkle root ${'ab'.repeat(32)}`);
    expect(otherRoot.status).toBe(1);
  });

  it('computes the RFC 9162 root for every leaf of trees of 1 to 40 leaves, and none from another leaf, position or a shortened path', async () => {
    // Prepare: proofs made by our tree, checked by the script's own function in one Python process.
    const cases: { leaf: string; index: number; size: number; path: string[]; root: string }[] = [];
    for (let size = 1; size <= 40; size++) {
      const entriesOf = Array.from({ length: size }, (_, i) => Buffer.alloc(32, i + 1));
      const tree = MerkleTree.fromEntries(entriesOf);
      for (let index = 0; index < size; index++) {
        cases.push({
          leaf: tree.levels[0]?.[index]?.toString('hex') as string,
          index,
          size,
          path: tree.inclusionProof(index).map((n) => n.toString('hex')),
          root: tree.root.toString('hex'),
        });
      }
    }
    await writeFile(join(folder, 'cases.json'), JSON.stringify(cases));
    const driver = [
      'import json, sys',
      'sys.path.insert(0, ".")',
      'import verify_proof as v',
      'bad = 0',
      'for c in json.load(open("cases.json")):',
      '    p = [bytes.fromhex(h) for h in c["path"]]',
      '    r = v.root_from_path(bytes.fromhex(c["leaf"]), c["index"], c["size"], p)',
      '    if r is None or r.hex() != c["root"]: bad += 1',
      '    if p:',
      '        wrong = v.root_from_path(bytes.fromhex(c["leaf"]), c["index"], c["size"], p[:-1])',
      '        if wrong is not None and wrong.hex() == c["root"]: bad += 1',
      '    leaf = bytes.fromhex(c["leaf"])',
      '    other = bytes([leaf[0] ^ 1]) + leaf[1:]',
      '    if v.root_from_path(other, c["index"], c["size"], p) == bytes.fromhex(c["root"]): bad += 1',
      '    if c["index"] ^ 1 < c["size"] and v.root_from_path(bytes.fromhex(c["leaf"]), c["index"] ^ 1, c["size"], p) == bytes.fromhex(c["root"]): bad += 1',
      'print(bad)',
    ].join('\n');

    // Act
    const bad = execFileSync('python3', ['-c', driver], { cwd: folder, encoding: 'utf8' }).trim();

    // Assess
    expect(cases).toHaveLength((40 * 41) / 2);
    expect(bad).toBe('0');
  });
});

describe('the sigstore-js script of the README', () => {
  /** The README's script saved as it says, beside this project's @sigstore packages. */
  async function runScript(cwd: string): Promise<{ status: number | null; output: string }> {
    const script = block('### Check the signed statement with sigstore-js', 'js');
    if (!existsSync(join(cwd, 'node_modules'))) await symlink(resolve('node_modules'), join(cwd, 'node_modules'), 'dir');
    await writeFile(join(cwd, 'verify-statement.mjs'), script);
    const args = /`node (verify-statement\.mjs [^`]+)`/u.exec(readme)?.[1]?.split(' ') as string[];
    expect(args).toEqual(['verify-statement.mjs', `runs/${runId}/statement.sigstore.json`, 'signer.pem']);
    const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('verifies the run with only the pinned public key', async () => {
    const { status, output } = await runScript(folder);
    expect(output).toContain('Verified OK');
    expect(status).toBe(0);
  });

  it('fails when the statement in the Sigstore bundle changed', async () => {
    const key = runKeys.sigstoreBundle(runId);
    const changed = await withFile(key, (bytes) => {
      const bundle = JSON.parse(bytes.toString('utf8'));
      const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64')
        .toString('utf8')
        .replace(runId, `${runId.slice(0, -1)}x`);
      bundle.dsseEnvelope.payload = Buffer.from(payload).toString('base64');
      return Buffer.from(JSON.stringify(bundle));
    });
    const { status, output } = await runScript(changed);
    expect(output).toContain('signature verification failed');
    expect(status).not.toBe(0);
  });
});

/** cosign from COSIGN or the PATH; the test runs only where the binary is. */
const cosign =
  process.env.COSIGN ??
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((d) => join(d, 'cosign'))
    .find((p) => existsSync(p));

describe.skipIf(cosign === undefined)('the cosign command of the README', () => {
  const env = () => ({ ...process.env, PATH: `${dirname(cosign as string)}${delimiter}${process.env.PATH ?? ''}` });

  it('verifies the run with only the pinned key, and fails on a changed manifest or statement', async () => {
    const script = block('### Check the signed statement with cosign');
    expect(script).toContain('cosign verify-blob-attestation');

    const good = bash(script, folder, env());
    expect(good.output).toContain('Verified OK');
    expect(good.status).toBe(0);

    const manifest = bash(script, await withFile(runKeys.manifest(runId), flipByte(20)), env());
    expect(manifest.status).not.toBe(0);

    const key = runKeys.sigstoreBundle(runId);
    const statement = bash(
      script,
      await withFile(key, (bytes) => {
        const bundle = JSON.parse(bytes.toString('utf8'));
        const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64')
          .toString('utf8')
          .replace(runId, `${runId.slice(0, -1)}x`);
        bundle.dsseEnvelope.payload = Buffer.from(payload).toString('base64');
        return Buffer.from(JSON.stringify(bundle));
      }),
      env(),
    );
    expect(statement.status).not.toBe(0);
  });

  it('verifies the Merkle-root subject given as a digest in place of the manifest', async () => {
    const envelope = JSON.parse(Buffer.from(entries[runKeys.statement(runId)] as Uint8Array).toString('utf8'));
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    const root = statement.subject.find((s: { name: string }) => s.name === 'merkle-root').digest.sha256 as string;
    const script = block('### Check the signed statement with cosign').replace(
      `runs/${runId}/manifest.json`,
      `--digest ${root} --digestAlg sha256`,
    );
    const good = bash(script, folder, env());
    expect(good.output).toContain('Verified OK');
    expect(good.status).toBe(0);
    const wrong = bash(script.replace(root, 'ab'.repeat(32)), folder, env());
    expect(wrong.status).not.toBe(0);
  });
});
