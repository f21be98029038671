import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ATTESTATION_COLLECTOR,
  ATTESTATION_PAYLOAD_TYPE,
  AttestationError,
  attestationRecord,
  attestationState,
  openAttestation,
  signAttestation,
} from '../../lib/attestations/attestation.js';
import { attestationsOf } from '../../lib/attestations/run.js';
import { EvidenceRecordSchema, sealEvidence } from '../../lib/evidence/record.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { attestationOf, attester } from '../fixtures/attestations.js';

const otherKey = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

describe('attestation files', () => {
  it('opens what it signed, naming the author key and the payload digest', async () => {
    // Prepare
    const file = await signAttestation(attestationOf(), attester);
    // Act
    const opened = openAttestation(JSON.parse(JSON.stringify(file)), 'a.attestation.json');
    // Assess
    expect(opened.attestation).toEqual(attestationOf());
    expect(opened.keyId).toBe(attester.keyId);
    expect(opened.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file.envelope.payloadType).toBe(ATTESTATION_PAYLOAD_TYPE);
  });

  it('refuses a payload changed after signing, naming the file', async () => {
    // Prepare: extend the validity by a year.
    const file = await signAttestation(attestationOf(), attester);
    const altered = { ...attestationOf(), validUntil: '2027-12-31' };
    const tampered = { ...file, envelope: { ...file.envelope, payload: Buffer.from(JSON.stringify(altered)).toString('base64') } };
    // Act / Assess
    expect(() => openAttestation(tampered, 'governance/a.attestation.json')).toThrow(
      /governance\/a\.attestation\.json is not signed by the key it carries/,
    );
  });

  it('refuses a signature made with a key other than the one it carries', async () => {
    // Prepare: the signature of one key, the public key of another.
    const file = await signAttestation(attestationOf(), attester);
    const swapped = { ...file, publicKeyPem: otherKey.publicKeyPem };
    // Act / Assess
    expect(() => openAttestation(swapped, 'a.json')).toThrow(AttestationError);
  });

  it.each([
    ['a requirement the framework does not have', { requirement: 'GOVERN 9.9' }, /GOVERN 9\.9 is not a requirement of NIST AI RMF/],
    ['no evidence link', { evidenceLinks: [] }, /at least one piece of evidence/],
    ['a link that is not http(s)', { evidenceLinks: ['javascript:alert(1)'] }, /evidenceLinks/],
    ['an expiry before the issue date', { validUntil: '2025-01-01' }, /validUntil is before issuedAt/],
    ['a statement too short to say anything', { statement: 'ok' }, /at least a sentence/],
  ])('refuses to sign %s', async (_case, overrides, message) => {
    // Act / Assess
    await expect(signAttestation(attestationOf(overrides), attester)).rejects.toThrow(message);
  });

  it('refuses a file that is not an attestation file, saying what is wrong', () => {
    // Act / Assess
    expect(() => openAttestation({ hello: 'world' }, 'x.json')).toThrow(/x\.json is not an attestation file/);
  });
});

describe('attestation validity', () => {
  it.each([
    ['2026-01-15T09:59:59.999Z', 'NOT_YET_VALID'],
    ['2026-01-15T10:00:00.000Z', 'VALID'],
    ['2026-12-31T23:59:59.999Z', 'VALID'],
    ['2027-01-01T00:00:00.000Z', 'EXPIRED'],
  ])('at %s is %s (valid from issue to the end of its last day, UTC)', (at, state) => {
    // Act / Assess
    expect(attestationState(attestationOf(), at)).toBe(state);
  });
});

describe('attestations sealed in a run', () => {
  it('become evidence records that re-open from the run, checking the signature again', async () => {
    // Prepare
    const file = await signAttestation(attestationOf(), attester);
    const record = attestationRecord(file, openAttestation(file, 'a.json'), new Date('2026-02-01T00:00:00.000Z'));
    const sealed = sealEvidence(record);
    // Act
    const [reopened] = attestationsOf([sealed]).attestations;
    // Assess
    expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({ accountId: '111122223333', region: 'global', source: { collector: ATTESTATION_COLLECTOR } });
    expect(reopened).toMatchObject({ attestation: attestationOf(), evidenceSha256: sealed.sha256, keyId: attester.keyId });
  });

  it('makes a sealed attestation whose record was altered an error, never a valid attestation', async () => {
    // Prepare
    const file = await signAttestation(attestationOf(), attester);
    const record = attestationRecord(file, openAttestation(file, 'a.json'), new Date('2026-02-01T00:00:00.000Z'));
    const forged = { ...attestationOf(), owner: { name: 'Someone Else' } };
    const data = { ...record.data, envelope: { ...file.envelope, payload: Buffer.from(JSON.stringify(forged)).toString('base64') } };
    // Act / Assess
    expect(() => attestationsOf([sealEvidence({ ...record, data })])).toThrow(/not signed by the key it carries/);
  });
});
