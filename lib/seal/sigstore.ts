import { assertBundleLatest, BUNDLE_V03_MEDIA_TYPE, bundleFromJSON, bundleToJSON, toDSSEBundle } from '@sigstore/bundle';
import { canonicalJson, inCanonicalOrder } from '../evidence/canonical.js';
import { DsseEnvelopeSchema } from './dsse.js';

/** The media type of a Sigstore bundle v0.3 (sigstore/protobuf-specs, `sigstore_bundle.proto`). */
export const SIGSTORE_BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export class SigstoreBundleError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SigstoreBundleError';
  }
}

export interface SigstoreBundleOptions {
  /** The run's RFC 3161 time-stamp token (DER), carried in the bundle's timestamp verification data. */
  rfc3161Timestamp?: Uint8Array;
}

/**
 * A run's signed statement as a Sigstore bundle v0.3: the run's DSSE envelope (payload type,
 * payload and signature as they are), the signer's key named by the bundle's public-key hint (the
 * DSSE key id, the SHA-256 of the key's DER SPKI), no transparency-log entries, and the RFC 3161
 * token when there is one. The envelope's signature carries no keyid of its own here: the hint
 * names the key, and sigstore-go (what cosign verifies with) passes over a DSSE signature whose
 * keyid is neither empty nor its own SSH-style fingerprint of the key. The keyid is not part of
 * what DSSE signs, so the signature is the one in statement.dsse.json. It adds nothing that needs
 * trusting: it is made from the envelope, so the same envelope (and token) always gives the same
 * bytes (RFC 8785 canonical JSON), which is what lets a write-once store take it again and lets
 * `verify` check it by making it again.
 */
export function sigstoreBundle(envelopeBytes: Uint8Array, options: SigstoreBundleOptions = {}): Buffer {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(envelopeBytes).toString('utf8'));
  } catch (error) {
    throw new SigstoreBundleError('The envelope to make a Sigstore bundle of is not valid JSON.', { cause: error });
  }
  const envelope = DsseEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new SigstoreBundleError('The envelope to make a Sigstore bundle of is not a DSSE envelope.');
  const [signature, ...others] = envelope.data.signatures;
  // A Sigstore bundle names one verification key, so it holds an envelope with one signature.
  if (signature === undefined || others.length > 0) {
    throw new SigstoreBundleError(
      `A Sigstore bundle holds a DSSE envelope with exactly one signature; this one has ${envelope.data.signatures.length}.`,
    );
  }
  const bundle = toDSSEBundle({
    artifact: Buffer.from(envelope.data.payload, 'base64'),
    artifactType: envelope.data.payloadType,
    signature: Buffer.from(signature.sig, 'base64'),
    keyHint: signature.keyid,
  });
  for (const s of bundle.content.dsseEnvelope.signatures) s.keyid = '';
  if (bundle.mediaType !== SIGSTORE_BUNDLE_MEDIA_TYPE || bundle.mediaType !== BUNDLE_V03_MEDIA_TYPE) {
    throw new SigstoreBundleError(`@sigstore/bundle made a ${bundle.mediaType} bundle, not ${SIGSTORE_BUNDLE_MEDIA_TYPE}.`);
  }
  bundle.verificationMaterial.timestampVerificationData = {
    rfc3161Timestamps: options.rfc3161Timestamp === undefined ? [] : [{ signedTimestamp: Buffer.from(options.rfc3161Timestamp) }],
  };
  assertBundleLatest(bundle);
  const serialized = bundleToJSON(bundle);
  // Protobuf JSON leaves empty lists out; they are written here, so a reader sees at once that the
  // bundle has no log entry (and, without a token, no timestamp).
  const withLists = {
    ...serialized,
    verificationMaterial: {
      ...serialized.verificationMaterial,
      tlogEntries: [],
      timestampVerificationData: {
        rfc3161Timestamps: serialized.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [],
      },
    },
  };
  return Buffer.from(canonicalJson(inCanonicalOrder(withLists)));
}

/**
 * Checks a stored Sigstore bundle against the run's envelope (and its RFC 3161 token, when the run
 * has one): it must be a valid v0.3 bundle and exactly the bundle {@link sigstoreBundle} makes of
 * them. Returns what is wrong, naming `where`, or undefined when it holds.
 */
export function sigstoreBundleProblem(
  bytes: Uint8Array,
  envelopeBytes: Uint8Array,
  where: string,
  options: SigstoreBundleOptions = {},
): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return `${where} is not valid JSON.`;
  }
  let parsed: ReturnType<typeof bundleFromJSON>;
  try {
    parsed = bundleFromJSON(json);
    assertBundleLatest(parsed);
  } catch (error) {
    const fields = (error as { fields?: unknown }).fields;
    const detail = Array.isArray(fields) && fields.length > 0 ? `: ${fields.join(', ')} invalid` : `: ${(error as Error).message}`;
    return `${where} is not a Sigstore bundle${detail}.`;
  }
  if (parsed.mediaType !== SIGSTORE_BUNDLE_MEDIA_TYPE)
    return `${where} has media type ${parsed.mediaType}, not ${SIGSTORE_BUNDLE_MEDIA_TYPE}.`;
  let expected: Buffer;
  try {
    expected = sigstoreBundle(envelopeBytes, options);
  } catch (error) {
    return `${where} cannot be checked: ${(error as Error).message}`;
  }
  if (Buffer.from(bytes).equals(expected)) return undefined;
  const want = bundleFromJSON(JSON.parse(expected.toString('utf8')));
  const material = parsed.verificationMaterial;
  const wantHint = want.verificationMaterial.content.$case === 'publicKey' ? want.verificationMaterial.content.publicKey.hint : '';
  if (material.content.$case !== 'publicKey' || material.content.publicKey.hint !== wantHint) {
    return `${where} does not name the run's signing key ${wantHint} as its public-key hint: it was altered.`;
  }
  if (parsed.content.$case !== 'dsseEnvelope' || want.content.$case !== 'dsseEnvelope') {
    return `${where} holds no DSSE envelope: it was altered.`;
  }
  const [got, sig] = [parsed.content.dsseEnvelope, parsed.content.dsseEnvelope.signatures[0]];
  const [exp, expSig] = [want.content.dsseEnvelope, want.content.dsseEnvelope.signatures[0]];
  if (
    got.payloadType !== exp.payloadType ||
    !got.payload.equals(exp.payload) ||
    sig === undefined ||
    expSig === undefined ||
    !sig.sig.equals(expSig.sig)
  ) {
    return `${where} holds a DSSE envelope other than the run's signed statement: it was altered.`;
  }
  if (material.tlogEntries.length > 0) return `${where} holds transparency-log entries, which the run's seal never writes: it was altered.`;
  const tokens = material.timestampVerificationData?.rfc3161Timestamps ?? [];
  const wantTokens = want.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
  if (
    tokens.length !== wantTokens.length ||
    tokens.some((t, i) => !t.signedTimestamp.equals(wantTokens[i]?.signedTimestamp ?? Buffer.alloc(0)))
  ) {
    return wantTokens.length === 0
      ? `${where} holds an RFC 3161 token, and the run has none: it was altered.`
      : `${where} does not hold the run's RFC 3161 token: it was altered.`;
  }
  return `${where} is not the Sigstore bundle of the run's signed statement as ai-evidence writes it: it was altered.`;
}
