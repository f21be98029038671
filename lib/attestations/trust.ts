import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { type KeyError, keyIdOf, parsePublicKey } from '../seal/signer.js';
import { ATTESTATION_REGION, AttestationError } from './attestation.js';

/**
 * The trust list: the attester keys whose attestations count. Whoever can write to the attestations
 * folder can sign an attestation with a key of their own; only the keys on this list, kept by whoever
 * approves attesters, make an attestation count. It is sealed with every run as one evidence record,
 * so the run's roll-up is decided by what was sealed, not by the folder as it is when a report is
 * made later.
 */
export const TRUST_LIST_COLLECTOR = 'attestations.trust-list';
export const TRUST_LIST_TYPE = 'AiEvidence::Manual::TrustedAttesters';
/** Trust list files: one PEM public key each, named for its attester. */
export const TRUST_LIST_FILE_SUFFIX = '.pem';

const KEY_ID = /^[0-9a-f]{64}$/;

export const TrustedAttesterSchema = z.strictObject({
  /** Whom the key belongs to: the file name without `.pem`, e.g. `dana-reyes_head-of-ai-governance`. */
  name: z.string().min(1),
  /** SHA-256 of the key's DER SPKI, as attestations name their signer. */
  keyId: z.string().regex(KEY_ID, 'a key id is 64 hex digits'),
  publicKeyPem: z.string(),
});
export type TrustedAttester = z.infer<typeof TrustedAttesterSchema>;

/** The `data` of the sealed trust list record. */
export const TrustListSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Sorted by name; empty when the folder was missing or held no key (then no attestation counts). */
  attesters: z.array(TrustedAttesterSchema),
});
export type TrustList = z.infer<typeof TrustListSchema>;

/** The trust list as read from its folder, before it is sealed. */
export interface LoadedTrustList extends TrustList {
  /** The folder it was read from. */
  dir: string;
  /** False when the folder does not exist: then no key is trusted. */
  found: boolean;
}

/** The trust list as sealed with a run. */
export interface SealedTrustList extends TrustList {
  /** SHA-256 of the sealed record. */
  evidenceSha256: string;
}

function nameOf(file: string): string {
  return file
    .slice(0, -TRUST_LIST_FILE_SUFFIX.length)
    .replace(/\.pub$/, '')
    .trim();
}

/**
 * Reads every `*.pem` in `dir` (not its subfolders): one EC P-256 public key per file, the file name
 * naming its attester. A file that holds no key, a private key or several keys, and a key listed
 * twice, are errors naming the file(s), so a mistake in the list stops the run rather than trusting
 * less (or more) than meant. A missing folder trusts no key.
 */
export async function loadTrustList(dir: string): Promise<LoadedTrustList> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(TRUST_LIST_FILE_SUFFIX)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { dir, found: false, schemaVersion: 1, attesters: [] };
    if (code === 'ENOTDIR') {
      throw new AttestationError(
        `The trust list of attester keys ${dir} is a file, not a folder: put one PEM public key per attester in a folder, each file named for its attester.`,
        { cause: error },
      );
    }
    throw new AttestationError(`The trust list of attester keys ${dir} cannot be read: ${(error as Error).message}.`, { cause: error });
  }
  const attesters: TrustedAttester[] = [];
  const fileOfKey = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    if (nameOf(name) === '')
      throw new AttestationError(`${file} of the trust list has no name: name each key's file for its attester, e.g. dana-reyes.pem.`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new AttestationError(`${file} of the trust list cannot be read: ${(error as Error).message}.`, { cause: error });
    }
    // createPublicKey derives the public key from a private one: a private key here would be accepted silently.
    if (text.includes('PRIVATE KEY')) {
      throw new AttestationError(
        `${file} of the trust list holds a private key: put only the attester's public key there (the .pub.pem beside their key), and keep the private key with its attester.`,
      );
    }
    const blocks = text.match(/-----BEGIN [^-]+-----/g)?.length ?? 0;
    if (blocks !== 1) {
      throw new AttestationError(
        `${file} of the trust list holds ${blocks} PEM blocks, not one: one public key per file, named for its attester.`,
      );
    }
    let keyId: string;
    try {
      keyId = keyIdOf(parsePublicKey(text, `${file} of the trust list`));
    } catch (error) {
      throw new AttestationError((error as KeyError).message, { cause: error });
    }
    const twice = fileOfKey.get(keyId);
    if (twice !== undefined) {
      throw new AttestationError(
        `${twice} and ${file} of the trust list hold the same key ${keyId.slice(0, 16)}: keep one, named for its attester.`,
      );
    }
    fileOfKey.set(keyId, file);
    attesters.push({ name: nameOf(name), keyId, publicKeyPem: text.trim().concat('\n') });
  }
  return { dir, found: true, schemaVersion: 1, attesters };
}

/** What to tell an assessor whose trust list is missing or empty: how to make one. */
export function trustListAdvice(list: LoadedTrustList): string | undefined {
  if (list.attesters.length > 0) return undefined;
  const what = list.found
    ? `The trust list of attester keys ${list.dir} holds no key`
    : `There is no trust list of attester keys at ${list.dir}`;
  return `${what}: no attestation counts. Create it with one public key per attester, named for them, e.g. mkdir -p ${list.dir} && cp ./.ai-evidence/attester-key.pem.pub.pem ${join(list.dir, 'dana-reyes.pem')} (ai-evidence attest prints where its public key is).`;
}

/**
 * The evidence record that seals a trust list into a run. A trust list is about no region and no one
 * account: it carries the account the run is made from (`accountId`).
 */
export function trustListRecord(list: TrustList, accountId: string, collectedAt: Date): EvidenceRecord {
  const data: TrustList = {
    schemaVersion: 1,
    attesters: [...list.attesters]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.keyId < b.keyId ? -1 : 1))
      .map((a) => ({ name: a.name, keyId: a.keyId, publicKeyPem: a.publicKeyPem })),
  };
  return makeEvidence({
    accountId,
    region: ATTESTATION_REGION,
    source: { collector: TRUST_LIST_COLLECTOR, service: 'ai-evidence', operation: 'TrustAttesters' },
    resource: { type: TRUST_LIST_TYPE, id: `trusted-attesters/${sha256Hex(canonicalJson(data)).slice(0, 16)}` },
    collectedAt,
    data,
  });
}

/**
 * Re-opens a sealed trust list from its record: its shape, and that every key id is the SHA-256 of
 * the key it names (a sealed list whose ids and keys disagree was not made by this tool).
 */
export function openTrustList(record: EvidenceRecord, sha256: string): SealedTrustList {
  const where = `Trust list record ${sha256}`;
  const parsed = TrustListSchema.safeParse(record.data);
  if (!parsed.success) throw new AttestationError(`${where} is not a trust list: ${z.prettifyError(parsed.error)}`);
  for (const attester of parsed.data.attesters) {
    let keyId: string;
    try {
      keyId = keyIdOf(parsePublicKey(attester.publicKeyPem, `${where}: the key of ${attester.name}`));
    } catch (error) {
      throw new AttestationError((error as KeyError).message, { cause: error });
    }
    if (keyId !== attester.keyId) {
      throw new AttestationError(
        `${where} names key ${attester.keyId.slice(0, 16)} for ${attester.name}, but holds key ${keyId.slice(0, 16)}.`,
      );
    }
  }
  return { ...parsed.data, evidenceSha256: sha256 };
}

/** Whether a sealed attestation counts: its signer's key is on the run's sealed trust list. */
export type AttestationTrust =
  | {
      trusted: true;
      /** The trust list entry of its signer's key. */
      attester: string;
    }
  | {
      trusted: false;
      /** Why it does not count, as a sentence fragment: "signed by an untrusted key 8aa26ae721855cb4: ...". */
      reason: string;
    };

/**
 * Judges a signer's key against the run's sealed trust list. A run sealed without one (made before
 * ai-evidence checked attester keys) trusts no key: which keys its assessor accepted was not
 * recorded, so nothing sealed can show the attestation counts.
 */
export function trustOf(keyId: string, list: SealedTrustList | undefined): AttestationTrust {
  const short = keyId.slice(0, 16);
  if (list === undefined) {
    return {
      trusted: false,
      reason: `signed by an untrusted key ${short}: the run sealed no trust list of attester keys (it was made before ai-evidence checked them), so no attestation of it counts`,
    };
  }
  const entry = list.attesters.find((a) => a.keyId === keyId);
  if (entry !== undefined) return { trusted: true, attester: entry.name };
  return {
    trusted: false,
    reason:
      list.attesters.length === 0
        ? `signed by an untrusted key ${short}: the run's sealed trust list of attester keys is empty, so no attestation of it counts`
        : `signed by an untrusted key ${short}: the key is not on the run's sealed trust list of attester keys`,
  };
}
