import type { S3Client } from '@aws-sdk/client-s3';
import { attestationCoverage, type LoadedAttestations, readAttestations } from '../attestations/load.js';
import { s3Source } from '../attestations/source.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';

/** Where people upload `*.attestation.json` files in the attestations bucket. */
export const ATTESTATIONS_PREFIX = 'attestations/';
/** Where people upload the trust list in the attestations bucket: one `<attester>.pem` public key each. */
export const TRUSTED_ATTESTERS_PREFIX = 'trusted-attesters/';

export interface BucketAttestationsOptions {
  client: S3Client;
  bucket: string;
  /** The account the run is made from (its first scope), which the trust list's record carries. */
  accountId: string;
  /**
   * The time the records carry: the run's start, so that an invocation retried before the run's
   * statement was written seals the same records (and so the same manifest) again.
   */
  collectedAt: Date;
}

export interface BucketAttestations {
  /** The trust list's record, then one per attestation: what the run seals. */
  records: EvidenceRecord[];
  /** One entry for the attestations and one for the trust list (region `global`). */
  coverage: CoverageEntry[];
  loaded: LoadedAttestations;
}

/**
 * The Lambda pipeline's read of attestations and their trust list from the attestations bucket,
 * with the same checks and records as the CLI's folders. A bad file or a source that cannot be read
 * does not stop the run: it is left out, recorded in the coverage (naming the S3 key or the
 * prefix and why), and what it would have attested stays unattested; a trust list that cannot be
 * read trusts no key.
 */
export async function readBucketAttestations(options: BucketAttestationsOptions): Promise<BucketAttestations> {
  const { client, bucket } = options;
  const loaded = await readAttestations({
    attestations: s3Source({ client, bucket, prefix: ATTESTATIONS_PREFIX }),
    trustedAttesters: s3Source({ client, bucket, prefix: TRUSTED_ATTESTERS_PREFIX }),
    accountId: options.accountId,
    collectedAt: options.collectedAt,
    onBadFile: 'record',
  });
  return { records: loaded.records, coverage: attestationCoverage(loaded, options.accountId), loaded };
}
