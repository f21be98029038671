import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificatesPem, type TimestampOptions, TST_INFO_CONTENT_TYPE, type TsaTransport } from '../seal/timestamp.js';
import { DEMO_TSA_ROOT_PEM } from './tsa-root.js';

/**
 * The DEMO Time-Stamp Authority: an RFC 3161 signer in process, with a key that ships with
 * ai-evidence (lib/demo/tsa/). Its tokens let `assess --demo` show timestamps offline; they prove
 * nothing about time, since anyone holds the key. Every place that shows them says DEMO.
 */

const DIR = fileURLToPath(new URL('./tsa/', import.meta.url));
export const DEMO_TSA_ROOT_FILE = `${DIR}demo-tsa-root.pem`;
export const DEMO_TSA_LABEL = 'DEMO TSA (in process, lib/demo/tsa; its key is public: not a real time source)';
/** The policy the demo TSA stamps under; an arc of no registry, as a demo needs no more. */
const DEMO_POLICY = '1.2.3.4.1';
const SHA256_OID = '2.16.840.1.101.3.4.2.1';

/** The demo TSA's root certificate, PEM: the anchor `verify` trusts for demo runs. */
export function demoTsaRootPem(): string {
  return DEMO_TSA_ROOT_PEM;
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/gu, '').replace(/\s+/gu, ''), 'base64');
}

let signer: Promise<{ key: webcrypto.CryptoKey; cert: pkijs.Certificate }> | undefined;
function demoSigner(): Promise<{ key: webcrypto.CryptoKey; cert: pkijs.Certificate }> {
  signer ??= (async () => {
    const key = await webcrypto.subtle.importKey(
      'pkcs8',
      pemBody(readFileSync(`${DIR}demo-tsa-key.pem`, 'utf8')),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const [cert] = parseCertificatesPem(readFileSync(`${DIR}demo-tsa.pem`, 'utf8'), 'the demo TSA certificate');
    if (cert === undefined) throw new Error('lib/demo/tsa/demo-tsa.pem holds no certificate.');
    return { key, cert };
  })();
  return signer;
}

/** Answers a DER TimeStampReq with a DER TimeStampResp signed by the demo TSA, at `now`. */
export async function demoTsaRespond(query: Uint8Array, now: Date = new Date()): Promise<Uint8Array> {
  const { key, cert } = await demoSigner();
  const request = pkijs.TimeStampReq.fromBER(query.buffer.slice(query.byteOffset, query.byteOffset + query.byteLength) as ArrayBuffer);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: DEMO_POLICY,
    messageImprint: request.messageImprint,
    serialNumber: new asn1js.Integer({ valueHex: Buffer.concat([Buffer.from([0x01]), randomBytes(8)]) }),
    genTime: now,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
    tsa: new pkijs.GeneralName({ type: 4, value: cert.subject }),
  });
  const content = Buffer.from(tstInfo.toSchema().toBER());
  const certDer = Buffer.from(cert.toSchema().toBER());
  const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        attribute('1.2.840.113549.1.9.3', new asn1js.ObjectIdentifier({ value: TST_INFO_CONTENT_TYPE })),
        attribute('1.2.840.113549.1.9.4', new asn1js.OctetString({ valueHex: createHash('sha256').update(content).digest() })),
        // SigningCertificateV2 (RFC 5035) with one ESSCertIDv2 (SHA-256, the default): openssl ts -verify requires it.
        attribute(
          '1.2.840.113549.1.9.16.2.47',
          new asn1js.Sequence({
            value: [
              new asn1js.Sequence({
                value: [
                  new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: createHash('sha256').update(certDer).digest() })] }),
                ],
              }),
            ],
          }),
        ),
      ],
    }),
  });
  const signed = new pkijs.SignedData({
    version: 3,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: TST_INFO_CONTENT_TYPE,
      eContent: new asn1js.OctetString({ valueHex: content }),
    }),
    signerInfos: [signerInfo],
    certificates: [cert],
  });
  await signed.sign(key, 0, 'SHA-256');
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
    timeStampToken: new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signed.toSchema(true) }),
  });
  return new Uint8Array(response.toSchema().toBER());
}

/** A transport that answers every query with the demo TSA. */
export const demoTsaTransport: TsaTransport = (_url, query) => demoTsaRespond(query);

/** The timestamp options of a demo run: the demo TSA, checked against its own root. */
export function demoTimestampOptions(): TimestampOptions {
  return { urls: [DEMO_TSA_LABEL], send: demoTsaTransport, anchorsPem: demoTsaRootPem(), label: DEMO_TSA_LABEL };
}
