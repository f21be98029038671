import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandOutput,
  type KMSClient,
  SignCommand,
  type SignCommandOutput,
} from '@aws-sdk/client-kms';
import { KeyError, keyIdOf, parsePublicKey, SIGNING_ALGORITHM, type Signer, verifySignature } from './signer.js';

export interface KmsSignerOptions {
  client: KMSClient;
  /** Key id, key ARN, alias name (`alias/...`) or alias ARN. */
  keyId: string;
}

/** A signer whose private key never leaves AWS KMS. */
export interface KmsSigner extends Signer {
  /** The KMS key that signs, as KMS names it in GetPublicKey (the key's ARN on AWS). */
  readonly kmsKeyId: string;
}

const KEY_SPEC = 'ECC_NIST_P256';

interface AwsErrorLike {
  name?: unknown;
  message?: unknown;
}

/** Turns an SDK error from `action` on the key into a KeyError a person can act on. */
function kmsError(error: unknown, action: 'kms:GetPublicKey' | 'kms:Sign', keyId: string): KeyError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const detail = typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
  let message: string;
  switch (name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
      message = `${action} on the KMS key ${keyId} is denied: grant ${action} on the key to these credentials (${detail}).`;
      break;
    case 'DisabledException':
      message = `The KMS key ${keyId} is disabled, so ${action} fails: enable the key (${detail}).`;
      break;
    case 'KMSInvalidStateException':
      message = `The KMS key ${keyId} is not in a state that allows ${action} (pending deletion, or awaiting key material): ${detail}.`;
      break;
    case 'NotFoundException':
      message = `The KMS key ${keyId} does not exist in this account and region (${action}): ${detail}.`;
      break;
    default:
      message = `${action} on the KMS key ${keyId} failed: ${name}: ${detail}.`;
  }
  return new KeyError(message, { cause: error });
}

/** Checks GetPublicKey's answer describes an ECC_NIST_P256 signing key that allows ECDSA_SHA_256. */
function checkKey(answer: GetPublicKeyCommandOutput, keyId: string): void {
  const spec = answer.KeySpec ?? answer.CustomerMasterKeySpec;
  if (spec !== undefined && spec !== KEY_SPEC) {
    throw new KeyError(`The KMS key ${keyId} has key spec ${spec}; the evidence seal needs an ${KEY_SPEC} key.`);
  }
  if (answer.KeyUsage !== undefined && answer.KeyUsage !== 'SIGN_VERIFY') {
    throw new KeyError(`The KMS key ${keyId} has key usage ${answer.KeyUsage}; the evidence seal needs a SIGN_VERIFY key.`);
  }
  const algorithms = answer.SigningAlgorithms ?? [];
  if (!algorithms.includes(SIGNING_ALGORITHM)) {
    throw new KeyError(
      `The KMS key ${keyId} does not allow ${SIGNING_ALGORITHM} (it allows ${algorithms.length > 0 ? algorithms.join(', ') : 'no signing algorithm'}).`,
    );
  }
  if (answer.PublicKey === undefined || answer.PublicKey.length === 0) {
    throw new KeyError(`GetPublicKey returned no public key for the KMS key ${keyId}.`);
  }
}

/**
 * A signer over an asymmetric KMS key (ECC_NIST_P256, ECDSA_SHA_256). The public key is fetched
 * once; its key id is the SHA-256 of its DER SPKI, as for a local key, so verification does not
 * depend on where the key lives. Messages are signed as RAW (KMS hashes them), which is why
 * sealRun keeps the signed message under 4096 bytes.
 */
export async function kmsSigner(options: KmsSignerOptions): Promise<KmsSigner> {
  const { client, keyId } = options;
  let answer: GetPublicKeyCommandOutput;
  try {
    answer = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
  } catch (error) {
    throw kmsError(error, 'kms:GetPublicKey', keyId);
  }
  checkKey(answer, keyId);
  const publicKey = parsePublicKey(answer.PublicKey as Uint8Array, `The public key of the KMS key ${keyId}`);
  // Sign with the key GetPublicKey resolved (an alias may be pointed at another key later).
  const kmsKeyId = answer.KeyId ?? keyId;
  return {
    keyId: keyIdOf(publicKey),
    algorithm: SIGNING_ALGORITHM,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    kmsKeyId,
    async sign(message) {
      let answer: SignCommandOutput;
      try {
        answer = await client.send(
          new SignCommand({ KeyId: kmsKeyId, Message: message, MessageType: 'RAW', SigningAlgorithm: SIGNING_ALGORITHM }),
        );
      } catch (error) {
        throw kmsError(error, 'kms:Sign', keyId);
      }
      const signature = answer?.Signature;
      if (signature === undefined || signature.length === 0)
        throw new KeyError(`kms:Sign with the KMS key ${keyId} returned no signature.`);
      // A signature the stored public key does not verify would seal a run nobody can check.
      if (!verifySignature(publicKey, message, signature)) {
        throw new KeyError(`The signature from the KMS key ${keyId} does not verify with the key's public key.`);
      }
      return signature;
    },
  };
}
