import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { sha256Hex } from '../evidence/canonical.js';

/** ECDSA over P-256 with SHA-256, DER-encoded signatures: what AWS KMS calls ECDSA_SHA_256. */
export const SIGNING_ALGORITHM = 'ECDSA_SHA_256';

/** Signs run statements. A local key offline; AWS KMS in the cloud. */
export interface Signer {
  /** SHA-256 (hex) of the public key's DER SubjectPublicKeyInfo. */
  readonly keyId: string;
  readonly algorithm: typeof SIGNING_ALGORITHM;
  /** The public key as PEM (SPKI), stored with every run so that verification needs no AWS. */
  readonly publicKeyPem: string;
  /** Signs `message` (SHA-256 is applied by the signer), returning a DER-encoded ECDSA signature. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** The key id of a public key: SHA-256 of its DER SPKI. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' }));
}

/** Parses a PEM or DER SPKI public key, refusing anything but an EC P-256 key. */
export function parsePublicKey(bytes: Uint8Array | string, where: string): KeyObject {
  let key: KeyObject;
  try {
    const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
    key = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(bytes as Uint8Array), format: 'der', type: 'spki' });
  } catch (error) {
    throw new KeyError(`${where} is not a public key: ${(error as Error).message}.`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new KeyError(`${where} is not an EC P-256 public key.`);
  }
  return key;
}

/** Checks a DER ECDSA P-256 / SHA-256 signature. */
export function verifySignature(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

export class KeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KeyError';
  }
}
