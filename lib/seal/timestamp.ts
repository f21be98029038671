import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256Hex } from '../evidence/canonical.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';

/**
 * RFC 3161 timestamps over a run's signed envelope. A run's token is the TimeStampToken (the CMS
 * ContentInfo holding SignedData over a TSTInfo, DER), stored as `runs/<run>/timestamp.tsr`, with
 * the certificates the TSA sent (PEM) as `runs/<run>/tsa-chain.pem`. The token's message imprint is
 * the SHA-256 of the exact bytes of `statement.dsse.json`. All ASN.1 goes through pkijs and asn1js.
 */

export const TST_INFO_CONTENT_TYPE = '1.2.840.113549.1.9.16.1.4';
const SIGNED_DATA_CONTENT_TYPE = '1.2.840.113549.1.7.2';
const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const EXTENDED_KEY_USAGE_OID = '2.5.29.37';
const TIME_STAMPING_OID = '1.3.6.1.5.5.7.3.8';
const COMMON_NAME_OID = '2.5.4.3';

/** Sends one DER TimeStampReq to a TSA and returns the DER TimeStampResp it answered. */
export type TsaTransport = (url: string, query: Uint8Array, signal: AbortSignal) => Promise<Uint8Array>;

export interface TimestampOptions {
  /** TSAs to ask, in order; the first that answers with a good token is used. */
  urls: readonly string[];
  /** How long each TSA gets, request and answer together (default 10 s). */
  timeoutMs?: number;
  /** PEM certificates the TSA must chain to; without them the token's signature is checked, not its chain. */
  anchorsPem?: string;
  /** How a query is sent (default: HTTP POST, application/timestamp-query); the demo signs in process. */
  send?: TsaTransport;
  /** A name for the TSA in messages and coverage, when the URL is not one (the demo). */
  label?: string;
}

/** A token the seal step got and checked. */
export interface RunTimestamp {
  /** The DER TimeStampToken: what is stored as timestamp.tsr. */
  token: Buffer;
  /** The certificates the TSA sent, PEM: what is stored as tsa-chain.pem. */
  chainPem: string;
  sha256: string;
  genTime: Date;
  tsaName: string;
  url: string;
}

/** Why one TSA gave no usable token. */
export interface TsaFailure {
  url: string;
  code: 'Timeout' | 'NetworkError' | 'HttpError' | 'Rejected' | 'InvalidResponse';
  message: string;
  httpStatus?: number;
}

export class TimestampRequestError extends Error {
  constructor(
    message: string,
    readonly failures: readonly TsaFailure[],
  ) {
    super(message);
    this.name = 'TimestampRequestError';
  }
}

export class TimestampFormatError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TimestampFormatError';
  }
}

const MAX_RESPONSE_BYTES = 256 * 1024;

/** HTTP POST of the query, RFC 3161 section 3.4. */
export const httpTransport: TsaTransport = async (url, query, signal) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
    body: query,
    signal,
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok)
    throw Object.assign(new Error(`HTTP ${response.status} ${response.statusText}`.trim()), { httpStatus: response.status });
  if (body.length > MAX_RESPONSE_BYTES) throw new TimestampFormatError(`the answer is ${body.length} bytes, over ${MAX_RESPONSE_BYTES}`);
  return body;
};

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Certificates in PEM text, parsed by pkijs. */
export function parseCertificatesPem(pem: string, where: string): pkijs.Certificate[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/gu)];
  return blocks.map((m, i) => {
    try {
      return pkijs.Certificate.fromBER(Buffer.from((m[1] ?? '').replace(/\s+/gu, ''), 'base64'));
    } catch (error) {
      throw new TimestampFormatError(`Certificate ${i + 1} of ${where} cannot be read: ${(error as Error).message}.`, { cause: error });
    }
  });
}

function certificatePem(cert: pkijs.Certificate): string {
  const b64 = Buffer.from(cert.toSchema().toBER()).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/gu, '$1\n').replace(/\n$/u, '')}\n-----END CERTIFICATE-----\n`;
}

function commonName(cert: pkijs.Certificate): string {
  const cn = cert.subject.typesAndValues.find((t) => t.type === COMMON_NAME_OID);
  return cn === undefined ? new X509Certificate(Buffer.from(cert.toSchema().toBER())).subject : String(cn.value.valueBlock.value);
}

interface ParsedToken {
  signedData: pkijs.SignedData;
  tstInfo: pkijs.TSTInfo;
}

function parseToken(tokenDer: Uint8Array): ParsedToken {
  let contentInfo: pkijs.ContentInfo;
  try {
    contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(tokenDer));
  } catch (error) {
    throw new TimestampFormatError(`is not a DER TimeStampToken: ${(error as Error).message}`, { cause: error });
  }
  if (contentInfo.contentType !== SIGNED_DATA_CONTENT_TYPE) throw new TimestampFormatError('is not CMS SignedData');
  let signedData: pkijs.SignedData;
  let tstInfo: pkijs.TSTInfo;
  try {
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContentType !== TST_INFO_CONTENT_TYPE || signedData.encapContentInfo.eContent === undefined)
      throw new Error('its content is not a TSTInfo');
    tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent.getValue());
  } catch (error) {
    throw new TimestampFormatError(`is not a TimeStampToken: ${(error as Error).message}`, { cause: error });
  }
  return { signedData, tstInfo };
}

/** What a token says, once it verified. */
export interface VerifiedTimestamp {
  ok: true;
  genTime: Date;
  /** The common name of the certificate that signed the token. */
  tsaName: string;
  serial: string;
  policy: string;
  /** The subject of the anchor the TSA chains to. */
  anchor: string;
}

export type TimestampCheck = VerifiedTimestamp | { ok: false; problem: string };

/**
 * Checks a TimeStampToken over `envelopeBytes`: a SHA-256 imprint equal to the envelope's
 * SHA-256, the TSA's signature, its certificate (critical extended key usage timeStamping) and its
 * chain to one of `anchorsPem` at the token's time. `chainPem` adds certificates the token does not
 * carry (intermediates); they are never trusted on their own.
 */
export async function verifyTimestampToken(
  tokenDer: Uint8Array,
  envelopeBytes: Uint8Array,
  anchorsPem: string | null,
  options: { chainPem?: string; nonce?: Uint8Array } = {},
): Promise<TimestampCheck> {
  let parsed: ParsedToken;
  try {
    parsed = parseToken(tokenDer);
  } catch (error) {
    return { ok: false, problem: `${(error as Error).message}: it was altered or is not a token` };
  }
  const { signedData, tstInfo } = parsed;
  const imprint = tstInfo.messageImprint;
  if (imprint.hashAlgorithm.algorithmId !== SHA256_OID)
    return { ok: false, problem: `has a message imprint made with ${imprint.hashAlgorithm.algorithmId}, not SHA-256` };
  const expected = createHash('sha256').update(envelopeBytes).digest('hex');
  const actual = Buffer.from(imprint.hashedMessage.valueBlock.valueHexView).toString('hex');
  if (actual !== expected)
    return {
      ok: false,
      problem: `is over ${actual}, not over this statement (SHA-256 ${expected}): it is a token of another statement`,
    };
  if (options.nonce !== undefined) {
    const nonce = tstInfo.nonce === undefined ? '' : Buffer.from(tstInfo.nonce.valueBlock.valueHexView).toString('hex');
    if (nonce !== Buffer.from(options.nonce).toString('hex')) return { ok: false, problem: 'does not carry the nonce of the request' };
  }
  let anchors: pkijs.Certificate[] = [];
  if (anchorsPem !== null) {
    try {
      anchors = parseCertificatesPem(anchorsPem, 'the TSA anchors');
    } catch (error) {
      return { ok: false, problem: `cannot be checked: ${(error as Error).message}` };
    }
    if (anchors.length === 0) return { ok: false, problem: 'cannot be checked: the TSA anchors hold no certificate' };
  }
  if (options.chainPem !== undefined) {
    try {
      const extra = parseCertificatesPem(options.chainPem, 'tsa-chain.pem');
      signedData.certificates = [...(signedData.certificates ?? []), ...extra];
    } catch (error) {
      return { ok: false, problem: `cannot be checked: ${(error as Error).message}` };
    }
  }
  let result: pkijs.SignedDataVerifyResult;
  try {
    result = await signedData.verify({
      signer: 0,
      data: toArrayBuffer(envelopeBytes),
      trustedCerts: anchors,
      checkChain: anchorsPem !== null,
      extendedMode: true,
    });
  } catch (error) {
    const e = error as { code?: number; message?: string };
    if (e.code === 5)
      return { ok: false, problem: `is signed by a TSA that does not chain to the pinned TSA anchors (${e.message ?? 'no path'})` };
    return { ok: false, problem: `does not verify: ${e.message ?? String(error)}: it was altered` };
  }
  if (!result.signatureVerified || result.signerCertificate === null || result.signerCertificate === undefined)
    return { ok: false, problem: 'has a signature that does not verify with its TSA certificate: it was altered' };
  const signer = result.signerCertificate;
  const eku = signer.extensions?.find((e) => e.extnID === EXTENDED_KEY_USAGE_OID);
  const usages = (eku?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  if (eku === undefined || !eku.critical || !usages.includes(TIME_STAMPING_OID))
    return { ok: false, problem: 'is signed by a certificate that is not a TSA certificate (no critical extended key usage timeStamping)' };
  const path = result.certificatePath ?? [];
  const anchor = path.length > 0 ? commonName(path[path.length - 1] as pkijs.Certificate) : '(signature only, no anchor)';
  return {
    ok: true,
    genTime: tstInfo.genTime,
    tsaName: commonName(signer),
    serial: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex'),
    policy: tstInfo.policy,
    anchor,
  };
}

/** The certificates a token carries, as PEM (what is stored as tsa-chain.pem). */
export function tokenCertificatesPem(tokenDer: Uint8Array): string {
  const { signedData } = parseToken(tokenDer);
  return (signedData.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map(certificatePem)
    .join('');
}

/** A TimeStampReq (DER) for SHA-256 of `data`, asking for the TSA's certificate, with a random nonce. */
export async function timestampQuery(data: Uint8Array): Promise<{ query: Uint8Array; nonce: Uint8Array }> {
  const nonce = randomBytes(8);
  nonce[0] = ((nonce[0] as number) & 0x7f) | 0x01; // positive, and no leading zero byte to strip
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: createHash('sha256').update(data).digest() }),
    }),
    certReq: true,
    nonce: new asn1js.Integer({ valueHex: nonce }),
  });
  return { query: new Uint8Array(request.toSchema().toBER()), nonce };
}

function failure(url: string, error: unknown, timedOut: boolean): TsaFailure {
  if (timedOut) return { url, code: 'Timeout', message: 'the TSA did not answer in time' };
  const e = error as Error & { httpStatus?: number; cause?: { code?: string; message?: string } };
  if (e.httpStatus !== undefined) return { url, code: 'HttpError', message: e.message, httpStatus: e.httpStatus };
  if (error instanceof TimestampFormatError) return { url, code: 'InvalidResponse', message: e.message };
  const cause = e.cause?.code ?? e.cause?.message;
  return { url, code: 'NetworkError', message: `${e.message}${cause ? ` (${cause})` : ''}` };
}

/**
 * Asks each TSA in turn for a token over SHA-256 of `envelopeBytes` and checks the answer (status,
 * nonce, imprint, signature, and the chain when anchors are given). Throws
 * {@link TimestampRequestError} naming every TSA and why none gave a token.
 */
export async function requestTimestamp(envelopeBytes: Uint8Array, options: TimestampOptions): Promise<RunTimestamp> {
  const failures: TsaFailure[] = [];
  const send = options.send ?? httpTransport;
  for (const url of options.urls) {
    const { query, nonce } = await timestampQuery(envelopeBytes);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs ?? 10_000);
    let answer: Uint8Array;
    try {
      answer = await Promise.race([
        send(url, query, controller.signal),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted')))),
      ]);
    } catch (error) {
      failures.push(failure(url, error, timedOut));
      continue;
    } finally {
      clearTimeout(timer);
    }
    let response: pkijs.TimeStampResp;
    try {
      response = pkijs.TimeStampResp.fromBER(toArrayBuffer(answer));
    } catch (error) {
      failures.push({ url, code: 'InvalidResponse', message: `the answer is not a TimeStampResp: ${(error as Error).message}` });
      continue;
    }
    const status = response.status.status;
    if ((status !== 0 && status !== 1) || response.timeStampToken === undefined) {
      const text = response.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
      failures.push({ url, code: 'Rejected', message: `the TSA refused the request (PKIStatus ${status}${text ? `: ${text}` : ''})` });
      continue;
    }
    const token = Buffer.from(response.timeStampToken.toSchema().toBER());
    const check = await verifyTimestampToken(token, envelopeBytes, options.anchorsPem ?? null, { nonce });
    if (!check.ok) {
      failures.push({ url, code: 'InvalidResponse', message: `the token ${check.problem}` });
      continue;
    }
    return { token, chainPem: tokenCertificatesPem(token), sha256: sha256Hex(token), genTime: check.genTime, tsaName: check.tsaName, url };
  }
  const names = failures.map((f) => `${f.url}: ${f.message}`).join('; ');
  throw new TimestampRequestError(`No TSA gave a timestamp token (${names || 'no TSA URL is configured'}).`, failures);
}

/** The stored token (DER TimeStampToken) of a run, or null when it has none: for a Sigstore bundle's rfc3161Timestamps. */
export async function runTimestampToken(store: EvidenceStore, runId: string): Promise<Buffer | null> {
  try {
    return await store.get(runKeys.timestamp(runId));
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return null;
    throw error;
  }
}
