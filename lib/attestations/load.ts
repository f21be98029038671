import { sortErrors } from '../collectors/errors.js';
import { type CoverageEntry, type CoverageError, coverageStatus } from '../evidence/coverage.js';
import { type EvidenceRecord, sealEvidence } from '../evidence/record.js';
import {
  ATTESTATION_COLLECTOR,
  ATTESTATION_REGION,
  AttestationError,
  type AttestationFile,
  attestationRecord,
  type OpenedAttestation,
  openAttestation,
} from './attestation.js';
import { type BadFilePolicy, BadFiles, describe } from './problems.js';
import { type AttestationOfRun, attestationsOf, type RunAttestationsResult } from './run.js';
import { type AttestationSource, folderSource } from './source.js';
import { type LoadedTrustList, readTrustList, TRUST_LIST_COLLECTOR, trustListRecord } from './trust.js';

/** Attestation files end with this; `ai-evidence attest` names them so. */
export const ATTESTATION_FILE_SUFFIX = '.attestation.json';

export interface LoadedAttestations {
  /** What a run seals: the trust list's record first, then one record per attestation file, in file name order. */
  records: EvidenceRecord[];
  /** The attestation files, in the order of their records; `file` is its path or S3 URI. */
  opened: (OpenedAttestation & { file: string })[];
  trustList: LoadedTrustList;
  /**
   * Under the policy `record`: what could not be used, per source (empty under `stop`, which
   * throws instead). A source's listing error has no `resourceId`; a file's names it.
   */
  errors: { attestations: CoverageError[]; trustList: CoverageError[] };
}

export interface TrustListSource {
  /** The trust list folder: one PEM public key per attester. */
  dir: string;
  /** The account the run is made from, which the trust list's record carries. */
  accountId: string;
  /** How the sealed trust list names the folder; the folder as given when absent. */
  location?: string;
}

export interface ReadAttestationsOptions {
  /** Where the `*.attestation.json` files are. */
  attestations: AttestationSource;
  /** Where the trust list is: one `*.pem` public key per attester. */
  trustedAttesters: AttestationSource;
  /** The account the run is made from, which the trust list's record carries. */
  accountId: string;
  /** The time the records carry as collected. */
  collectedAt: Date;
  onBadFile: BadFilePolicy;
}

/**
 * Reads the trust list and every `*.attestation.json` of a source (not its subfolders), checking
 * each file's shape and signature, and builds what a run seals: the trust list's record (always,
 * even when it is missing or empty, so the run records which keys it trusted; it names its source)
 * and then one record per attestation, in file name order, so the same files give the same records.
 * A missing attestations source is no attestations; a missing trust list trusts no key. A bad file
 * (not JSON, not an attestation, not signed by its key) stops the read under `stop` and is left out
 * and recorded under `record`; a source that cannot be listed is no attestations (or no trusted
 * key), recorded under `record`.
 */
export async function readAttestations(options: ReadAttestationsOptions): Promise<LoadedAttestations> {
  const { attestations: source, collectedAt } = options;
  const trust = await readTrustList(options.trustedAttesters, options.onBadFile);
  const trustList = trust.list;
  const records: EvidenceRecord[] = [trustListRecord({ ...trustList, source: trustList.location }, options.accountId, collectedAt)];
  const opened: LoadedAttestations['opened'] = [];
  const bad = new BadFiles(options.onBadFile);
  const result = (): LoadedAttestations => ({ records, opened, trustList, errors: { attestations: bad.errors, trustList: trust.errors } });
  let names: string[] | undefined;
  try {
    names = await source.list(ATTESTATION_FILE_SUFFIX);
  } catch (error) {
    bad.bad(
      new AttestationError(`The attestations ${source.kind} ${source.location} cannot be read: ${describe(error)}.`, { cause: error }),
      source.operations.list,
      undefined,
      error,
    );
    return result();
  }
  for (const name of names ?? []) {
    const file = source.where(name);
    let bytes: Buffer;
    try {
      bytes = await source.read(name);
    } catch (error) {
      bad.bad(new AttestationError(`${file} cannot be read: ${describe(error)}.`, { cause: error }), source.operations.read, file, error);
      continue;
    }
    let value: unknown;
    let attestation: OpenedAttestation;
    try {
      try {
        value = JSON.parse(bytes.toString('utf8'));
      } catch (error) {
        throw new AttestationError(`${file} is not readable JSON: ${(error as Error).message}.`, { cause: error });
      }
      attestation = openAttestation(value, file);
    } catch (error) {
      if (!(error instanceof AttestationError)) throw error;
      bad.bad(error, source.operations.read, file);
      continue;
    }
    records.push(attestationRecord(value as AttestationFile, attestation, collectedAt));
    opened.push({ ...attestation, file });
  }
  return result();
}

/**
 * The CLI's read: the folder `dir` and the trust list folder, before anything is collected, so a
 * bad file stops the run before work is done and names the file.
 */
export async function loadAttestations(dir: string, collectedAt: Date, trust: TrustListSource): Promise<LoadedAttestations> {
  return readAttestations({
    attestations: folderSource(dir),
    trustedAttesters: folderSource(trust.dir, trust.location),
    accountId: trust.accountId,
    collectedAt,
    onBadFile: 'stop',
  });
}

/**
 * The coverage of what was read: one entry for the attestations and one for the trust list
 * (collectors `attestations` and `attestations.trust-list`, region `global`, the run's account).
 * A source that could not be listed is FAILED; one with bad files is PARTIAL, each error naming
 * the file, as a collector names a resource it could not read.
 */
export function attestationCoverage(loaded: LoadedAttestations, accountId: string): CoverageEntry[] {
  const entry = (collector: string, records: number, errors: readonly CoverageError[]): CoverageEntry => ({
    collector,
    accountId,
    region: ATTESTATION_REGION,
    status: coverageStatus(errors),
    records,
    errors: sortErrors(errors),
  });
  return [
    entry(ATTESTATION_COLLECTOR, loaded.opened.length, loaded.errors.attestations),
    entry(TRUST_LIST_COLLECTOR, 1, loaded.errors.trustList),
  ];
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
