/** Write-once object storage for sealed runs. Keys are `/`-separated paths. */
export interface EvidenceStore {
  /** A description for messages, e.g. the folder or bucket. */
  readonly location: string;
  /**
   * Stores `bytes` under `key` once. Storing the same bytes again is a no-op ('exists'); different
   * bytes under an existing key are refused with {@link ObjectExistsError}. A string is stored as UTF-8.
   */
  put(key: string, bytes: Uint8Array | string): Promise<'written' | 'exists'>;
  /** The object's bytes; {@link ObjectNotFoundError} if there is none. */
  get(key: string): Promise<Buffer>;
  /** Every key under `prefix` (which ends with `/`), sorted. */
  list(prefix: string): Promise<string[]>;
  /** The run ids in the store, sorted (run ids sort by start time). */
  listRuns(): Promise<string[]>;
}

export class ObjectExistsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ObjectExistsError';
  }
}

export class ObjectNotFoundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ObjectNotFoundError';
  }
}

/** Keys of a run's objects. */
export const runKeys = {
  prefix: (runId: string) => `runs/${runId}/`,
  manifest: (runId: string) => `runs/${runId}/manifest.json`,
  proofs: (runId: string) => `runs/${runId}/proofs.bin`,
  statement: (runId: string) => `runs/${runId}/statement.dsse.json`,
  /** The signed statement as a Sigstore bundle v0.3, made from the envelope and written after it (lib/seal/sigstore.ts). */
  sigstoreBundle: (runId: string) => `runs/${runId}/statement.sigstore.json`,
  /** The RFC 3161 TimeStampToken (DER) over the statement's exact bytes, written after it; optional. */
  timestamp: (runId: string) => `runs/${runId}/timestamp.tsr`,
  /** The certificates the TSA sent with the token (PEM). */
  tsaChain: (runId: string) => `runs/${runId}/tsa-chain.pem`,
  object: (runId: string, folder: 'evidence' | 'findings' | 'keys', sha256: string, extension: string) =>
    `runs/${runId}/${folder}/${sha256}.${extension}`,
};
