import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { preAuthEncoding } from '../../lib/seal/dsse.js';
import { localSigner } from '../../lib/seal/local-signer.js';
import { MAX_SIGNED_MESSAGE_BYTES, type SealInput, sealRun } from '../../lib/seal/seal.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

function objects(count: number, label: string): { bytes: string; sha256: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const bytes = JSON.stringify({ label, i });
    return { bytes, sha256: sha256(bytes) };
  });
}

const base: SealInput = {
  runId: '20260101T120000000Z-0a0b0c0d',
  startedAt: '2026-01-01T12:00:00.000Z',
  finishedAt: '2026-01-01T12:03:00.000Z',
  toolVersion: 'ai-evidence/0.1.0',
  catalogVersion: 'sha256:0123456789abcdef',
  scopes: [{ accountId: '111122223333', region: 'eu-west-1' }],
  coverage: [],
  evidence: [],
  findings: [],
  previous: { runId: '20251231T120000000Z-01020304', statementSha256: 'ab'.repeat(32) },
  signer,
};

/** The bytes the signer signed, rebuilt from the envelope. */
function signedMessage(envelope: Buffer): Buffer {
  const { payloadType, payload } = JSON.parse(envelope.toString('utf8'));
  return preAuthEncoding(payloadType, Buffer.from(payload, 'base64'));
}

describe('sealRun', () => {
  it('keeps the signed statement under 4096 bytes, and as small as for one object, for a run of thousands of objects', async () => {
    // Prepare
    const large = { ...base, evidence: objects(6000, 'evidence'), findings: objects(6000, 'finding') };
    const small = { ...base, evidence: objects(1, 'evidence') };

    // Act
    const [sealedLarge, sealedSmall] = [await sealRun(large), await sealRun(small)];

    // Assess
    expect(sealedLarge.objects).toHaveLength(12001);
    const message = signedMessage(sealedLarge.envelope);
    expect(message.length).toBeLessThan(4096);
    expect(message.length).toBe(signedMessage(sealedSmall.envelope).length);
  });

  it('refuses, without signing, a statement whose pre-authentication encoding would exceed what KMS signs', async () => {
    // Prepare
    const sign = vi.fn(signer.sign);
    const input = { ...base, toolVersion: `ai-evidence/${'x'.repeat(MAX_SIGNED_MESSAGE_BYTES)}`, signer: { ...signer, sign } };

    // Act
    const sealing = sealRun(input);

    // Assess
    await expect(sealing).rejects.toThrow(/4096/);
    expect(sign).not.toHaveBeenCalled();
  });

  it('stores identical bytes once: the key is the SHA-256 of the content', async () => {
    // Prepare
    const [one] = objects(1, 'same') as [{ bytes: string; sha256: string }];

    // Act
    const sealed = await sealRun({ ...base, evidence: [one, one, one] });

    // Assess
    const evidenceKeys = sealed.objects.filter((o) => o.kind === 'evidence').map((o) => o.key);
    expect(evidenceKeys).toEqual([`runs/${base.runId}/evidence/${one.sha256}.json`]);
  });
});
