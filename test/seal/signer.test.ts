import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateLocalSigner, localSigner } from '../../lib/seal/local-signer.js';
import { KeyError, keyIdOf, parsePublicKey, SIGNING_ALGORITHM, verifySignature } from '../../lib/seal/signer.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

/** Reads an ASN.1 DER ECDSA-Sig-Value: SEQUENCE { r INTEGER, s INTEGER }, returning r and s. */
function parseDerSignature(der: Uint8Array): { r: Buffer; s: Buffer } {
  const b = Buffer.from(der);
  expect(b[0]).toBe(0x30);
  expect(b[1]).toBe(b.length - 2);
  let offset = 2;
  const integer = () => {
    expect(b[offset]).toBe(0x02);
    const length = b[offset + 1] as number;
    const value = b.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    return value;
  };
  const r = integer();
  const s = integer();
  expect(offset).toBe(b.length);
  return { r, s };
}

describe('loadOrCreateLocalSigner', () => {
  it('creates a P-256 key readable by its owner only on first use, with its public key beside it', async () => {
    // Prepare
    const dir = await temp.make('signer');
    const path = join(dir, 'nested', 'signing-key.pem');

    // Act
    const { signer, created } = await loadOrCreateLocalSigner(path);

    // Assess
    expect(created).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const privateKey = createPrivateKey(await readFile(path, 'utf8'));
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const publicPem = await readFile(`${path}.pub.pem`, 'utf8');
    expect(publicPem).toBe(signer.publicKeyPem);
    const der = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
    expect(signer.keyId).toBe(createHash('sha256').update(der).digest('hex'));
    expect(signer.algorithm).toBe(SIGNING_ALGORITHM);
  });

  it('reloads the same key on later use instead of replacing it', async () => {
    // Prepare
    const dir = await temp.make('signer');
    const path = join(dir, 'signing-key.pem');
    const first = await loadOrCreateLocalSigner(path);
    const pem = await readFile(path, 'utf8');

    // Act
    const second = await loadOrCreateLocalSigner(path);

    // Assess
    expect(second.created).toBe(false);
    expect(second.signer.keyId).toBe(first.signer.keyId);
    expect(await readFile(path, 'utf8')).toBe(pem);
    const message = Buffer.from('signed by the reloaded key');
    const signature = await second.signer.sign(message);
    expect(verify('sha256', message, { key: first.signer.publicKeyPem, dsaEncoding: 'der' }, signature)).toBe(true);
  });

  it.each([
    ['a P-384 key', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' })],
    ['an Ed25519 key', () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' })],
    ['text that is no key', () => 'not a key\n'],
  ])('refuses %s with KeyError and leaves the file as it was', async (_name, content) => {
    // Prepare
    const dir = await temp.make('signer');
    const path = join(dir, 'signing-key.pem');
    const written = String(content());
    await writeFile(path, written, { mode: 0o600 });

    // Act
    const loading = loadOrCreateLocalSigner(path);

    // Assess
    await expect(loading).rejects.toBeInstanceOf(KeyError);
    expect(await readFile(path, 'utf8')).toBe(written);
  });
});

describe('localSigner', () => {
  it('produces DER-encoded ECDSA signatures that node:crypto verifies with the public key', async () => {
    // Prepare
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = localSigner(privateKey);
    const message = Buffer.from('DSSEv1 4 type 7 payload');

    // Act
    const signature = await signer.sign(message);

    // Assess
    const { r, s } = parseDerSignature(signature);
    expect(r.length).toBeLessThanOrEqual(33);
    expect(s.length).toBeLessThanOrEqual(33);
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('another message'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(false);
    expect(verifySignature(publicKey, message, signature)).toBe(true);
    expect(verifySignature(publicKey, message, Buffer.from('not a signature'))).toBe(false);
  });

  it('refuses a private key that is not EC P-256 with KeyError', () => {
    // Prepare
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });

    // Act / Assess
    expect(() => localSigner(privateKey)).toThrow(KeyError);
  });
});

describe('parsePublicKey', () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const expectedId = createHash('sha256').update(der).digest('hex');

  it.each([
    ['a PEM string', pem],
    ['PEM bytes', Buffer.from(pem)],
    ['DER SPKI bytes', der],
  ])('accepts %s and gives the key id of its DER SPKI', (_name, input) => {
    // Act
    const key = parsePublicKey(input, 'the test key');

    // Assess
    expect(keyIdOf(key)).toBe(expectedId);
  });

  it.each([
    ['garbage', Buffer.from('garbage')],
    ['a truncated DER key', der.subarray(0, der.length - 5)],
    ['a P-384 key', generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ type: 'spki', format: 'pem' })],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' })],
  ])('refuses %s with KeyError naming where it came from', (_name, input) => {
    // Act / Assess
    expect(() => parsePublicKey(input, 'keys/pinned.pem')).toThrow(KeyError);
    expect(() => parsePublicKey(input, 'keys/pinned.pem')).toThrow(/keys\/pinned\.pem/);
  });
});
