import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeSealedRun } from '../../lib/pipeline/assess.js';
import { loadOrCreateLocalSigner, localSigner } from '../../lib/seal/local-signer.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { runKeys } from '../../lib/store/types.js';
import {
  assessDemo,
  type DemoStore,
  fileOf,
  names,
  overwrite,
  replaceByte,
  resealWith,
  sharedDemoStore,
  storedKeys,
} from '../helpers/demo-store.js';
import { ReferenceTree } from '../helpers/rfc9162.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let pristine: DemoStore;
let runIds: string[];

beforeAll(async () => {
  pristine = await sharedDemoStore(await temp.make('sealed'), 3);
  runIds = pristine.runs.map((r) => r.runId);
});
afterAll(() => temp.removeAll());

/** A private copy of the sealed chain to tamper with: hard links, each replaced when changed (overwrite). */
async function copyOfChain(): Promise<{ root: string; store: LocalFolderStore }> {
  const { root, store } = await sharedDemoStore(await temp.make('tampered'), 3);
  return { root, store };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function keysOf(runId: string, folder: 'evidence/' | 'findings/' | 'keys/', all: readonly string[]): string[] {
  return all.filter((k) => k.startsWith(`${runKeys.prefix(runId)}${folder}`));
}

/** A stored character replaced by another of the same class, so the file still looks plausible. */
function otherCharacter(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte === 0x39 ? 0x30 : byte + 1;
  if (byte >= 0x61 && byte <= 0x7a) return byte === 0x7a ? 0x61 : byte + 1;
  if (byte >= 0x41 && byte <= 0x5a) return byte === 0x5a ? 0x41 : byte + 1;
  return byte ^ 0x01;
}

async function changeCharacterAt(root: string, key: string, offset: number): Promise<void> {
  const bytes = await readFile(fileOf(root, key));
  await replaceByte(fileOf(root, key), offset, otherCharacter(bytes[offset] as number));
}

describe('a sealed chain of demo runs', () => {
  it('verifies when untouched: every run complete, re-evaluated and chained', async () => {
    // Act
    const report = await verifyStore(pristine.store);

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => r.runId)).toEqual(runIds);
    expect(report.runs.every((r) => r.complete && r.reEvaluated && r.evidence > 0 && r.findings > 0)).toBe(true);
    expect(report.trustedKeyId).toBe(pristine.signer.keyId);
  });

  it('holds a DSSE statement that node:crypto verifies over the pre-authentication encoding built from the spec', async () => {
    for (const runId of runIds) {
      // Prepare
      const envelope = JSON.parse(await readFile(fileOf(pristine.root, runKeys.statement(runId)), 'utf8'));
      const [keyKey] = keysOf(runId, 'keys/', await storedKeys(pristine.root));
      const publicKeyPem = await readFile(fileOf(pristine.root, keyKey as string), 'utf8');
      const payload = Buffer.from(envelope.payload, 'base64');
      const type = Buffer.from(envelope.payloadType, 'utf8');
      const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);

      // Act
      const good = verify('sha256', pae, { key: publicKeyPem, dsaEncoding: 'der' }, Buffer.from(envelope.signatures[0].sig, 'base64'));

      // Assess
      expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
      expect(good).toBe(true);
      expect(envelope.signatures[0].keyid).toBe(pristine.signer.keyId);
    }
  });

  it('names the manifest by its SHA-256 and the RFC 9162 root over the manifest items, and links each run to the one before', async () => {
    const all = await storedKeys(pristine.root);
    let previousPayload: Buffer | undefined;
    for (const runId of runIds) {
      // Prepare
      const envelope = JSON.parse(await readFile(fileOf(pristine.root, runKeys.statement(runId)), 'utf8'));
      const payload = Buffer.from(envelope.payload, 'base64');
      const statement = JSON.parse(payload.toString('utf8'));
      const manifestBytes = await readFile(fileOf(pristine.root, runKeys.manifest(runId)));
      const manifest = JSON.parse(manifestBytes.toString('utf8'));

      // Act
      const subjects = Object.fromEntries(
        statement.subject.map((s: { name: string; digest: { sha256: string } }) => [s.name, s.digest.sha256]),
      );
      const reference = new ReferenceTree(manifest.items.map((i: { sha256: string }) => Buffer.from(i.sha256, 'hex')));

      // Assess: the statement names the manifest and the root.
      expect(statement._type).toBe('https://in-toto.io/Statement/v1');
      expect(subjects[runKeys.manifest(runId)]).toBe(sha256(manifestBytes));
      expect(subjects['merkle-root']).toBe(reference.mth().toString('hex'));
      // The manifest lists every other object of the run with its digest and size, sorted by key.
      const listed = all.filter(
        (k) =>
          k.startsWith(runKeys.prefix(runId)) &&
          ![runKeys.manifest(runId), runKeys.proofs(runId), runKeys.statement(runId), runKeys.sigstoreBundle(runId)].includes(k),
      );
      expect(manifest.items.map((i: { key: string }) => i.key)).toEqual(listed);
      for (const item of manifest.items) {
        const bytes = await readFile(fileOf(pristine.root, item.key));
        expect(item.sha256).toBe(sha256(bytes));
        expect(item.size).toBe(bytes.length);
      }
      // The chain: the oldest names no previous run, each later one the digest of its predecessor's statement.
      expect(statement.predicate.previous).toEqual(
        previousPayload === undefined
          ? null
          : // The demo chain has no timestamp tokens: each run records that its predecessor had none.
            { runId: runIds[runIds.indexOf(runId) - 1], statementSha256: sha256(previousPayload), timestampSha256: null },
      );
      previousPayload = payload;
    }
  });

  it('stores in proofs.bin, level by level, the RFC 9162 subtree hashes every inclusion proof is read from', async () => {
    for (const runId of runIds) {
      // Prepare
      const manifest = JSON.parse(await readFile(fileOf(pristine.root, runKeys.manifest(runId)), 'utf8'));
      const reference = new ReferenceTree(manifest.items.map((i: { sha256: string }) => Buffer.from(i.sha256, 'hex')));
      const n = reference.size;
      const expected: Buffer[] = [];
      // Level l holds MTH of the aligned blocks D[j*2^l : (j+1)*2^l] (the last one cut at n), up to the root.
      for (let width = 1; ; width *= 2) {
        for (let start = 0; start < n; start += width) expected.push(reference.mth(start, Math.min(n, start + width)));
        if (width >= n) break;
      }

      // Act
      const stored = await readFile(fileOf(pristine.root, runKeys.proofs(runId)));

      // Assess
      expect(stored.equals(Buffer.concat(expected))).toBe(true);
    }
  });

  it('writes nothing new when the same sealed run is stored again', async () => {
    // Prepare
    const before = await storedKeys(pristine.root);
    const runId = runIds[1] as string;
    // The run as sealing makes it from its manifest, with the envelope as it was signed (a new
    // ECDSA signature would be other bytes).
    const sealed = {
      ...(await resealWith(pristine.store, runId, pristine.signer)),
      envelope: await readFile(fileOf(pristine.root, runKeys.statement(runId))),
    };

    // Act
    const outcome = await storeSealedRun(pristine.store, sealed);

    // Assess
    expect(outcome).toEqual({ written: 0, existing: sealed.objects.length + 4 });
    expect(await storedKeys(pristine.root)).toEqual(before);
    expect((await verifyStore(pristine.store)).ok).toBe(true);
  });
});

describe('verifyStore after tampering', () => {
  it.each([
    ['an evidence record', 'evidence/'],
    ['a finding', 'findings/'],
    ['the public key file', 'keys/'],
  ] as const)('fails and names the object when a character of %s changes', async (_name, folder) => {
    for (const runId of [runIds[0], runIds[2]] as string[]) {
      // Prepare
      const { root, store } = await copyOfChain();
      const [key] = keysOf(runId, folder, await storedKeys(root));
      if (!key) throw new Error(`no ${folder} object in ${runId}`);
      const size = (await readFile(fileOf(root, key))).length;
      await changeCharacterAt(root, key, Math.floor(size / 2));

      // Act
      const report = await verifyStore(store);

      // Assess
      expect(report.ok).toBe(false);
      expect(names(report, key), JSON.stringify(report.problems)).toBe(true);
    }
  });

  it.each([
    ['the manifest', runKeys.manifest],
    ['proofs.bin', runKeys.proofs],
  ] as const)('fails and names %s when one of its bytes changes', async (_name, keyOf) => {
    // Prepare
    const { root, store } = await copyOfChain();
    const key = keyOf(runIds[1] as string);
    const size = (await readFile(fileOf(root, key))).length;
    await changeCharacterAt(root, key, Math.floor(size / 3));

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(report.ok).toBe(false);
    expect(names(report, key), JSON.stringify(report.problems)).toBe(true);
  });

  it.each([
    ['the signed payload', (e: { payload: string }) => e.payload, '"payload":"'],
    ['the signature', (e: { signatures: { sig: string }[] }) => e.signatures[0]?.sig ?? '', '"sig":"'],
  ] as const)('fails and names the statement when a character of %s changes', async (_name, field, marker) => {
    for (const runId of runIds) {
      // Prepare
      const { root, store } = await copyOfChain();
      const key = runKeys.statement(runId);
      const text = await readFile(fileOf(root, key), 'utf8');
      const value = field(JSON.parse(text));
      const start = text.indexOf(marker) + marker.length;
      expect(text.slice(start, start + value.length)).toBe(value);
      await changeCharacterAt(root, key, start + Math.floor(value.length / 2));

      // Act
      const report = await verifyStore(store);

      // Assess
      expect(report.ok).toBe(false);
      expect(names(report, key), JSON.stringify(report.problems)).toBe(true);
    }
  });

  it('fails and names the statement when a base64 character changes only in bits the decoder drops', async () => {
    // Prepare: the last character before "=" padding carries unused low bits; changing them leaves
    // the decoded bytes, and so the signature, intact, but the stored statement is not what was written.
    const { root, store } = await copyOfChain();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let altered: string | undefined;
    for (const runId of runIds) {
      const key = runKeys.statement(runId);
      const text = await readFile(fileOf(root, key), 'utf8');
      const envelope = JSON.parse(text);
      const padded = [envelope.payload, envelope.signatures[0].sig].find((b: string) => b.endsWith('='));
      if (padded === undefined) continue;
      const last = padded.length - (padded.endsWith('==') ? 3 : 2);
      const swapped = `${padded.slice(0, last)}${alphabet[alphabet.indexOf(padded[last]) ^ 1]}${padded.slice(last + 1)}`;
      expect(Buffer.from(swapped, 'base64').equals(Buffer.from(padded, 'base64'))).toBe(true);
      await overwrite(fileOf(root, key), Buffer.from(text.replace(padded, swapped)));
      altered = key;
      break;
    }
    if (altered === undefined) throw new Error('no statement has a padded base64 field to alter');

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(report.ok).toBe(false);
    expect(names(report, altered), JSON.stringify(report.problems)).toBe(true);
  });

  it('fails and names the object when an evidence record, a finding, the proofs or the manifest is deleted', async () => {
    const all = await storedKeys(pristine.root);
    const runId = runIds[1] as string;
    for (const key of [
      keysOf(runId, 'evidence/', all)[0],
      keysOf(runId, 'findings/', all)[0],
      runKeys.proofs(runId),
      runKeys.manifest(runId),
    ]) {
      // Prepare
      const { root, store } = await copyOfChain();
      await unlink(fileOf(root, key as string));

      // Act
      const report = await verifyStore(store);

      // Assess
      expect(report.ok).toBe(false);
      expect(names(report, key as string), `${key}: ${JSON.stringify(report.problems)}`).toBe(true);
    }
    // Four copies and verifications of a three-run chain of the whole demo catalog.
  }, 60_000);

  it('fails and names the object when one is added to a run', async () => {
    // Prepare: a copy of a genuine record of another run, so only its presence is wrong.
    const { root, store } = await copyOfChain();
    const all = await storedKeys(root);
    const donor = keysOf(runIds[0] as string, 'evidence/', all)[0] as string;
    const added = `${runKeys.prefix(runIds[2] as string)}evidence/${'0'.repeat(64)}.json`;
    await writeFile(fileOf(root, added), await readFile(fileOf(root, donor)));

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(report.ok).toBe(false);
    expect(names(report, added), JSON.stringify(report.problems)).toBe(true);
  });

  it('reports a run whose statement is missing as incomplete', async () => {
    // Prepare
    const { root, store } = await copyOfChain();
    const newest = runIds[2] as string;
    await unlink(fileOf(root, runKeys.statement(newest)));

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.runs.find((r) => r.runId === newest)?.complete).toBe(false);
    expect(report.problems.some((p) => p.object === runKeys.statement(newest) && /incomplete/i.test(p.message))).toBe(true);
  });

  it('fails and names the statement when the newest run is re-signed with another key', async () => {
    // Prepare
    const { root, store } = await copyOfChain();
    const newest = runIds[2] as string;
    const faithful = await resealWith(store, newest, pristine.signer);
    expect(faithful.manifest.equals(await readFile(fileOf(root, runKeys.manifest(newest))))).toBe(true);
    const other = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const forged = await resealWith(store, newest, other);
    for (const key of keysOf(newest, 'keys/', await storedKeys(root))) await unlink(fileOf(root, key));
    for (const key of [runKeys.manifest(newest), runKeys.proofs(newest), runKeys.statement(newest), runKeys.sigstoreBundle(newest)])
      await unlink(fileOf(root, key));
    await storeSealedRun(store, forged);

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(report.ok).toBe(false);
    const aboutStatement = report.problems.filter((p) => p.object === runKeys.statement(newest));
    expect(aboutStatement.length).toBeGreaterThan(0);
    expect(aboutStatement.some((p) => p.message.includes(other.keyId))).toBe(true);
    expect(report.runs.find((r) => r.runId === runIds[1])?.problems).toEqual([]);
  });

  it('fails and names the missing run when a run is removed from the middle of the chain', async () => {
    // Prepare
    const { root, store } = await copyOfChain();
    const middle = runIds[1] as string;
    await rm(join(root, 'runs', middle), { recursive: true });

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.runId === runIds[2] && p.message.includes(middle))).toBe(true);
  });

  it('fails and names the missing run when the oldest run is removed', async () => {
    // Prepare
    const { root, store } = await copyOfChain();
    const oldest = runIds[0] as string;
    await rm(join(root, 'runs', oldest), { recursive: true });

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.message.includes(oldest))).toBe(true);
  });
});

describe('verifyStore with a pinned public key', () => {
  it('passes with the signer key given as PEM or as DER', async () => {
    // Prepare
    const pem = pristine.signer.publicKeyPem;
    const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });

    // Act
    const reports = [await verifyStore(pristine.store, { publicKey: pem }), await verifyStore(pristine.store, { publicKey: der })];

    // Assess
    expect(reports.map((r) => r.ok)).toEqual([true, true]);
  });

  it('fails on every run, naming its statement, when another key is pinned', async () => {
    // Prepare
    const dir = await temp.make('other-key');
    const { signer: other } = await loadOrCreateLocalSigner(join(dir, 'other.pem'));

    // Act
    const report = await verifyStore(pristine.store, { publicKey: other.publicKeyPem, publicKeySource: 'other.pem' });

    // Assess
    expect(report.ok).toBe(false);
    expect(report.trustedKeyId).toBe(other.keyId);
    for (const runId of runIds) expect(names(report, runKeys.statement(runId))).toBe(true);
  });
});

describe('run order', () => {
  it('verifies a chain of runs that start within the same second', async () => {
    // Prepare: a clock that moves 1 ms a call (the demo reads it once per record), from just after a whole second.
    const dir = await temp.make('same-second');
    const store = new LocalFolderStore(join(dir, 'evidence'));
    const { signer } = await loadOrCreateLocalSigner(join(dir, 'key.pem'));
    let t = Date.UTC(2026, 0, 1, 12, 0, 0, 1);
    const now = () => {
      t += 1;
      return new Date(t);
    };
    // One account-region of the demo is enough to seal a run; the order of four of them is the point.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await assessDemo(store, signer, now, 1)).runId);

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(new Date(t).getUTCSeconds(), 'the four runs no longer fit in one second of this clock').toBe(0);
    expect(report.problems).toEqual([]);
    expect(await store.listRuns()).toEqual(ids);
  });
});
