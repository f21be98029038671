import type { EvidenceRecord } from '../evidence/record.js';
import { ATTESTATION_COLLECTOR, AttestationError, openSealedAttestation, type SealedAttestation } from './attestation.js';
import { type AttestationTrust, openTrustList, type SealedTrustList, TRUST_LIST_COLLECTOR, trustOf } from './trust.js';

/** A sealed attestation of a run, with whether it counts: judged against the trust list sealed with the same run. */
export interface AttestationOfRun extends SealedAttestation {
  trust: AttestationTrust;
}

/** The attestations of a run, judged against its sealed trust list. */
export interface RunAttestationsResult {
  /** In the order their records were added. */
  attestations: AttestationOfRun[];
  /** Undefined for a run sealed before trust lists: then none of its attestations counts. */
  trustList: SealedTrustList | undefined;
}

/**
 * Gathers a run's attestations and its trust list from its evidence records, one at a time and in
 * any order (an export reads records as it copies them), and judges the attestations once all were
 * added. Each attestation's signature and the trust list's keys are checked again as they are added.
 */
export class RunAttestations {
  private readonly sealed: SealedAttestation[] = [];
  private trustList: SealedTrustList | undefined;

  /** Takes a record if it is an attestation or the trust list; other records are left alone. */
  add(record: EvidenceRecord, sha256: string): void {
    if (record.source.collector === ATTESTATION_COLLECTOR) this.sealed.push(openSealedAttestation(record, sha256));
    else if (record.source.collector === TRUST_LIST_COLLECTOR) {
      if (this.trustList !== undefined) {
        throw new AttestationError(
          `The run holds two trust lists of attester keys (records ${this.trustList.evidenceSha256} and ${sha256}): which keys it trusted is ambiguous.`,
        );
      }
      this.trustList = openTrustList(record, sha256);
    }
  }

  finish(): RunAttestationsResult {
    const { trustList } = this;
    return { attestations: this.sealed.map((a) => ({ ...a, trust: trustOf(a.keyId, trustList) })), trustList };
  }
}

/** A run's attestations from its evidence, each judged against the trust list sealed with it. */
export function attestationsOf(evidence: readonly { record: EvidenceRecord; sha256: string }[]): RunAttestationsResult {
  const gathered = new RunAttestations();
  for (const e of evidence) gathered.add(e.record, e.sha256);
  return gathered.finish();
}
