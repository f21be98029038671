import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { VerificationError as SigstoreVerificationError, type TrustMaterial, toSignedEntity, Verifier } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeSealedRun } from '../../lib/pipeline/assess.js';
import { SIGSTORE_BUNDLE_MEDIA_TYPE, sigstoreBundle, sigstoreBundleProblem } from '../../lib/seal/sigstore.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { runKeys } from '../../lib/store/types.js';
import { type DemoStore, fileOf, names, overwrite, resealWith, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';
import { makeOpensslCa } from '../helpers/tsa.js';

const temp = new TempDirs();
let demo: DemoStore;
let runId: string;
let envelopeBytes: Buffer;
let envelope: { payload: string; payloadType: string; signatures: { keyid: string; sig: string }[] };

beforeAll(async () => {
  demo = await sharedDemoStore(await temp.make('sigstore'), 2);
  runId = demo.runs[1]?.runId as string;
  envelopeBytes = await demo.store.get(runKeys.statement(runId));
  envelope = JSON.parse(envelopeBytes.toString('utf8'));
});
afterAll(() => temp.removeAll());

/** Any DER bytes stand for a token here (a SEQUENCE holding INTEGER 5): the bundle carries them, it does not read them. */
const SOME_DER = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]);

/**
 * sigstore-js as an auditor would run it with only the run's public key: the key hint maps to that
 * key, and there is no transparency log, certificate or timestamp authority to require.
 */
function verifyWithSigstoreJs(
  bundleBytes: Uint8Array,
  publicKeyPem: string,
  timestampAuthorities: TrustMaterial['timestampAuthorities'] = [],
) {
  const keyId = envelope.signatures[0]?.keyid as string;
  const trust: TrustMaterial = {
    certificateAuthorities: [],
    timestampAuthorities,
    tlogs: [],
    ctlogs: [],
    publicKey: (hint) => {
      if (hint !== keyId) throw new Error(`no trusted key for hint ${hint}`);
      return { publicKey: createPublicKey(publicKeyPem), validFor: () => true };
    },
  };
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  return verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(Buffer.from(bundleBytes).toString('utf8')))));
}

describe('the Sigstore bundle of a run', () => {
  it('is the run envelope in a v0.3 bundle whose key hint is the DSSE key id, with no log entry and no timestamp', () => {
    // Act
    const bundle = JSON.parse(sigstoreBundle(envelopeBytes).toString('utf8'));

    // Assess
    expect(bundle.mediaType).toBe(SIGSTORE_BUNDLE_MEDIA_TYPE);
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(bundle.verificationMaterial).toEqual({
      publicKey: { hint: envelope.signatures[0]?.keyid },
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    });
    // The envelope as signed; its signature's keyid (not signed) is left to the bundle's key hint, as cosign needs.
    expect(bundle.dsseEnvelope).toEqual({
      payloadType: envelope.payloadType,
      payload: envelope.payload,
      signatures: [{ sig: envelope.signatures[0]?.sig }],
    });
  });

  it('carries an RFC 3161 token, base64, in its timestamp verification data', () => {
    // Act
    const bytes = sigstoreBundle(envelopeBytes, { rfc3161Timestamp: SOME_DER });
    const bundle = JSON.parse(bytes.toString('utf8'));

    // Assess
    expect(bundle.verificationMaterial.timestampVerificationData).toEqual({
      rfc3161Timestamps: [{ signedTimestamp: SOME_DER.toString('base64') }],
    });
    expect(sigstoreBundleProblem(bytes, envelopeBytes, 'b', { rfc3161Timestamp: SOME_DER })).toBeUndefined();
    expect(sigstoreBundleProblem(bytes, envelopeBytes, 'b')).toBe('b holds an RFC 3161 token, and the run has none: it was altered.');
    expect(sigstoreBundleProblem(sigstoreBundle(envelopeBytes), envelopeBytes, 'b', { rfc3161Timestamp: SOME_DER })).toBe(
      "b does not hold the run's RFC 3161 token: it was altered.",
    );
  });

  it('is stored beside the statement of every run of the demo chain, and is the one made from the envelope', async () => {
    for (const run of demo.runs) {
      const statement = await demo.store.get(runKeys.statement(run.runId));
      expect(await demo.store.get(runKeys.sigstoreBundle(run.runId))).toEqual(sigstoreBundle(statement));
    }
  });

  it('refuses an envelope with more than one signature, which a Sigstore bundle cannot name', () => {
    const twice = Buffer.from(JSON.stringify({ ...envelope, signatures: [envelope.signatures[0], envelope.signatures[0]] }));
    expect(() => sigstoreBundle(twice)).toThrow('exactly one signature; this one has 2');
  });
});

describe('@sigstore/verify with only the run public key', () => {
  it('verifies the stored bundle', async () => {
    // Prepare
    const bytes = await demo.store.get(runKeys.sigstoreBundle(runId));

    // Act
    const signer = verifyWithSigstoreJs(bytes, demo.signer.publicKeyPem);

    // Assess
    expect(signer.key.export({ type: 'spki', format: 'pem' })).toBe(
      createPublicKey(demo.signer.publicKeyPem).export({ type: 'spki', format: 'pem' }),
    );
  });

  it('rejects the bundle when its payload changed', async () => {
    // Prepare: the statement names another run, re-encoded so that only the signature can tell.
    const bundle = JSON.parse((await demo.store.get(runKeys.sigstoreBundle(runId))).toString('utf8'));
    const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8');
    expect(payload).toContain(runId);
    // Another last character (run ids end in random hex, which may already be 0).
    const otherRun = `${runId.slice(0, -1)}${runId.endsWith('0') ? '1' : '0'}`;
    bundle.dsseEnvelope.payload = Buffer.from(payload.replace(runId, otherRun)).toString('base64');

    // Act / Assess
    expect(() => verifyWithSigstoreJs(Buffer.from(JSON.stringify(bundle)), demo.signer.publicKeyPem)).toThrow(SigstoreVerificationError);
    expect(() => verifyWithSigstoreJs(Buffer.from(JSON.stringify(bundle)), demo.signer.publicKeyPem)).toThrow(
      'signature verification failed',
    );
  });

  it('rejects the bundle with another public key under the same hint', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const bytes = await demo.store.get(runKeys.sigstoreBundle(runId));
    expect(() => verifyWithSigstoreJs(bytes, other)).toThrow('signature verification failed');
  });
});

/** The parts of a serialized bundle the cases below change. */
interface BundleJson {
  mediaType: string;
  verificationMaterial: { publicKey: { hint: string }; timestampVerificationData: { rfc3161Timestamps: { signedTimestamp: string }[] } };
  dsseEnvelope?: { payload: string; signatures: { sig: string }[] };
}

describe('verifyStore and the Sigstore bundle', () => {
  /** The run's stored bundle replaced by `bytes`; verification of that run in full. */
  async function verifyWithBundle(bytes: Buffer) {
    const { root, store } = await sharedDemoStore(await temp.make('sigstore-tampered'), 2);
    await overwrite(fileOf(root, runKeys.sigstoreBundle(runId)), bytes);
    return verifyStore(store, { inFull: (run) => run.runId === runId });
  }
  const edited = (change: (bundle: BundleJson) => void) => {
    const bundle = JSON.parse(sigstoreBundle(envelopeBytes).toString('utf8'));
    change(bundle);
    return Buffer.from(JSON.stringify(bundle));
  };

  it.each([
    ['another key hint', (b: BundleJson) => (b.verificationMaterial.publicKey.hint = 'f'.repeat(64)), 'public-key hint'],
    [
      'another payload',
      (b: BundleJson) => ((b.dsseEnvelope as { payload: string }).payload = Buffer.from('{}').toString('base64')),
      'DSSE envelope other than',
    ],
    ['another signature', (b: BundleJson) => ((b.dsseEnvelope?.signatures[0] as { sig: string }).sig = 'AAAA'), 'DSSE envelope other than'],
    [
      'a token the run does not have',
      (b: BundleJson) => (b.verificationMaterial.timestampVerificationData.rfc3161Timestamps = [{ signedTimestamp: 'MAMCAQU=' }]),
      'RFC 3161 token',
    ],
    ['an older media type', (b: BundleJson) => (b.mediaType = 'application/vnd.dev.sigstore.bundle.v0.2+json'), 'media type'],
    ['no envelope', (b: BundleJson) => delete b.dsseEnvelope, 'is not a Sigstore bundle: content invalid'],
  ])('fails a bundle with %s, naming it', async (_what, change, message) => {
    // Act
    const report = await verifyWithBundle(edited(change));

    // Assess
    const key = runKeys.sigstoreBundle(runId);
    expect(report.ok).toBe(false);
    expect(names(report, key)).toBe(true);
    expect(report.problems.find((p) => p.object === key)?.message).toContain(message);
  });

  it('fails a bundle whose bytes differ though it says the same (another key order)', async () => {
    const report = await verifyWithBundle(Buffer.from(JSON.stringify(JSON.parse(sigstoreBundle(envelopeBytes).toString('utf8')), null, 2)));
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.message).toContain('as ai-evidence writes it');
  });

  it('accepts a run without one (sealed before the bundle was written), and storing the run again writes it', async () => {
    // Prepare
    const { root, store } = await sharedDemoStore(await temp.make('sigstore-old'), 2);
    const key = runKeys.sigstoreBundle(runId);
    const original = await readFile(fileOf(root, key));
    await unlink(fileOf(root, key));

    // Act
    const before = await verifyStore(store);
    const sealed = { ...(await resealWith(store, runId, demo.signer)), envelope: envelopeBytes };
    const outcome = await storeSealedRun(store, sealed);

    // Assess
    expect(before.problems).toEqual([]);
    expect(outcome.written).toBe(1);
    expect(await readFile(fileOf(root, key))).toEqual(original);
    expect((await verifyStore(store)).ok).toBe(true);
  });
});

/**
 * What the RFC 3161 token in a run's Sigstore bundle must cover for sigstore-js to accept it: a
 * test TSA made with openssl (a CA and a timestamping certificate) answers two queries, one over
 * the envelope's bytes and one over the DSSE signature's bytes. Sigstore clients check a token's
 * message imprint against the signature, so only the second verifies; a token in a bundle also
 * needs its TSA in the trust material whatever the timestamp threshold.
 */
describe.skipIf(!existsSync('/usr/bin/openssl'))('an RFC 3161 token in the Sigstore bundle, for sigstore-js', () => {
  const run = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

  async function testTsa(): Promise<{ dir: string; authorities: TrustMaterial['timestampAuthorities'] }> {
    const dir = await temp.make('sigstore-tsa');
    await makeOpensslCa(dir, 'sigstore');
    const pem = async (name: string) => X509Certificate.parse(await readFile(join(dir, name), 'utf8'));
    return {
      dir,
      authorities: [{ certChain: [await pem('tsa.pem'), await pem('ca.pem')], validFor: { start: new Date(0), end: new Date(8.64e15) } }],
    };
  }

  /** The TSA's reply (a DER TimeStampResp, what Sigstore bundles carry) over the bytes of `file`. */
  async function timestamp(dir: string, bytes: Uint8Array, name: string): Promise<Buffer> {
    await writeFile(join(dir, `${name}.bin`), bytes);
    run(['ts', '-query', '-data', `${name}.bin`, '-sha256', '-cert', '-out', `${name}.tsq`], dir);
    run(['ts', '-reply', '-queryfile', `${name}.tsq`, '-config', 'tsa.cnf', '-out', `${name}.tsr`], dir);
    return readFile(join(dir, `${name}.tsr`));
  }

  it('verifies a token over the DSSE signature with the TSA trusted, and refuses one over the envelope or an untrusted TSA', async () => {
    // Prepare
    const { dir, authorities } = await testTsa();
    const signature = Buffer.from(envelope.signatures[0]?.sig as string, 'base64');
    const overSignature = sigstoreBundle(envelopeBytes, { rfc3161Timestamp: await timestamp(dir, signature, 'signature') });
    const overEnvelope = sigstoreBundle(envelopeBytes, { rfc3161Timestamp: await timestamp(dir, envelopeBytes, 'envelope') });

    // Act / Assess
    expect(verifyWithSigstoreJs(overSignature, demo.signer.publicKeyPem, authorities).key).toBeDefined();
    expect(() => verifyWithSigstoreJs(overEnvelope, demo.signer.publicKeyPem, authorities)).toThrow('timestamp could not be verified');
    expect(() => verifyWithSigstoreJs(overSignature, demo.signer.publicKeyPem)).toThrow('timestamp could not be verified');
  });
});
