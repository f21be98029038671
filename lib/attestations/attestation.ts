import * as z from 'zod';
import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { FRAMEWORK_IDS, frameworks } from '../frameworks/definitions.js';
import { DsseEnvelopeSchema, preAuthEncoding } from '../seal/dsse.js';
import { KeyError, keyIdOf, parsePublicKey, type Signer, verifySignature } from '../seal/signer.js';

/**
 * Manual evidence: a person states that a requirement no API can show is met (a policy exists, a
 * review happened), names themselves as its owner, links the evidence and says until when it holds.
 * The statement is signed by its author with a P-256 key (DSSE, like a run's statement) and sealed
 * into every run that uses it as an evidence record, so it is hashed, signed and chained like any
 * other evidence.
 */
export const ATTESTATION_PAYLOAD_TYPE = 'application/vnd.ai-evidence.attestation.v1+json';
export const ATTESTATION_COLLECTOR = 'attestations';
export const ATTESTATION_TYPE = 'AiEvidence::Manual::Attestation';
/** Attestations are not about one region; their records carry this in place of a region name. */
export const ATTESTATION_REGION = 'global';

export const AttestationSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    /** The framework and requirement it attests, e.g. `nist-ai-rmf` and `GOVERN 1.1`. */
    framework: z.enum(FRAMEWORK_IDS),
    requirement: z.string().min(1),
    /** The AWS account whose AI systems it is about (for an organisation-wide practice, the management account). */
    accountId: z.string().regex(/^[0-9]{12}$/, 'an AWS account id is 12 digits'),
    /** What is attested, in a sentence or a paragraph a reviewer can check against the links. */
    statement: z.string().trim().min(20, 'say what is attested in at least a sentence'),
    owner: z.strictObject({
      name: z.string().trim().min(1),
      email: z.email().optional(),
      role: z.string().trim().min(1).optional(),
    }),
    /** Where the evidence is: policy documents, tickets, review minutes. */
    evidenceLinks: z.array(z.url({ protocol: /^https?$/ })).min(1, 'link at least one piece of evidence'),
    issuedAt: z.iso.datetime(),
    /** The last day it holds (UTC); afterwards it counts as missing. */
    validUntil: z.iso.date(),
  })
  .superRefine((a, ctx) => {
    const framework = frameworks.find((f) => f.id === a.framework);
    if (framework !== undefined && !framework.requirements.some((r) => r.id === a.requirement)) {
      ctx.addIssue({ code: 'custom', path: ['requirement'], message: `${a.requirement} is not a requirement of ${framework.title}` });
    }
    if (`${a.validUntil}T23:59:59.999Z` < a.issuedAt) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil is before issuedAt' });
    }
  });
export type Attestation = z.infer<typeof AttestationSchema>;

/** The file `ai-evidence attest` writes: the signed envelope and the author's public key. */
export const AttestationFileSchema = z.strictObject({
  envelope: DsseEnvelopeSchema,
  /** The author's EC P-256 public key (PEM SPKI); the envelope's key id is its SHA-256. */
  publicKeyPem: z.string(),
});
export type AttestationFile = z.infer<typeof AttestationFileSchema>;

export class AttestationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AttestationError';
  }
}

/** Signs an attestation with its author's key. */
export async function signAttestation(attestation: Attestation, signer: Signer): Promise<AttestationFile> {
  const parsed = AttestationSchema.safeParse(attestation);
  if (!parsed.success) throw new AttestationError(`The attestation is not valid: ${z.prettifyError(parsed.error)}`);
  const payload = Buffer.from(canonicalJson(attestation), 'utf8');
  const sig = await signer.sign(preAuthEncoding(ATTESTATION_PAYLOAD_TYPE, payload));
  return {
    envelope: {
      payloadType: ATTESTATION_PAYLOAD_TYPE,
      payload: payload.toString('base64'),
      signatures: [{ keyid: signer.keyId, sig: Buffer.from(sig).toString('base64') }],
    },
    publicKeyPem: signer.publicKeyPem,
  };
}

export interface OpenedAttestation {
  attestation: Attestation;
  /** SHA-256 of the author's public key. */
  keyId: string;
  /** SHA-256 of the signed payload: names this attestation. */
  payloadSha256: string;
}

/**
 * Checks an attestation file: its shape, that it is signed by the key it carries, and that the
 * payload is a valid attestation. `where` names the file in errors.
 */
export function openAttestation(value: unknown, where: string): OpenedAttestation {
  const file = AttestationFileSchema.safeParse(value);
  if (!file.success) throw new AttestationError(`${where} is not an attestation file: ${z.prettifyError(file.error)}`);
  const { envelope, publicKeyPem } = file.data;
  if (envelope.payloadType !== ATTESTATION_PAYLOAD_TYPE) {
    throw new AttestationError(`${where} has payload type ${envelope.payloadType}, not ${ATTESTATION_PAYLOAD_TYPE}.`);
  }
  let key: ReturnType<typeof parsePublicKey>;
  try {
    key = parsePublicKey(publicKeyPem, `The public key of ${where}`);
  } catch (error) {
    throw new AttestationError((error as KeyError).message, { cause: error });
  }
  const keyId = keyIdOf(key);
  const payload = Buffer.from(envelope.payload, 'base64');
  const signed = envelope.signatures.some(
    (s) => s.keyid === keyId && verifySignature(key, preAuthEncoding(envelope.payloadType, payload), Buffer.from(s.sig, 'base64')),
  );
  if (!signed)
    throw new AttestationError(
      `${where} is not signed by the key it carries (${keyId.slice(0, 16)}): it was altered or signed by another key.`,
    );
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new AttestationError(`${where}: the signed payload is not JSON.`, { cause: error });
  }
  const attestation = AttestationSchema.safeParse(json);
  if (!attestation.success)
    throw new AttestationError(`${where}: the signed attestation is not valid: ${z.prettifyError(attestation.error)}`);
  return { attestation: attestation.data, keyId, payloadSha256: sha256Hex(payload) };
}

/** The evidence record that seals an attestation into a run: the file as it was signed. */
export function attestationRecord(file: AttestationFile, opened: OpenedAttestation, collectedAt: Date): EvidenceRecord {
  const { attestation } = opened;
  return makeEvidence({
    accountId: attestation.accountId,
    region: ATTESTATION_REGION,
    source: { collector: ATTESTATION_COLLECTOR, service: 'ai-evidence', operation: 'Attest' },
    resource: {
      type: ATTESTATION_TYPE,
      id: `attestation/${attestation.framework}/${attestation.requirement}/${opened.payloadSha256.slice(0, 16)}`,
    },
    collectedAt,
    data: { envelope: file.envelope, publicKeyPem: file.publicKeyPem },
  });
}

export type AttestationState = 'VALID' | 'EXPIRED' | 'NOT_YET_VALID';

/** Whether an attestation holds at `at`: from its issue time to the end of its last day (UTC). */
export function attestationState(attestation: Attestation, at: string): AttestationState {
  if (at < attestation.issuedAt) return 'NOT_YET_VALID';
  return at <= `${attestation.validUntil}T23:59:59.999Z` ? 'VALID' : 'EXPIRED';
}

/** An attestation as a run holds it, opened from its sealed record; whether it counts is judged against the run's trust list (run.ts). */
export interface SealedAttestation extends OpenedAttestation {
  /** SHA-256 of the sealed record, as findings cite evidence. */
  evidenceSha256: string;
}

/**
 * Re-opens a sealed attestation from its record, checking its signature again. A record that no
 * longer opens is an error: it was sealed as valid, so it was tampered with.
 */
export function openSealedAttestation(record: EvidenceRecord, sha256: string): SealedAttestation {
  return { ...openAttestation(record.data, `Attestation record ${sha256}`), evidenceSha256: sha256 };
}

export { KeyError };
