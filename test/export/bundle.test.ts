import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync, Zip, ZipPassThrough, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../lib/controls/index.js';
import type { Control, EvaluationInput } from '../../lib/controls/types.js';
import { type BundleIndex, proofPath, ROOT_FILES, runsInRange, writeBundle } from '../../lib/export/bundle.js';
import { csvRecord, FINDINGS_CSV_HEADER, findingCsvRecord, findingsCsv, LEGACY_FINDINGS_CSV_HEADER } from '../../lib/export/csv.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { assessmentResultsChunks, LEGACY_OSCAL_FRAMEWORK_IDS } from '../../lib/export/oscal.js';
import { type BundleVerifyReport, verifyBundle } from '../../lib/export/verify-bundle.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import { runKeys } from '../../lib/store/types.js';
import { assessDemo, type DemoStore, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';
import { oscalValidator } from './oscal-schema.js';

const temp = new TempDirs();
let demo: DemoStore;
let dir: string;
let bundle: Buffer;
let entries: Record<string, Uint8Array>;
let index: BundleIndex;
const ALL_TIME = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };

beforeAll(async () => {
  dir = await temp.make('bundle');
  demo = await sharedDemoStore(dir, 2);
  const out = join(dir, 'bundle.zip');
  await writeBundle(demo.store, await runsInRange(demo.store, ALL_TIME.from, ALL_TIME.to), out, { ...ALL_TIME, framework: 'nist-ai-rmf' });
  bundle = await readFile(out);
  entries = unzipSync(bundle);
  index = JSON.parse(Buffer.from(entries[ROOT_FILES.index] as Uint8Array).toString('utf8')) as BundleIndex;
});
afterAll(() => temp.removeAll());

const runId = (i: number) => demo.runs[i]?.runId as string;
const textOf = (name: string) => Buffer.from(entries[name] as Uint8Array).toString('utf8');

/**
 * The bundle re-zipped with `change` applied to a copy of its entries. The entries are stored, not
 * deflated (the reader takes both): deflating the whole bundle again for every tamper case was most
 * of these tests' time, and what they check is the verifier, not the compression.
 */
function tampered(change: (files: Record<string, Uint8Array>) => void): Buffer {
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(entries)) files[name] = Uint8Array.from(data);
  change(files);
  return Buffer.from(zipSync(files, { level: 0 }));
}

function flipByte(files: Record<string, Uint8Array>, name: string, offset: number): void {
  const data = files[name] as Uint8Array;
  data[offset] = (data[offset] as number) ^ 0x01;
}

function expectFailureNaming(report: BundleVerifyReport, name: string): void {
  expect(report.ok).toBe(false);
  expect(
    report.problems.some((p) => p.object === name || p.message.includes(name)),
    JSON.stringify(report.problems, null, 2),
  ).toBe(true);
}

const keyOf = (run: number, folder: 'evidence' | 'findings' | 'keys') =>
  Object.keys(entries)
    .filter((n) => n.startsWith(`${runKeys.prefix(runId(run))}${folder}/`))
    .sort()[0] as string;

// Each test exports or verifies whole bundles of the demo estate: seconds on a machine shared with other test runs.
describe('the evidence bundle of the demo runs', { timeout: 60_000 }, () => {
  it('holds the root files, every object of both runs, and one inclusion proof per object', async () => {
    for (const name of Object.values(ROOT_FILES)) expect(entries[name], name).toBeDefined();
    expect(index.runs.map((r) => r.runId)).toEqual([runId(0), runId(1)]);
    expect(index.framework).toBe('nist-ai-rmf');
    for (const i of [0, 1]) {
      const manifest = (await loadSealedRun(demo.store, runId(i))).manifest;
      expect(entries[runKeys.manifest(runId(i))]).toBeDefined();
      expect(entries[runKeys.statement(runId(i))]).toBeDefined();
      for (const item of manifest.items) {
        expect(entries[item.key], item.key).toBeDefined();
        expect(entries[proofPath(runId(i), item.key)], item.key).toBeDefined();
        expect(index.objects.find((o) => o.key === item.key)).toMatchObject({
          sha256: item.sha256,
          kind: item.kind,
          proof: proofPath(runId(i), item.key),
        });
      }
    }
    expect(textOf(ROOT_FILES.readme)).toContain('ai-evidence verify bundle.zip');
    expect(textOf(ROOT_FILES.report)).toMatch(/<html/i);
  });

  it('carries an assessment-results.json that validates against the OSCAL schema, and a CSV of every finding', async () => {
    const validate = oscalValidator();
    expect(validate(JSON.parse(textOf(ROOT_FILES.oscal))), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const runs = await Promise.all([0, 1].map((i) => loadSealedRun(demo.store, runId(i))));
    expect(textOf(ROOT_FILES.csv)).toBe([...findingsCsv(runs)].join(''));
    const rows = textOf(ROOT_FILES.csv).split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + runs.reduce((n, r) => n + r.findings.length, 0));
  });

  it('verifies: signatures, digests, proofs, chain, re-evaluation and the derived files', async () => {
    const report = await verifyBundle(bundle, 'bundle.zip');
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => r.reEvaluated)).toEqual([true, true]);
    expect(report.runs.every((r) => r.proofsChecked === r.items && r.included === r.items)).toBe(true);
    expect(report.anchor).toEqual({ runId: runId(0), previous: null });
    expect(report.derived.sort()).toEqual([ROOT_FILES.oscal, ROOT_FILES.csv, ROOT_FILES.requirements, ROOT_FILES.index].sort());
    expect(report.trustedKeyId).toBe(demo.signer.keyId);
  });

  it('verifies under a later catalog, re-evaluating every control but one whose version changed, which a warning names', async () => {
    // Prepare: a later catalog in which one control has a new version and new logic.
    const changedId = 'iam_ai_full_access_policy_unattached';
    const sealed = catalog.find((c) => c.id === changedId) as Control;
    const later = catalog.map((c) =>
      c.id === changedId
        ? { ...c, version: c.version + 1, evaluate: (input: EvaluationInput) => c.evaluate(input).map((f) => ({ ...f, reason: 'other' })) }
        : c,
    );

    // Act
    const report = await verifyBundle(bundle, 'bundle.zip', { catalog: later, catalogVersion: 'sha256:later' });

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => r.notReEvaluated)).toEqual([
      [{ controlId: changedId, sealedVersion: sealed.version, toolVersion: sealed.version + 1 }],
      [{ controlId: changedId, sealedVersion: sealed.version, toolVersion: sealed.version + 1 }],
    ]);
    expect(report.runs.every((r) => r.reEvaluated && !r.reEvaluatedControls.includes(changedId))).toBe(true);
    expect(report.warnings.map((w) => w.runId)).toEqual([runId(0), runId(1)]);
    expect(report.warnings.every((w) => w.message.includes(`${changedId} v${sealed.version}`))).toBe(true);
  });

  it('verifies a bundle made before OWASP LLM and the EU AI Act were mapped: no requirements.csv, no OSCAL frameworks in its index, OSCAL for AI RMF only', async () => {
    // Prepare: the bundle as an earlier version wrote it.
    expect(index.oscalFrameworks).toEqual(['nist-ai-rmf', 'owasp-llm', 'eu-ai-act']);
    expect(textOf(ROOT_FILES.oscal)).toContain('"LLM01-2025"');
    const runs = await Promise.all([0, 1].map((i) => loadSealedRun(demo.store, runId(i))));
    const legacyOscal = Buffer.from(
      [...assessmentResultsChunks(runs, { toolVersion: index.toolVersion, frameworks: LEGACY_OSCAL_FRAMEWORK_IDS })].join(''),
    );
    expect(legacyOscal.toString('utf8')).not.toContain('LLM01-2025');
    const { oscalFrameworks: _dropped, ...legacyHead } = index;
    const legacyIndex = {
      ...legacyHead,
      files: index.files
        .filter((f) => f.name !== ROOT_FILES.requirements)
        .map((f) =>
          f.name === ROOT_FILES.oscal
            ? { ...f, sha256: createHash('sha256').update(legacyOscal).digest('hex'), size: legacyOscal.length }
            : f,
        ),
    };
    const legacy = tampered((f) => {
      f[ROOT_FILES.oscal] = legacyOscal;
      delete f[ROOT_FILES.requirements];
      f[ROOT_FILES.index] = Buffer.from(`${JSON.stringify(legacyIndex, null, 1)}\n`);
    });

    // Act
    const report = await verifyBundle(legacy, 'legacy.zip');

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.derived.sort()).toEqual([ROOT_FILES.oscal, ROOT_FILES.csv, ROOT_FILES.index].sort());
  });

  it("carries each finding's resource owner and tags in findings.csv, and verifies a bundle made before tags: no findingsCsvColumns, twelve columns", async () => {
    // Prepare: the demo tags the genai-prototyping notebook with an Owner.
    expect(index.findingsCsvColumns).toEqual([...FINDINGS_CSV_HEADER]);
    const csv = textOf(ROOT_FILES.csv);
    expect(csv).toContain(',ml-platform-team,CostCenter=CC-4410; Environment=sandbox; Owner=ml-platform-team\r\n');
    const runs = await Promise.all([0, 1].map((i) => loadSealedRun(demo.store, runId(i))));
    const legacyCsv = Buffer.from(
      [
        csvRecord(LEGACY_FINDINGS_CSV_HEADER),
        ...runs.flatMap((run) => run.findings.map((f) => findingCsvRecord(run.runId, f, undefined, LEGACY_FINDINGS_CSV_HEADER))),
      ].join(''),
    );
    const { findingsCsvColumns: _dropped, ...legacyHead } = index;
    const legacyIndex = {
      ...legacyHead,
      files: index.files.map((f) =>
        f.name === ROOT_FILES.csv ? { ...f, sha256: createHash('sha256').update(legacyCsv).digest('hex'), size: legacyCsv.length } : f,
      ),
    };
    const legacy = tampered((f) => {
      f[ROOT_FILES.csv] = legacyCsv;
      f[ROOT_FILES.index] = Buffer.from(`${JSON.stringify(legacyIndex, null, 1)}\n`);
    });

    // Act
    const report = await verifyBundle(legacy, 'legacy.zip');
    // A tag changed in the current bundle's findings.csv is caught like any other cell.
    const altered = await verifyBundle(
      tampered((f) => {
        f[ROOT_FILES.csv] = Buffer.from(csv.replace('Owner=ml-platform-team', 'Owner=someone-else'));
      }),
      'altered.zip',
    );

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.derived).toContain(ROOT_FILES.csv);
    expectFailureNaming(altered, ROOT_FILES.csv);
  });

  it('verifies a bundle of the second run alone, taking its link to the first run as the anchor', async () => {
    const out = join(dir, 'second.zip');
    await writeBundle(demo.store, [runId(1)], out, ALL_TIME);
    const report = await verifyBundle(await readFile(out), out);
    expect(report.problems).toEqual([]);
    expect(report.anchor?.previous?.runId).toBe(runId(0));
  });

  it('fails with a pinned key that is not the signer', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const report = await verifyBundle(bundle, 'bundle.zip', { publicKey: other, publicKeySource: 'other.pem' });
    expectFailureNaming(report, runKeys.statement(runId(0)));
    expect((await verifyBundle(bundle, 'bundle.zip', { publicKey: demo.signer.publicKeyPem })).ok).toBe(true);
  });
});

describe('a tampered bundle fails, naming the entry', { timeout: 60_000 }, () => {
  it('an evidence record with one byte changed', async () => {
    const key = keyOf(0, 'evidence');
    expectFailureNaming(
      await verifyBundle(
        tampered((f) => flipByte(f, key, 5)),
        'x.zip',
      ),
      key,
    );
  });

  it('a finding with one byte changed', async () => {
    const key = keyOf(1, 'findings');
    expectFailureNaming(
      await verifyBundle(
        tampered((f) => flipByte(f, key, 5)),
        'x.zip',
      ),
      key,
    );
  });

  it('an inclusion proof with one node changed', async () => {
    const proof = proofPath(runId(0), keyOf(0, 'findings'));
    const report = await verifyBundle(
      tampered((f) => {
        const json = JSON.parse(Buffer.from(f[proof] as Uint8Array).toString('utf8'));
        json.path[0] = `${json.path[0][0] === '0' ? '1' : '0'}${json.path[0].slice(1)}`;
        f[proof] = Buffer.from(JSON.stringify(json));
      }),
      'x.zip',
    );
    expectFailureNaming(report, proof);
  });

  it('a manifest with one byte changed', async () => {
    const key = runKeys.manifest(runId(1));
    expectFailureNaming(
      await verifyBundle(
        tampered((f) => flipByte(f, key, 3)),
        'x.zip',
      ),
      key,
    );
  });

  it("a statement's signature changed", async () => {
    const key = runKeys.statement(runId(0));
    const report = await verifyBundle(
      tampered((f) => {
        const envelope = JSON.parse(Buffer.from(f[key] as Uint8Array).toString('utf8'));
        const sig = Buffer.from(envelope.signatures[0].sig, 'base64');
        sig[sig.length - 1] = (sig[sig.length - 1] as number) ^ 0x01;
        envelope.signatures[0].sig = sig.toString('base64');
        f[key] = Buffer.from(JSON.stringify(envelope));
      }),
      'x.zip',
    );
    expectFailureNaming(report, key);
  });

  it('an evidence record removed', async () => {
    const key = keyOf(0, 'evidence');
    expectFailureNaming(
      await verifyBundle(
        tampered((f) => delete f[key]),
        'x.zip',
      ),
      key,
    );
  });

  it('a finding removed', async () => {
    const key = keyOf(1, 'findings');
    expectFailureNaming(
      await verifyBundle(
        tampered((f) => delete f[key]),
        'x.zip',
      ),
      key,
    );
  });

  it('an entry added', async () => {
    const key = `${runKeys.prefix(runId(0))}findings/${'0'.repeat(64)}.json`;
    expectFailureNaming(
      await verifyBundle(
        tampered((f) => (f[key] = Buffer.from('{}'))),
        'x.zip',
      ),
      key,
    );
  });

  it('an entry added a second time under the same name', async () => {
    const key = keyOf(0, 'findings');
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    const add = (name: string, data: Uint8Array) => {
      const file = new ZipPassThrough(name);
      zip.add(file);
      file.push(data, true);
    };
    for (const [name, data] of Object.entries(entries)) add(name, data);
    add(key, Buffer.from('{"forged":true}'));
    zip.end();
    expectFailureNaming(await verifyBundle(Buffer.concat(chunks), 'x.zip'), key);
  });

  // One test per derived file: each verifies a whole bundle.
  it.each([ROOT_FILES.csv, ROOT_FILES.requirements, ROOT_FILES.oscal, ROOT_FILES.report])('%s edited', async (name) => {
    const report = await verifyBundle(
      tampered((f) => {
        f[name] = Buffer.from(
          Buffer.from(f[name] as Uint8Array)
            .toString('utf8')
            .replace('PASS', 'FAIL')
            .replace('satisfied', 'not-satisfied')
            // requirements.csv of the demo has no PASS: a requirement shown as attested that is not.
            .replace(',ATTESTATION_REQUIRED,', ',ATTESTED,'),
        );
      }),
      'x.zip',
    );
    expectFailureNaming(report, name);
  });

  it('an index.json that is not a bundle index', async () => {
    const report = await verifyBundle(
      tampered((f) => {
        f[ROOT_FILES.index] = Buffer.from('{"objects":"none"}');
      }),
      'x.zip',
    );
    expectFailureNaming(report, ROOT_FILES.index);
  });

  it('a later run signed by another key', async () => {
    const mixed = await sharedDemoStore(await temp.make('bundle-keys'), 1);
    const { signer: other } = await loadOrCreateLocalSigner(join(await temp.make('bundle-other-key'), 'key.pem'));
    const second = await assessDemo(mixed.store, other);
    const out = join(dir, 'keys.zip');
    await writeBundle(mixed.store, await mixed.store.listRuns(), out, ALL_TIME);
    const report = await verifyBundle(await readFile(out), out);
    expectFailureNaming(report, runKeys.statement(second.runId));
    expect(report.trustedKeyId).toBe(mixed.signer.keyId);
  });

  it('a run removed from the middle of the chain', async () => {
    const third = (await sharedDemoStore(await temp.make('bundle-chain'), 3)).store;
    const ids = await third.listRuns();
    const out = join(dir, 'gap.zip');
    await writeBundle(third, [ids[0] as string, ids[2] as string], out, ALL_TIME);
    const report = await verifyBundle(await readFile(out), out);
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.message.includes('do not form one chain'))).toBe(true);
  });
});

describe("the README's openssl recipe", { timeout: 60_000 }, () => {
  const openssl = existsSync('/usr/bin/openssl');

  /** Unzips the bundle into a folder and runs the README's signature check there. */
  async function runRecipe(files: Record<string, Uint8Array>): Promise<{ ok: boolean; output: string }> {
    const target = await temp.make('bundle-openssl');
    for (const [name, data] of Object.entries(files)) {
      await mkdir(dirname(join(target, name)), { recursive: true });
      await writeFile(join(target, name), data);
    }
    const readme = Buffer.from(files[ROOT_FILES.readme] as Uint8Array).toString('utf8');
    const section = readme.slice(readme.indexOf('## Check one signature with openssl alone'));
    const script = /```sh\n([\s\S]*?)```/u.exec(section)?.[1] as string;
    expect(script).toContain('openssl dgst -sha256 -verify');
    try {
      const output = execFileSync('bash', ['-e', '-c', script], { cwd: target, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { ok: true, output };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }

  it.skipIf(!openssl)('verifies the signature of a run with openssl alone, and fails on a changed statement', async () => {
    const good = await runRecipe(entries);
    expect(good.output).toContain('Verified OK');
    expect(good.ok).toBe(true);

    const key = runKeys.statement(runId(0));
    const files: Record<string, Uint8Array> = { ...entries };
    const envelope = JSON.parse(Buffer.from(files[key] as Uint8Array).toString('utf8'));
    const payload = Buffer.from(envelope.payload, 'base64').toString('utf8').replace(runId(0).slice(0, 4), '1999');
    envelope.payload = Buffer.from(payload).toString('base64');
    files[key] = Buffer.from(JSON.stringify(envelope));
    const bad = await runRecipe(files);
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain('Verification failure');
  });
});
