/**
 * The KMS signer against moto server: a real ECC_NIST_P256 SIGN_VERIFY key in moto signs a run of
 * the demo estate, and the run verifies offline with the key's public key pinned (and fails with
 * another key pinned). moto hashes the message whatever MessageType says, so RAW is what it signs
 * as AWS does.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEstate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { assess } from '../../lib/pipeline/assess.js';
import { kmsSigner } from '../../lib/seal/kms-signer.js';
import { keyIdOf, parsePublicKey } from '../../lib/seal/signer.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { endpoint, freshAccount, type MotoAccount, moto, skipReason } from './moto.js';

const US = 'us-east-1';

async function createSigningKey(kms: KMSClient): Promise<string> {
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'ai-evidence seal (integration test)' }),
  );
  if (!KeyMetadata?.Arn) throw new Error('moto CreateKey returned no ARN.');
  return KeyMetadata.Arn;
}

describe.skipIf(moto.endpoint === null)(`KMS signer against moto server${skipReason}`, () => {
  let scratch = '';
  let account: MotoAccount;
  let kms: KMSClient;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-kms-moto-'));
    account = await freshAccount();
    kms = new KMSClient({ endpoint: endpoint(), region: US, credentials: account.credentials });
  });

  afterAll(async () => {
    kms?.destroy();
    await rm(scratch, { recursive: true, force: true });
  });

  it('seals a run of the demo estate that verifies offline with the KMS public key pinned', async () => {
    const arn = await createSigningKey(kms);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/ai-evidence-seal', TargetKeyId: arn }));
    const signer = await kmsSigner({ client: kms, keyId: 'alias/ai-evidence-seal' });
    expect(signer.keyId).toBe(keyIdOf(parsePublicKey(signer.publicKeyPem, 'the KMS public key')));

    const store = new LocalFolderStore(join(scratch, 'evidence'));
    const result = await assess({
      store,
      signer,
      scopes: estateScopes(demoEstate),
      clientsFor: (accountId) => estateClients(demoEstate, accountId),
    });
    expect(result.findings.length).toBeGreaterThan(0);

    const pinned = await verifyStore(store, { publicKey: signer.publicKeyPem, publicKeySource: 'KMS GetPublicKey' });
    expect(pinned.problems).toEqual([]);
    expect(pinned.ok).toBe(true);
    expect(pinned.runs.map((r) => r.runId)).toEqual([result.runId]);

    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const wrong = await verifyStore(store, { publicKey: other, publicKeySource: 'another key' });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems.length).toBeGreaterThan(0);
  });

  it('refuses a key that cannot seal, naming it', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }));
    const p384 = KeyMetadata?.Arn ?? '';
    await expect(kmsSigner({ client: kms, keyId: p384 })).rejects.toThrow(`The KMS key ${p384} has key spec ECC_NIST_P384`);

    const missing = 'alias/no-such-key';
    await expect(kmsSigner({ client: kms, keyId: missing })).rejects.toThrow(`The KMS key ${missing} does not exist`);
  });
});
