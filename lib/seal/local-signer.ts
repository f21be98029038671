import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KeyError, keyIdOf, SIGNING_ALGORITHM, type Signer } from './signer.js';

/** A signer over a P-256 private key held in memory. */
export function localSigner(privateKey: KeyObject): Signer {
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new KeyError('The local signing key is not an EC P-256 private key.');
  }
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    algorithm: SIGNING_ALGORITHM,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    async sign(message) {
      return sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
    },
  };
}

/**
 * Loads the PKCS#8 PEM private key at `path`, or generates a P-256 key there on first use
 * (readable by its owner only). The public key goes beside it as `<path>.pub.pem`.
 */
export async function loadOrCreateLocalSigner(path: string): Promise<{ signer: Signer; created: boolean }> {
  let pem: string | undefined;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new KeyError(`The signing key ${path} cannot be read: ${(error as Error).message}.`, { cause: error });
    }
  }
  if (pem !== undefined) {
    try {
      return { signer: localSigner(createPrivateKey(pem)), created: false };
    } catch (error) {
      if (error instanceof KeyError) throw error;
      throw new KeyError(`The signing key ${path} is not a PEM private key: ${(error as Error).message}.`, { cause: error });
    }
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await mkdir(dirname(path), { recursive: true });
  // 'wx': never replace a key that appeared meanwhile; a lost key would break the chain.
  await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  const signer = localSigner(privateKey);
  await writeFile(`${path}.pub.pem`, signer.publicKeyPem, { mode: 0o644 });
  return { signer, created: true };
}
