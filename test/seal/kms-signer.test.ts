import 'aws-sdk-client-mock-vitest/extend';
import { createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { GetPublicKeyCommand, type GetPublicKeyCommandOutput, KMSClient, KMSServiceException, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { kmsSigner } from '../../lib/seal/kms-signer.js';
import { KeyError, keyIdOf, verifySignature } from '../../lib/seal/signer.js';

const kms = mockClient(KMSClient);
const client = new KMSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALIAS = 'alias/ai-evidence-seal';

/** A real P-256 key stands in for the KMS key: the mock answers with its public key and its signatures. */
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));

function publicKeyAnswer(overrides: Partial<GetPublicKeyCommandOutput> = {}): GetPublicKeyCommandOutput {
  return {
    $metadata: {},
    KeyId: ARN,
    KeySpec: 'ECC_NIST_P256',
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['ECDSA_SHA_256'],
    PublicKey: spki,
    ...overrides,
  };
}

function serviceError(name: string, message: string): KMSServiceException {
  return new KMSServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

function signWith(key: KeyObject) {
  return (input: { Message?: Uint8Array }) => ({
    $metadata: {},
    KeyId: ARN,
    SigningAlgorithm: 'ECDSA_SHA_256' as const,
    Signature: new Uint8Array(sign('sha256', input.Message ?? new Uint8Array(), { key, dsaEncoding: 'der' })),
  });
}

beforeEach(() => {
  kms.reset();
});

afterAll(() => {
  kms.restore();
});

describe('kmsSigner', () => {
  it('fetches the public key once and signs RAW messages with ECDSA_SHA_256 through the resolved key', async () => {
    kms.on(GetPublicKeyCommand).resolves(publicKeyAnswer());
    kms.on(SignCommand).callsFake(signWith(privateKey));

    const signer = await kmsSigner({ client, keyId: ALIAS });
    expect(signer.keyId).toBe(keyIdOf(publicKey));
    expect(signer.algorithm).toBe('ECDSA_SHA_256');
    expect(signer.kmsKeyId).toBe(ARN);
    expect(signer.publicKeyPem).toBe(publicKey.export({ type: 'spki', format: 'pem' }).toString());

    const message = new TextEncoder().encode('DSSEv1 28 application/vnd.in-toto+json 2 {}');
    const first = await signer.sign(message);
    const second = await signer.sign(message);
    expect(verifySignature(createPublicKey(signer.publicKeyPem), message, first)).toBe(true);
    expect(verifySignature(createPublicKey(signer.publicKeyPem), message, second)).toBe(true);

    expect(kms).toHaveReceivedCommandTimes(GetPublicKeyCommand, 1);
    expect(kms).toHaveReceivedCommandWith(GetPublicKeyCommand, { KeyId: ALIAS });
    expect(kms).toHaveReceivedCommandTimes(SignCommand, 2);
    expect(kms).toHaveReceivedCommandWith(SignCommand, {
      KeyId: ARN,
      Message: message,
      MessageType: 'RAW',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
  });

  it('accepts the legacy CustomerMasterKeySpec field and falls back to the given key id', async () => {
    kms.on(GetPublicKeyCommand).resolves(publicKeyAnswer({ KeySpec: undefined, CustomerMasterKeySpec: 'ECC_NIST_P256', KeyId: undefined }));
    kms.on(SignCommand).callsFake(signWith(privateKey));
    const signer = await kmsSigner({ client, keyId: ALIAS });
    expect(signer.kmsKeyId).toBe(ALIAS);
    await signer.sign(new Uint8Array([1, 2, 3]));
    expect(kms).toHaveReceivedCommandWith(SignCommand, { KeyId: ALIAS });
  });

  it.each([
    ['another key spec', { KeySpec: 'ECC_NIST_P384' as const, SigningAlgorithms: ['ECDSA_SHA_384' as const] }, /key spec ECC_NIST_P384/],
    ['an encryption key', { KeySpec: 'ECC_NIST_P256' as const, KeyUsage: 'ENCRYPT_DECRYPT' as const }, /key usage ENCRYPT_DECRYPT/],
    ['no ECDSA_SHA_256', { SigningAlgorithms: [] }, /does not allow ECDSA_SHA_256 \(it allows no signing algorithm\)/],
    ['no public key', { PublicKey: undefined }, /returned no public key/],
    [
      'a secp256k1 key behind a P-256 spec',
      {
        PublicKey: new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'der' })),
      },
      /not an EC P-256 public key/,
    ],
  ])('refuses %s with a KeyError naming the key', async (_what, overrides, message) => {
    kms.on(GetPublicKeyCommand).resolves(publicKeyAnswer(overrides));
    const attempt = kmsSigner({ client, keyId: ALIAS });
    await expect(attempt).rejects.toBeInstanceOf(KeyError);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toThrow(ALIAS);
  });

  it('names the key and kms:GetPublicKey when it is denied', async () => {
    kms.on(GetPublicKeyCommand).rejects(serviceError('AccessDeniedException', 'User is not authorized to perform kms:GetPublicKey'));
    const attempt = kmsSigner({ client, keyId: ALIAS });
    await expect(attempt).rejects.toBeInstanceOf(KeyError);
    await expect(attempt).rejects.toThrow(`kms:GetPublicKey on the KMS key ${ALIAS} is denied: grant kms:GetPublicKey`);
  });

  it('names the key when it is disabled, missing or pending deletion', async () => {
    kms
      .on(GetPublicKeyCommand)
      .rejectsOnce(serviceError('DisabledException', 'key is disabled'))
      .rejectsOnce(serviceError('NotFoundException', 'Alias is not found'))
      .rejectsOnce(serviceError('KMSInvalidStateException', 'key is pending deletion'));
    await expect(kmsSigner({ client, keyId: ALIAS })).rejects.toThrow(`The KMS key ${ALIAS} is disabled, so kms:GetPublicKey fails`);
    await expect(kmsSigner({ client, keyId: ALIAS })).rejects.toThrow(`The KMS key ${ALIAS} does not exist`);
    await expect(kmsSigner({ client, keyId: ALIAS })).rejects.toThrow(
      `The KMS key ${ALIAS} is not in a state that allows kms:GetPublicKey (pending deletion, or awaiting key material): key is pending deletion`,
    );
  });

  it('names the key and kms:Sign when signing is denied, or the key was disabled since', async () => {
    kms.on(GetPublicKeyCommand).resolves(publicKeyAnswer());
    const signer = await kmsSigner({ client, keyId: ALIAS });
    kms
      .on(SignCommand)
      .rejectsOnce(serviceError('AccessDeniedException', 'not authorized to perform kms:Sign'))
      .rejectsOnce(serviceError('DisabledException', 'key is disabled'));
    await expect(signer.sign(new Uint8Array([1]))).rejects.toThrow(`kms:Sign on the KMS key ${ALIAS} is denied: grant kms:Sign`);
    await expect(signer.sign(new Uint8Array([1]))).rejects.toThrow(`The KMS key ${ALIAS} is disabled, so kms:Sign fails`);
  });

  it('refuses a signature that does not verify with the fetched public key, or none at all', async () => {
    kms.on(GetPublicKeyCommand).resolves(publicKeyAnswer());
    const signer = await kmsSigner({ client, keyId: ALIAS });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    kms.on(SignCommand).callsFakeOnce(signWith(other)).resolvesOnce({ $metadata: {} });
    await expect(signer.sign(new Uint8Array([1]))).rejects.toThrow(`The signature from the KMS key ${ALIAS} does not verify`);
    await expect(signer.sign(new Uint8Array([1]))).rejects.toThrow('returned no signature');
  });
});
