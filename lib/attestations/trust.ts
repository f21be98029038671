import { join } from 'node:path';
import * as z from 'zod';
import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { type KeyError, keyIdOf, parsePublicKey } from '../seal/signer.js';
import { ATTESTATION_REGION, AttestationError } from './attestation.js';
import { type BadFilePolicy, BadFiles, describe } from './problems.js';
import { type AttestationSource, folderSource } from './source.js';

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
  /**
   * Where the list was read from: the folder as given to the CLI, or `s3://bucket/prefix` in the
   * Lambda pipeline. Absent in runs sealed before it was recorded.
   */
  source: z.string().min(1).optional(),
  /** Sorted by name; empty when the folder was missing or held no key (then no attestation counts). */
  attesters: z.array(TrustedAttesterSchema),
});
export type TrustList = z.infer<typeof TrustListSchema>;

/** The trust list as read from its source, before it is sealed. */
export interface LoadedTrustList extends TrustList {
  /** The folder (or `s3://bucket/prefix`) it was read from. */
  location: string;
  /** False when the folder does not exist, the S3 prefix holds nothing or cannot be listed: then no key is trusted. */
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

/** The trust list as read from its source, and what could not be used of it. */
export interface ReadTrustList {
  list: LoadedTrustList;
  /** Under the policy `record`: the source or the files that could not be used (no key of them is trusted). */
  errors: CoverageError[];
}

/**
 * Reads every `*.pem` of a source (not its subfolders): one EC P-256 public key per file, the file
 * name naming its attester. A file that holds no key, a private key or several keys, and a key
 * listed twice, are bad files, named: under the policy `stop` the first one throws, so a mistake in
 * the list stops the run rather than trusting less (or more) than meant; under `record` no key of a
 * bad file is trusted (a key in two files, in neither) and each is recorded. A source that cannot be
 * listed trusts no key; a missing one (no folder, an empty S3 prefix) trusts no key and is not an
 * error.
 */
export async function readTrustList(source: AttestationSource, policy: BadFilePolicy): Promise<ReadTrustList> {
  const bad = new BadFiles(policy);
  const none = (found: boolean): ReadTrustList => ({
    list: { location: source.location, found, schemaVersion: 1, attesters: [] },
    errors: bad.errors,
  });
  let names: string[] | undefined;
  try {
    names = await source.list(TRUST_LIST_FILE_SUFFIX);
  } catch (error) {
    const message =
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
        ? `The trust list of attester keys ${source.location} is a file, not a folder: put one PEM public key per attester in a folder, each file named for its attester.`
        : `The trust list of attester keys ${source.location} cannot be read: ${describe(error)}.`;
    bad.bad(new AttestationError(message, { cause: error }), source.operations.list, undefined, error);
    return none(false);
  }
  if (names === undefined) return none(false);
  const entries: (TrustedAttester & { file: string })[] = [];
  for (const name of names) {
    const file = source.where(name);
    if (nameOf(name) === '') {
      bad.bad(
        new AttestationError(`${file} of the trust list has no name: name each key's file for its attester, e.g. dana-reyes.pem.`),
        source.operations.read,
        file,
      );
      continue;
    }
    let text: string;
    try {
      text = (await source.read(name)).toString('utf8');
    } catch (error) {
      bad.bad(
        new AttestationError(`${file} of the trust list cannot be read: ${describe(error)}.`, { cause: error }),
        source.operations.read,
        file,
        error,
      );
      continue;
    }
    const checked = checkTrustedKey(text, file);
    if (checked instanceof AttestationError) {
      bad.bad(checked, source.operations.read, file);
      continue;
    }
    entries.push({ name: nameOf(name), keyId: checked, publicKeyPem: text.trim().concat('\n'), file });
  }
  const filesOfKey = new Map<string, string[]>();
  for (const e of entries) filesOfKey.set(e.keyId, [...(filesOfKey.get(e.keyId) ?? []), e.file]);
  const attesters: TrustedAttester[] = [];
  for (const { file, ...attester } of entries) {
    const files = filesOfKey.get(attester.keyId) ?? [];
    if (files.length > 1) {
      // Stop: named at the second file, as a reader going down the list meets it. Record: every file of the key.
      if (file === files[0] && policy === 'stop') continue;
      bad.bad(
        new AttestationError(
          `${files.slice(0, -1).join(', ')} and ${files.at(-1)} of the trust list hold the same key ${attester.keyId.slice(0, 16)}: keep one, named for its attester.`,
        ),
        source.operations.read,
        file,
      );
      continue;
    }
    attesters.push(attester);
  }
  return { list: { location: source.location, found: true, schemaVersion: 1, attesters }, errors: bad.errors };
}

/** The key id of a trust list file's one public key, or what is wrong with the file. */
function checkTrustedKey(text: string, file: string): string | AttestationError {
  // createPublicKey derives the public key from a private one: a private key here would be accepted silently.
  if (text.includes('PRIVATE KEY')) {
    return new AttestationError(
      `${file} of the trust list holds a private key: put only the attester's public key there (the .pub.pem beside their key), and keep the private key with its attester.`,
    );
  }
  const blocks = text.match(/-----BEGIN [^-]+-----/g)?.length ?? 0;
  if (blocks !== 1) {
    return new AttestationError(
      `${file} of the trust list holds ${blocks} PEM blocks, not one: one public key per file, named for its attester.`,
    );
  }
  try {
    return keyIdOf(parsePublicKey(text, `${file} of the trust list`));
  } catch (error) {
    return new AttestationError((error as KeyError).message, { cause: error });
  }
}

/** Reads the trust list folder `dir`; the first bad file throws, naming it (see {@link readTrustList}). */
export async function loadTrustList(dir: string): Promise<LoadedTrustList> {
  return (await readTrustList(folderSource(dir), 'stop')).list;
}

/** What to tell an assessor whose trust list is missing or empty: how to make one. */
export function trustListAdvice(list: LoadedTrustList): string | undefined {
  if (list.attesters.length > 0) return undefined;
  const what = list.found
    ? `The trust list of attester keys ${list.location} holds no key`
    : `There is no trust list of attester keys at ${list.location}`;
  return `${what}: no attestation counts. Create it with one public key per attester, named for them, e.g. mkdir -p ${list.location} && cp ./.ai-evidence/attester-key.pem.pub.pem ${join(list.location, 'dana-reyes.pem')} (ai-evidence attest prints where its public key is).`;
}

/**
 * The evidence record that seals a trust list into a run. A trust list is about no region and no one
 * account: it carries the account the run is made from (`accountId`).
 */
export function trustListRecord(list: TrustList, accountId: string, collectedAt: Date): EvidenceRecord {
  const data: TrustList = {
    schemaVersion: 1,
    ...(list.source === undefined ? {} : { source: list.source }),
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
