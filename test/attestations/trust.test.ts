import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ATTESTATION_COLLECTOR, signAttestation } from '../../lib/attestations/attestation.js';
import { ATTESTATION_FILE_SUFFIX, asRunAttestations, loadAttestations } from '../../lib/attestations/load.js';
import { attestationsOf, RunAttestations } from '../../lib/attestations/run.js';
import {
  loadTrustList,
  openTrustList,
  TRUST_LIST_COLLECTOR,
  TRUST_LIST_TYPE,
  trustListAdvice,
  trustListRecord,
  trustOf,
} from '../../lib/attestations/trust.js';
import { sealEvidence } from '../../lib/evidence/record.js';
import { attestationOf, attester, newSigner, sealedAttestationRecord, sealedTrustList } from '../fixtures/attestations.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const AT = new Date('2026-02-01T00:00:00.000Z');

/** A trust list folder holding `files` (name to text). */
async function trustFolder(files: Record<string, string>): Promise<string> {
  const dir = join(await temp.make('trust'), 'trusted');
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('the trust list folder', () => {
  it('names each key by its file name (a .pub.pem copied as it is, too) and ignores files that are not .pem', async () => {
    // Prepare
    const other = newSigner();
    const dir = await trustFolder({
      'dana-reyes.pem': attester.publicKeyPem,
      'sam-okafor.pub.pem': other.publicKeyPem,
      'README.md': 'Keys of the people who may attest.',
    });
    // Act
    const list = await loadTrustList(dir);
    // Assess
    expect(list.found).toBe(true);
    expect(list.attesters.map(({ name, keyId }) => ({ name, keyId }))).toEqual([
      { name: 'dana-reyes', keyId: attester.keyId },
      { name: 'sam-okafor', keyId: other.keyId },
    ]);
    expect(trustListAdvice(list)).toBeUndefined();
  });

  it('trusts no key when the folder is missing, and says how to create it', async () => {
    // Prepare
    const dir = join(await temp.make('trust'), 'nowhere');
    // Act
    const list = await loadTrustList(dir);
    // Assess
    expect(list).toMatchObject({ found: false, attesters: [] });
    expect(trustListAdvice(list)).toMatch(
      new RegExp(`^There is no trust list of attester keys at ${dir}: no attestation counts\\. Create it`),
    );
    expect(trustListAdvice(list)).toContain(`mkdir -p ${dir}`);
  });

  it('trusts no key when the folder holds none, and says so', async () => {
    // Prepare
    const dir = await trustFolder({});
    // Act
    const list = await loadTrustList(dir);
    // Assess
    expect(list).toMatchObject({ found: true, attesters: [] });
    expect(trustListAdvice(list)).toMatch(new RegExp(`^The trust list of attester keys ${dir} holds no key: no attestation counts`));
  });

  const pkcs8 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  it.each([
    ['a private key', { 'dana.pem': pkcs8 }, /dana\.pem of the trust list holds a private key/],
    [
      'two keys in one file',
      { 'team.pem': `${attester.publicKeyPem}${newSigner().publicKeyPem}` },
      /team\.pem of the trust list holds 2 PEM blocks, not one/,
    ],
    ['no key', { 'empty.pem': 'Dana Reyes\n' }, /empty\.pem of the trust list holds 0 PEM blocks/],
    ['a key that is not P-256', { 'rsa.pem': rsa }, /rsa\.pem of the trust list is not an EC P-256 public key/],
    [
      'the same key under two names',
      { 'a.pem': attester.publicKeyPem, 'b.pem': attester.publicKeyPem },
      /a\.pem and .*b\.pem of the trust list hold the same key/,
    ],
    ['a key file without a name', { '.pem': attester.publicKeyPem }, /\.pem of the trust list has no name/],
  ])('refuses a folder with %s, naming the file', async (_case, files, message) => {
    // Prepare
    const dir = await trustFolder(files);
    // Act / Assess
    await expect(loadTrustList(dir)).rejects.toThrow(message);
  });
});

describe('the sealed trust list', () => {
  it('is an evidence record of its own collector that opens to the same keys, sorted by name', async () => {
    // Prepare
    const other = newSigner();
    const list = await loadTrustList(await trustFolder({ 'zoe.pem': other.publicKeyPem, 'dana-reyes.pem': attester.publicKeyPem }));
    // Act
    const sealed = sealEvidence(trustListRecord(list, '111122223333', AT));
    const opened = openTrustList(sealed.record, sealed.sha256);
    // Assess
    expect(sealed.record).toMatchObject({
      region: 'global',
      source: { collector: TRUST_LIST_COLLECTOR },
      resource: { type: TRUST_LIST_TYPE },
    });
    expect(opened.attesters.map((a) => [a.name, a.keyId])).toEqual([
      ['dana-reyes', attester.keyId],
      ['zoe', other.keyId],
    ]);
    expect(opened.evidenceSha256).toBe(sealed.sha256);
  });

  it('refuses a sealed list whose key id is not the key it holds', () => {
    // Prepare: the id of one key beside the PEM of another.
    const other = newSigner();
    const sealed = sealEvidence(
      trustListRecord(
        { schemaVersion: 1, attesters: [{ name: 'dana-reyes', keyId: attester.keyId, publicKeyPem: other.publicKeyPem }] },
        '111122223333',
        AT,
      ),
    );
    // Act / Assess
    expect(() => openTrustList(sealed.record, sealed.sha256)).toThrow(/names key .* for dana-reyes, but holds key/);
  });
});

describe('judging attestations against the sealed trust list', () => {
  it('trusts a key on the list by its name, and refuses others saying why', () => {
    // Prepare
    const list = openTrustList(sealedTrustList([{ name: 'dana-reyes', signer: attester }]).record, 'x');
    const stranger = newSigner();
    // Act / Assess
    expect(trustOf(attester.keyId, list)).toEqual({ trusted: true, attester: 'dana-reyes' });
    expect(trustOf(stranger.keyId, list)).toEqual({
      trusted: false,
      reason: `signed by an untrusted key ${stranger.keyId.slice(0, 16)}: the key is not on the run's sealed trust list of attester keys`,
    });
    expect(trustOf(attester.keyId, { ...list, attesters: [] })).toMatchObject({
      trusted: false,
      reason: expect.stringMatching(/list of attester keys is empty/),
    });
  });

  it('trusts no key of a run sealed without a trust list (before ai-evidence checked attester keys)', async () => {
    // Prepare: a run of an older version: attestations, no trust list.
    const record = await sealedAttestationRecord();
    // Act
    const { attestations, trustList } = attestationsOf([record]);
    // Assess
    expect(trustList).toBeUndefined();
    expect(attestations).toHaveLength(1);
    expect(attestations[0]?.trust).toEqual({
      trusted: false,
      reason: `signed by an untrusted key ${attester.keyId.slice(0, 16)}: the run sealed no trust list of attester keys (it was made before ai-evidence checked them), so no attestation of it counts`,
    });
  });

  it('judges the same whatever order the records come in (a run lists them by digest)', async () => {
    // Prepare
    const stranger = newSigner();
    const records = [
      await sealedAttestationRecord({ requirement: 'GOVERN 1.1' }),
      await sealedAttestationRecord({ requirement: 'GOVERN 1.2' }, stranger),
      sealedTrustList([{ name: 'dana-reyes', signer: attester }]),
    ];
    // Act
    const forward = attestationsOf(records);
    const backward = attestationsOf([...records].reverse());
    // Assess
    const decisions = (r: typeof forward) =>
      r.attestations.map((a) => [a.attestation.requirement, a.trust.trusted]).sort(([x], [y]) => String(x).localeCompare(String(y)));
    expect(decisions(forward)).toEqual([
      ['GOVERN 1.1', true],
      ['GOVERN 1.2', false],
    ]);
    expect(decisions(backward)).toEqual(decisions(forward));
  });

  it('refuses a run holding two trust lists: which keys it trusted is ambiguous', () => {
    // Prepare
    const gathered = new RunAttestations();
    gathered.add(sealedTrustList([{ name: 'dana-reyes', signer: attester }]).record, 'a');
    // Act / Assess
    expect(() => gathered.add(sealedTrustList([]).record, 'b')).toThrow(/two trust lists of attester keys \(records a and b\)/);
  });
});

describe('loadAttestations with a trust list', () => {
  it('seals the trust list first, then each attestation, and judges them from those records with their files', async () => {
    // Prepare: two attestations by two keys, one of them trusted.
    const dir = await temp.make('trust');
    const stranger = newSigner();
    await mkdir(join(dir, 'attestations'));
    for (const [name, requirement, signer] of [
      ['a', 'GOVERN 1.1', attester],
      ['b', 'GOVERN 1.2', stranger],
    ] as const) {
      const file = await signAttestation(attestationOf({ requirement }), signer);
      await writeFile(join(dir, 'attestations', `${name}${ATTESTATION_FILE_SUFFIX}`), JSON.stringify(file));
    }
    await mkdir(join(dir, 'trusted'));
    await writeFile(join(dir, 'trusted', 'dana-reyes.pem'), attester.publicKeyPem);
    // Act
    const loaded = await loadAttestations(join(dir, 'attestations'), AT, { dir: join(dir, 'trusted'), accountId: '444455556666' });
    const judged = asRunAttestations(loaded);
    // Assess
    expect(loaded.records.map((r) => r.source.collector)).toEqual([TRUST_LIST_COLLECTOR, ATTESTATION_COLLECTOR, ATTESTATION_COLLECTOR]);
    expect(loaded.records[0]?.accountId).toBe('444455556666');
    expect(judged.trustList?.attesters.map((a) => a.name)).toEqual(['dana-reyes']);
    expect(judged.attestations.map((a) => [a.file, a.trust.trusted])).toEqual([
      [join(dir, 'attestations', `a${ATTESTATION_FILE_SUFFIX}`), true],
      [join(dir, 'attestations', `b${ATTESTATION_FILE_SUFFIX}`), false],
    ]);
  });

  it('seals an empty trust list when there is none, naming where it looked, so the run records that it trusted no key', async () => {
    // Prepare
    const dir = await temp.make('trust');
    // Act
    const loaded = await loadAttestations(join(dir, 'attestations'), AT, { dir: join(dir, 'trusted'), accountId: '111122223333' });
    // Assess
    expect(loaded.records).toHaveLength(1);
    expect(loaded.records[0]?.data).toEqual({ schemaVersion: 1, source: join(dir, 'trusted'), attesters: [] });
    expect(loaded.trustList.found).toBe(false);
  });
});
