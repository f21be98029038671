import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EvidenceRecord, sealEvidence } from '../evidence/record.js';
import { AttestationError, attestationRecord, type OpenedAttestation, openAttestation } from './attestation.js';
import { type AttestationOfRun, attestationsOf, type RunAttestationsResult } from './run.js';
import { type LoadedTrustList, loadTrustList, trustListRecord } from './trust.js';

/** Attestation files end with this; `ai-evidence attest` names them so. */
export const ATTESTATION_FILE_SUFFIX = '.attestation.json';

export interface LoadedAttestations {
  /** What a run seals: the trust list's record first, then one record per attestation file. */
  records: EvidenceRecord[];
  /** The attestation files, in the order of their records. */
  opened: (OpenedAttestation & { file: string })[];
  trustList: LoadedTrustList;
}

export interface TrustListSource {
  /** The trust list folder: one PEM public key per attester. */
  dir: string;
  /** The account the run is made from, which the trust list's record carries. */
  accountId: string;
}

/**
 * Reads the trust list and every `*.attestation.json` in `dir` (not its subfolders), checking each
 * signature. Runs before anything is collected, so a bad file stops the run before work is done and
 * names the file; a missing attestations folder is no attestations, a missing trust list trusts no
 * key. The trust list is sealed with the run whatever it holds, so the run records which keys it
 * trusted.
 */
export async function loadAttestations(dir: string, collectedAt: Date, trust: TrustListSource): Promise<LoadedAttestations> {
  const trustList = await loadTrustList(trust.dir);
  const records: EvidenceRecord[] = [trustListRecord(trustList, trust.accountId, collectedAt)];
  const opened: LoadedAttestations['opened'] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(ATTESTATION_FILE_SUFFIX)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records, opened, trustList };
    throw new AttestationError(`The attestations folder ${dir} cannot be read: ${(error as Error).message}.`, { cause: error });
  }
  for (const name of names) {
    const file = join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new AttestationError(`${file} is not readable JSON: ${(error as Error).message}.`, { cause: error });
    }
    const attestation = openAttestation(value, file);
    records.push(attestationRecord(value as Parameters<typeof attestationRecord>[0], attestation, collectedAt));
    opened.push({ ...attestation, file });
  }
  return { records, opened, trustList };
}

/**
 * The loaded attestations as the run holds them, judged from the records it seals (as a report of
 * the run judges them later), each with the file it was read from.
 */
export function asRunAttestations(
  loaded: LoadedAttestations,
): Omit<RunAttestationsResult, 'attestations'> & { attestations: (AttestationOfRun & { file: string })[] } {
  const judged = attestationsOf(loaded.records.map((record) => sealEvidence(record)));
  const fileOf = new Map(loaded.opened.map((o) => [o.payloadSha256, o.file]));
  return { ...judged, attestations: judged.attestations.map((a) => ({ ...a, file: fileOf.get(a.payloadSha256) ?? '' })) };
}
