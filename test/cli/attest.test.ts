import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openAttestation } from '../../lib/attestations/attestation.js';
import { nistAiRmf } from '../../lib/frameworks/definitions.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runProgram } from '../helpers/io.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());
afterEach(() => {
  process.exitCode = undefined;
});

const run = runProgram;

function attestArgs(dir: string, overrides: Record<string, string> = {}): string[] {
  const values: Record<string, string> = {
    '--requirement': 'GOVERN 1.3',
    '--account': '111122223333',
    '--statement': 'The AI risk tiering procedure decides how much risk management each AI system gets.',
    '--owner': 'Dana Reyes',
    '--evidence': 'https://wiki.example.com/ai/risk-tiering',
    '--valid-until': '2099-12-31',
    '--key': join(dir, 'attester.pem'),
    '--dir': join(dir, 'attestations'),
    ...overrides,
  };
  return ['attest', ...Object.entries(values).flat()];
}

/** `assess --demo` into `dir`, with its own signing key. */
const assessArgs = (dir: string) => ['assess', '--demo', '--out', join(dir, 'evidence'), '--signing-key', join(dir, 'signing.pem')];

interface RequirementJson {
  id: string;
  status: string;
  automation: string;
  attestation?: { state: string; owner: string; evidence: string };
}

describe('ai-evidence attest', () => {
  it('writes a signed attestation file that opens, and prints its path', async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act
    const { stdout, exitCode } = await run(attestArgs(dir));
    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/nist-ai-rmf_GOVERN-1\.3_[0-9a-f]{12}\.attestation\.json$/);
    const opened = openAttestation(JSON.parse(await readFile(stdout.trim(), 'utf8')), stdout);
    expect(opened.attestation).toMatchObject({ requirement: 'GOVERN 1.3', owner: { name: 'Dana Reyes' }, validUntil: '2099-12-31' });
  });

  it('refuses a requirement the framework does not have, writing nothing', async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act / Assess
    await expect(run(attestArgs(dir, { '--requirement': 'GOVERN 7.7' }))).rejects.toThrow(
      /GOVERN 7\.7 is not a requirement of NIST AI RMF/,
    );
    await expect(readdir(join(dir, 'attestations'))).rejects.toThrow(/ENOENT/);
  });
});

describe('ai-evidence assess with attestations', () => {
  it('seals the attestations with the run and counts a valid one as ATTESTED in the framework report', async () => {
    // Prepare
    const dir = await temp.make('attest');
    await run(attestArgs(dir));
    // Act
    const { stdout } = await run([...assessArgs(dir), '--attestations', join(dir, 'attestations'), '--json']);
    // Assess: every AI RMF subcategory is listed with a status; the attested one rests on sealed evidence.
    const result = JSON.parse(stdout) as { attestations: number; frameworks: { framework: string; requirements: RequirementJson[] }[] };
    const rmf = result.frameworks.find((f) => f.framework === 'nist-ai-rmf');
    expect(rmf?.requirements.map((r) => r.id)).toEqual(nistAiRmf.requirements.map((r) => r.id));
    for (const r of rmf?.requirements ?? []) expect(['AUTOMATED', 'PARTLY_AUTOMATED', 'MANUAL']).toContain(r.automation);
    const governed = rmf?.requirements.find((r) => r.id === 'GOVERN 1.3');
    expect(result.attestations).toBe(1);
    expect(governed).toMatchObject({ status: 'ATTESTED', automation: 'MANUAL', attestation: { state: 'VALID', owner: 'Dana Reyes' } });
    const store = new LocalFolderStore(join(dir, 'evidence'));
    const [runId] = await store.listRuns();
    const keys = await store.list(`runs/${runId}/evidence/`);
    expect(keys).toContain(`runs/${runId}/evidence/${governed?.attestation?.evidence}.json`);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('stops before collecting anything when an attestation file was altered, naming it', async () => {
    // Prepare: raise the validity of a signed file by editing its payload.
    const dir = await temp.make('attest');
    const { stdout: path } = await run(attestArgs(dir, { '--valid-until': '2026-01-31', '--now': '2026-01-01T00:00:00.000Z' }));
    const file = JSON.parse(await readFile(path.trim(), 'utf8'));
    const payload = JSON.parse(Buffer.from(file.envelope.payload, 'base64').toString('utf8'));
    file.envelope.payload = Buffer.from(JSON.stringify({ ...payload, validUntil: '2099-12-31' })).toString('base64');
    await writeFile(path.trim(), JSON.stringify(file));
    // Act / Assess
    await expect(
      run([
        'assess',
        '--demo',
        '--out',
        join(dir, 'evidence'),
        '--signing-key',
        join(dir, 'signing.pem'),
        '--attestations',
        join(dir, 'attestations'),
      ]),
    ).rejects.toThrow(/GOVERN-1\.3_.*attestation\.json is not signed by the key it carries/);
    await expect(readdir(join(dir, 'evidence'))).rejects.toThrow(/ENOENT/);
  });

  it('uses the demo attestations with --demo: every AI RMF subcategory and CAF-AI capability in the text summary', async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act
    const { stdout } = await run(assessArgs(dir));
    // Assess
    for (const r of nistAiRmf.requirements) expect(stdout).toMatch(new RegExp(`^${r.id.replace('.', '\\.')}\\s{2,}`, 'm'));
    // The demo's attestations show with their state (one expired on 2026-10-31; the others expire later).
    expect(stdout).toMatch(/^GOVERN 1\.1\s.*(valid until|expired) 2027-08-31, Dana Reyes/m);
    expect(stdout).toMatch(/^GOVERN 4\.1\s.*expired 2026-10-31, Priya Natarajan/m);
    expect(stdout).toMatch(/^incident-response\s+/m);
  });
});
