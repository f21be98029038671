import { describe, expect, it } from 'vitest';
import type { AttestationTrust } from '../../lib/attestations/trust.js';
import type { Finding, FindingStatus } from '../../lib/controls/types.js';
import type { Framework } from '../../lib/frameworks/definitions.js';
import { nistAiRmf } from '../../lib/frameworks/definitions.js';
import { rollUp } from '../../lib/frameworks/rollup.js';
import { sealedAttestation } from '../fixtures/attestations.js';
import { stubControl } from '../fixtures/controls.js';
import { SCOPE } from '../fixtures/evidence.js';

const AT_VALID = '2026-06-01T00:00:00.000Z';
const AT_EXPIRED = '2027-02-01T00:00:00.000Z';

function finding(controlId: string, status: FindingStatus): Finding {
  return {
    schemaVersion: 1,
    controlId,
    status,
    severity: 'LOW',
    ...SCOPE,
    resource: { type: 'AWS::Test::Thing', id: `arn:aws:test:::thing/${controlId}` },
    reason: `${controlId} is ${status}.`,
    evidence: [],
  };
}

/** GOVERN 1.1 (real id, so attestations of it validate): partly automated by `c`; GOVERN 1.2: manual; MEASURE 2.7: automated. */
const FRAMEWORK: Framework = {
  ...nistAiRmf,
  requirements: nistAiRmf.requirements.filter((r) => ['GOVERN 1.1', 'GOVERN 1.2', 'MEASURE 2.7'].includes(r.id)),
};
const partly = stubControl('c_partly_x', { aiRmf: ['GOVERN 1.1'] });
const automated = stubControl('d_automated_x', { aiRmf: ['MEASURE 2.7'] });

async function statusOf(
  requirement: string,
  findings: Finding[],
  attestations: Awaited<ReturnType<typeof sealedAttestation>>[],
  at: string,
) {
  const result = rollUp(FRAMEWORK, [partly, automated], findings, { attestations, at });
  return result.requirements.find((r) => r.id === requirement);
}

describe('roll-up with attestations', () => {
  it('tells automated, partly automated and manual requirements apart', async () => {
    // Act
    const result = rollUp(FRAMEWORK, [partly, automated], []);
    // Assess
    expect(result.requirements.map((r) => [r.id, r.automation])).toEqual([
      ['GOVERN 1.1', 'PARTLY_AUTOMATED'],
      ['GOVERN 1.2', 'MANUAL'],
      ['MEASURE 2.7', 'AUTOMATED'],
    ]);
    expect(result.automation).toEqual({ AUTOMATED: 1, PARTLY_AUTOMATED: 1, MANUAL: 1 });
  });

  it.each([
    ['no attestation', [], AT_VALID, 'ATTESTATION_REQUIRED'],
    ['a valid attestation', ['GOVERN 1.2'], AT_VALID, 'ATTESTED'],
    ['an attestation past its last day', ['GOVERN 1.2'], AT_EXPIRED, 'ATTESTATION_EXPIRED'],
    ['an attestation of another requirement', ['GOVERN 1.1'], AT_VALID, 'ATTESTATION_REQUIRED'],
  ])('gives a manual requirement with %s the status %s', async (_case, attested, at, expected) => {
    // Prepare
    const attestations = await Promise.all(attested.map((requirement) => sealedAttestation({ requirement })));
    // Act
    const result = await statusOf('GOVERN 1.2', [], attestations, at);
    // Assess
    expect(result?.status).toBe(expected);
  });

  it.each<[string, FindingStatus, boolean, string, string]>([
    ['passing controls and a valid attestation', 'PASS', true, AT_VALID, 'PASS'],
    ['passing controls and no attestation', 'PASS', false, AT_VALID, 'ATTESTATION_REQUIRED'],
    ['passing controls and an expired attestation', 'PASS', true, AT_EXPIRED, 'ATTESTATION_EXPIRED'],
    ['a failing control, whatever is attested', 'FAIL', true, AT_VALID, 'FAIL'],
    ['a control without evidence, whatever is attested', 'INSUFFICIENT_EVIDENCE', true, AT_VALID, 'INSUFFICIENT_EVIDENCE'],
  ])('gives a partly automated requirement with %s the status %s', async (_case, controlStatus, attested, at, expected) => {
    // Prepare
    const attestations = attested ? [await sealedAttestation({ requirement: 'GOVERN 1.1' })] : [];
    // Act
    const result = await statusOf('GOVERN 1.1', [finding(partly.id, controlStatus)], attestations, at);
    // Assess
    expect(result?.status).toBe(expected);
  });

  it('decides an automated requirement by its controls alone', async () => {
    // Act
    const result = await statusOf('MEASURE 2.7', [finding(automated.id, 'PASS')], [], AT_VALID);
    // Assess
    expect(result?.status).toBe('PASS');
  });

  const UNTRUSTED: AttestationTrust = { trusted: false, reason: 'signed by an untrusted key 0123456789abcdef: the key is not on the list' };

  it('does not count a valid attestation signed by an untrusted key: a manual requirement stays ATTESTATION_REQUIRED, and it is listed', async () => {
    // Prepare
    const untrusted = await sealedAttestation({ requirement: 'GOVERN 1.2' }, UNTRUSTED);
    // Act
    const result = await statusOf('GOVERN 1.2', [], [untrusted], AT_VALID);
    // Assess
    expect(result?.status).toBe('ATTESTATION_REQUIRED');
    expect(result?.attestation).toBeUndefined();
    expect(result?.untrusted).toEqual([
      {
        owner: 'Dana Reyes, Head of AI Governance, dana.reyes@example.com',
        keyId: untrusted.keyId,
        evidence: untrusted.evidenceSha256,
        reason: UNTRUSTED.reason,
      },
    ]);
  });

  it('does not let an untrusted attestation complete a partly automated requirement whose controls pass', async () => {
    // Prepare
    const untrusted = await sealedAttestation({ requirement: 'GOVERN 1.1' }, UNTRUSTED);
    // Act
    const result = await statusOf('GOVERN 1.1', [finding(partly.id, 'PASS')], [untrusted], AT_VALID);
    // Assess
    expect(result?.status).toBe('ATTESTATION_REQUIRED');
    expect(result?.untrusted).toHaveLength(1);
  });

  it('prefers a trusted expired attestation to an untrusted valid one: ATTESTATION_EXPIRED, the untrusted one listed', async () => {
    // Prepare
    const expired = await sealedAttestation({ requirement: 'GOVERN 1.2', validUntil: '2026-03-31' });
    const untrusted = await sealedAttestation({ requirement: 'GOVERN 1.2', validUntil: '2026-09-30' }, UNTRUSTED);
    // Act
    const result = await statusOf('GOVERN 1.2', [], [untrusted, expired], AT_VALID);
    // Assess
    expect(result?.status).toBe('ATTESTATION_EXPIRED');
    expect(result?.attestation).toMatchObject({ evidence: expired.evidenceSha256, attester: 'dana-reyes' });
    expect(result?.untrusted?.map((u) => u.evidence)).toEqual([untrusted.evidenceSha256]);
  });

  it('shows the best attestation: a valid one over an expired one, with its owner, links and sealed digest', async () => {
    // Prepare
    const expired = await sealedAttestation({ requirement: 'GOVERN 1.2', validUntil: '2026-03-31' });
    const valid = await sealedAttestation({ requirement: 'GOVERN 1.2', validUntil: '2026-09-30' });
    // Act
    const result = await statusOf('GOVERN 1.2', [], [expired, valid], AT_VALID);
    // Assess
    expect(result?.status).toBe('ATTESTED');
    expect(result?.attestation).toMatchObject({
      state: 'VALID',
      validUntil: '2026-09-30',
      owner: 'Dana Reyes, Head of AI Governance, dana.reyes@example.com',
      evidenceLinks: ['https://wiki.example.com/ai/regulatory-register'],
      evidence: valid.evidenceSha256,
      attester: 'dana-reyes',
    });
    expect(result?.untrusted).toBeUndefined();
  });
});
