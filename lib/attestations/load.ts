import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EvidenceRecord, sealEvidence } from '../evidence/record.js';
import { AttestationError, type AttestationOfRun, attestationRecord, type OpenedAttestation, openAttestation } from './attestation.js';

/** Attestation files end with this; `ai-evidence attest` names them so. */
export const ATTESTATION_FILE_SUFFIX = '.attestation.json';

export interface LoadedAttestations {
  records: EvidenceRecord[];
  opened: (OpenedAttestation & { file: string })[];
}

/**
 * Reads every `*.attestation.json` in `dir` (not its subfolders), checking each signature. Runs
 * before anything is collected, so a bad file stops the run before work is done and names the file;
 * a missing folder is no attestations.
 */
export async function loadAttestations(dir: string, collectedAt: Date): Promise<LoadedAttestations> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(ATTESTATION_FILE_SUFFIX)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], opened: [] };
    throw new AttestationError(`The attestations folder ${dir} cannot be read: ${(error as Error).message}.`, { cause: error });
  }
  const records: EvidenceRecord[] = [];
  const opened: LoadedAttestations['opened'] = [];
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
  return { records, opened };
}

/** The loaded attestations as a run holds them: each with the digest of its sealed record. */
export function asRunAttestations(loaded: LoadedAttestations): AttestationOfRun[] {
  return loaded.records.map((record, i) => {
    const { file: _file, ...opened } = loaded.opened[i] as LoadedAttestations['opened'][number];
    return { ...opened, evidenceSha256: sealEvidence(record).sha256 };
  });
}
