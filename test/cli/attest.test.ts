import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openAttestation } from '../../lib/attestations/attestation.js';
import {
  DEFAULT_TRUSTED_ATTESTERS_DIR,
  DEMO_ATTESTATIONS_DIR,
  DEMO_TRUSTED_ATTESTERS_DIR,
  DEMO_TRUSTED_ATTESTERS_LOCATION,
} from '../../lib/cli/attest.js';
import { UsageError } from '../../lib/cli/errors.js';
import { sha256Hex } from '../../lib/evidence/canonical.js';
import { nistAiRmf } from '../../lib/frameworks/definitions.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { storedItems } from '../helpers/demo-store.js';
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

/** `assess --demo` of the attestations `attest` wrote in `dir`, against the trust list `<dir>/trusted`. */
const assessAttested = (dir: string) => [
  ...assessArgs(dir),
  '--attestations',
  join(dir, 'attestations'),
  '--trusted-attesters',
  join(dir, 'trusted'),
];

/** Puts the public key of the attester key `<dir>/<keyFile>` on the trust list `<dir>/trusted` as `<name>.pem`. */
async function trust(dir: string, name: string, keyFile = 'attester.pem'): Promise<void> {
  await mkdir(join(dir, 'trusted'), { recursive: true });
  await copyFile(join(dir, `${keyFile}.pub.pem`), join(dir, 'trusted', `${name}.pem`));
}

interface RequirementJson {
  id: string;
  status: string;
  automation: string;
  attestation?: { state: string; owner: string; evidence: string; attester: string; keyId: string };
  untrusted?: { owner: string; keyId: string; evidence: string; reason: string }[];
}

interface AssessJson {
  attestations: number;
  trustedAttesters: { dir: string; found: boolean; attesters: { name: string; keyId: string }[] };
  untrustedAttestations: { file: string; requirement: string; owner: string; keyId: string; reason: string }[];
  frameworks: { framework: string; requirements: RequirementJson[] }[];
}

const govern13 = (result: AssessJson) =>
  result.frameworks.find((f) => f.framework === 'nist-ai-rmf')?.requirements.find((r) => r.id === 'GOVERN 1.3');

/** The key id `attest` printed for the attester key it used. */
const keyIdIn = (stderr: string) => /Signed by key ([0-9a-f]{64})/.exec(stderr)?.[1] as string;

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

  it("prints the signer's key id and how to put its public key on the trust list", async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act
    const { stdout, stderr } = await run(attestArgs(dir));
    // Assess: the id printed is the one the file is signed with, and the public key named is that key.
    const opened = openAttestation(JSON.parse(await readFile(stdout.trim(), 'utf8')), stdout);
    expect(keyIdIn(stderr)).toBe(opened.keyId);
    const pub = join(dir, 'attester.pem.pub.pem');
    expect(stderr).toContain(`cp ${pub} trusted-attesters/dana-reyes.pem`);
    const { publicKeyPem } = JSON.parse(await readFile(stdout.trim(), 'utf8')) as { publicKeyPem: string };
    expect(await readFile(pub, 'utf8')).toBe(publicKeyPem);
  });

  it('refuses a requirement the framework does not have, writing nothing', async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act / Assess
    await expect(run(attestArgs(dir, { '--requirement': 'GOVERN 7.7' }))).rejects.toThrow(
      /GOVERN 7\.7 is not a requirement of NIST AI RMF/,
    );
    await expect(readdir(join(dir, 'attestations'))).rejects.toThrow(/ENOENT/);
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it('refuses a day that does not exist, naming the flag, before it creates an attester key', async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act
    const attempt = run(attestArgs(dir, { '--valid-until': '2026-02-31', '--now': '2026-06-01T09:00:00.000Z' }));
    // Assess
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/^--valid-until 2026-02-31 is not a date \(YYYY-MM-DD\)\.$/);
    // No key file (nor its public key) and no attestation: the folder is as it was.
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it("names every wrong flag in a sentence of its own, not in the schema library's words", async () => {
    // Prepare
    const dir = await temp.make('attest');
    const args = attestArgs(dir, {
      '--account': '1234',
      '--owner-email': 'dana.example.com',
      '--evidence': 'ftp://files.example.com/policy.pdf',
      '--statement': 'It is done.',
    });
    // Act
    const error = (await run(args).catch((e: unknown) => e)) as Error;
    // Assess
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      [
        '--account 1234 is not an AWS account id (12 digits).',
        '--statement is too short: say what is attested in at least a sentence (20 characters or more).',
        '--owner-email dana.example.com is not an email address.',
        '--evidence ftp://files.example.com/policy.pdf is not an http or https link.',
      ].join(' '),
    );
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it('refuses a last day before the issue time, naming both', async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act / Assess
    await expect(run(attestArgs(dir, { '--valid-until': '2026-05-31', '--now': '2026-06-01T09:00:00.000Z' }))).rejects.toThrow(
      '--valid-until 2026-05-31 is before the issue time 2026-06-01T09:00:00.000Z: an attestation must hold when it is signed.',
    );
    await expect(readdir(dir)).resolves.toEqual([]);
  });
});

describe('ai-evidence assess with attestations', () => {
  it('seals the attestations with the run and counts a valid one signed by a trusted key as ATTESTED in the framework report', async () => {
    // Prepare
    const dir = await temp.make('attest');
    const { stderr: signed } = await run(attestArgs(dir));
    await trust(dir, 'dana-reyes');
    // Act
    const { stdout } = await run([...assessAttested(dir), '--json']);
    // Assess: every AI RMF subcategory is listed with a status; the attested one rests on sealed evidence.
    const result = JSON.parse(stdout) as AssessJson;
    const rmf = result.frameworks.find((f) => f.framework === 'nist-ai-rmf');
    expect(rmf?.requirements.map((r) => r.id)).toEqual(nistAiRmf.requirements.map((r) => r.id));
    for (const r of rmf?.requirements ?? []) expect(['AUTOMATED', 'PARTLY_AUTOMATED', 'MANUAL']).toContain(r.automation);
    const governed = govern13(result);
    expect(result.attestations).toBe(1);
    expect(result.trustedAttesters).toMatchObject({ found: true, attesters: [{ name: 'dana-reyes', keyId: keyIdIn(signed) }] });
    expect(result.untrustedAttestations).toEqual([]);
    expect(governed).toMatchObject({
      status: 'ATTESTED',
      automation: 'MANUAL',
      attestation: { state: 'VALID', owner: 'Dana Reyes', attester: 'dana-reyes', keyId: keyIdIn(signed) },
    });
    expect(governed?.untrusted).toBeUndefined();
    const store = new LocalFolderStore(join(dir, 'evidence'));
    const [runId] = await store.listRuns();
    // Sealed in the run's shard of attestations (a sharded run: the CLI seals one).
    const sealed = (await storedItems(join(dir, 'evidence'), 'evidence')).filter((i) => i.file.startsWith(`runs/${runId}/shards/run/`));
    expect(sealed.map((i) => sha256Hex(i.text))).toContain(governed?.attestation?.evidence);
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

  it('uses the demo attestations with --demo: every AI RMF subcategory and CAF-AI capability in the text summary with --details', async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act
    const { stdout } = await run([...assessArgs(dir), '--details']);
    // Assess
    for (const r of nistAiRmf.requirements) expect(stdout).toMatch(new RegExp(`^${r.id.replace('.', '\\.')}\\s{2,}`, 'm'));
    // The demo's attestations show with their state (one expired on 2026-10-31; the others expire later).
    expect(stdout).toMatch(/^GOVERN 1\.1\s.*(valid until|expired) 2027-08-31, Dana Reyes/m);
    expect(stdout).toMatch(/^GOVERN 4\.1\s.*expired 2026-10-31, Priya Natarajan/m);
    expect(stdout).toMatch(/^incident-response\s+/m);
    // Every demo attestation is signed by the key on the demo's own trust list.
    expect(stdout).toContain('Attestations: 8 sealed, 8 signed by a trusted key and counted');
    expect(stdout).not.toMatch(/untrusted/);
  });

  it('does not count an attestation signed by a key not on the trust list, and names it and its key', async () => {
    // Prepare: the trust list holds another attester's key only.
    const dir = await temp.make('attest');
    const { stderr: signed } = await run(attestArgs(dir));
    await run(attestArgs(dir, { '--key': join(dir, 'other.pem'), '--requirement': 'GOVERN 1.7', '--owner': 'Sam Okafor' }));
    await trust(dir, 'sam-okafor', 'other.pem');
    const untrustedKey = keyIdIn(signed);
    // Act
    const json = JSON.parse((await run([...assessAttested(dir), '--json'])).stdout) as AssessJson;
    const text = await run([...assessAttested(dir), '--details']);
    // Assess: GOVERN 1.3 still needs an attestation; the attestation is reported with its key, not dropped.
    expect(govern13(json)).toMatchObject({ status: 'ATTESTATION_REQUIRED', untrusted: [{ owner: 'Dana Reyes', keyId: untrustedKey }] });
    expect(govern13(json)?.attestation).toBeUndefined();
    expect(govern13(json)?.untrusted?.[0]?.reason).toBe(
      `signed by an untrusted key ${untrustedKey.slice(0, 16)}: the key is not on the run's sealed trust list of attester keys`,
    );
    expect(json.untrustedAttestations).toEqual([
      expect.objectContaining({
        requirement: 'GOVERN 1.3',
        owner: 'Dana Reyes',
        keyId: untrustedKey,
        file: expect.stringContaining('GOVERN-1.3'),
      }),
    ]);
    const trusted = json.frameworks[0]?.requirements.find((r) => r.id === 'GOVERN 1.7');
    expect(trusted).toMatchObject({ status: 'ATTESTED', attestation: { attester: 'sam-okafor' } });
    expect(text.stdout).toContain('Attestations: 2 sealed, 1 signed by a trusted key and counted');
    expect(text.stdout).toMatch(
      new RegExp(
        `GOVERN-1\\.3_.*: nist-ai-rmf GOVERN 1\\.3 by Dana Reyes is not counted, signed by an untrusted key ${untrustedKey.slice(0, 16)}`,
      ),
    );
    expect(text.stdout).toMatch(new RegExp(`^GOVERN 1\\.3\\s.*not counted: untrusted key ${untrustedKey.slice(0, 16)}, Dana Reyes`, 'm'));
  });

  it('trusts no key when there is no trust list, and says how to create it', async () => {
    // Prepare: an attestation, and no trust list folder.
    const dir = await temp.make('attest');
    await run(attestArgs(dir));
    // Act
    const { stdout, stderr, exitCode } = await run([...assessAttested(dir), '--json']);
    // Assess: the run is sealed and verifies; nothing is attested.
    const result = JSON.parse(stdout) as AssessJson;
    expect(exitCode).toBe(0);
    expect(result.trustedAttesters).toMatchObject({ found: false, attesters: [] });
    expect(govern13(result)).toMatchObject({ status: 'ATTESTATION_REQUIRED' });
    expect(govern13(result)?.untrusted?.[0]?.reason).toMatch(/the run's sealed trust list of attester keys is empty/);
    expect(stderr).toContain(`There is no trust list of attester keys at ${join(dir, 'trusted')}: no attestation counts.`);
    expect(stderr).toContain(`mkdir -p ${join(dir, 'trusted')}`);
  });

  it("uses the default trust list, not the demo's, for attestations given with --demo --attestations", async () => {
    // Prepare: a demo attestation, signed by the key on the demo's list, in a folder of the user's.
    const dir = await temp.make('attest');
    await mkdir(join(dir, 'attestations'));
    const demoFile = (await readdir(DEMO_ATTESTATIONS_DIR)).find((n) => n.startsWith('nist-ai-rmf_GOVERN-1.2_')) as string;
    await copyFile(join(DEMO_ATTESTATIONS_DIR, demoFile), join(dir, 'attestations', demoFile));
    // Act
    const { stdout } = await run([...assessArgs(dir), '--attestations', join(dir, 'attestations'), '--json']);
    // Assess
    const result = JSON.parse(stdout) as AssessJson;
    expect(result.trustedAttesters.dir).toBe(resolve(DEFAULT_TRUSTED_ATTESTERS_DIR));
    expect(result.trustedAttesters.dir).not.toBe(resolve(DEMO_TRUSTED_ATTESTERS_DIR));
  });

  it("seals the demo's trust list under a name of its own, not the path ai-evidence is installed under", async () => {
    // Prepare
    const dir = await temp.make('attest');
    // Act
    await run(assessArgs(dir));
    // Assess: the one trust list record names the demo's list; no sealed record holds the install path.
    const store = new LocalFolderStore(join(dir, 'evidence'));
    const [runId] = await store.listRuns();
    const texts = (await storedItems(join(dir, 'evidence'), 'evidence'))
      .filter((i) => i.file.startsWith(`runs/${runId}/`))
      .map((i) => i.text);
    const lists = texts.map((t) => JSON.parse(t)).filter((r) => r.resource.type === 'AiEvidence::Manual::TrustedAttesters');
    expect(lists).toHaveLength(1);
    expect(lists[0].data.source).toBe(DEMO_TRUSTED_ATTESTERS_LOCATION);
    expect(texts.filter((t) => t.includes(resolve(DEMO_TRUSTED_ATTESTERS_DIR, '..')))).toEqual([]);
  });

  it('stops before collecting anything when the trust list holds a private key, naming the file', async () => {
    // Prepare: the attester's private key copied into the trust list by mistake.
    const dir = await temp.make('attest');
    await run(attestArgs(dir));
    await mkdir(join(dir, 'trusted'));
    await copyFile(join(dir, 'attester.pem'), join(dir, 'trusted', 'dana-reyes.pem'));
    // Act / Assess
    await expect(run(assessAttested(dir))).rejects.toThrow(/trusted\/dana-reyes\.pem of the trust list holds a private key/);
    await expect(readdir(join(dir, 'evidence'))).rejects.toThrow(/ENOENT/);
  });
});
