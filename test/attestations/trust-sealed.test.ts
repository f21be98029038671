import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAttestation } from '../../lib/attestations/attestation.js';
import { ATTESTATION_FILE_SUFFIX, asRunAttestations, type LoadedAttestations, loadAttestations } from '../../lib/attestations/load.js';
import { attestationsOf } from '../../lib/attestations/run.js';
import { TRUST_LIST_COLLECTOR } from '../../lib/attestations/trust.js';
import { catalog } from '../../lib/controls/index.js';
import { demoEstate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { ROOT_FILES, runsInRange, writeBundle } from '../../lib/export/bundle.js';
import { loadSealedRun } from '../../lib/export/load.js';
import type { OscalAssessmentResults, OscalProp } from '../../lib/export/oscal.js';
import { verifyBundleFile } from '../../lib/export/verify-bundle.js';
import { frameworks } from '../../lib/frameworks/definitions.js';
import { type FrameworkResult, rollUp } from '../../lib/frameworks/rollup.js';
import { type AssessResult, assess } from '../../lib/pipeline/assess.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import type { Signer } from '../../lib/seal/signer.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { attestationOf, attester, newSigner } from '../fixtures/attestations.js';
import { TempDirs } from '../helpers/temp.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const ALL_TIME = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
/** The demo estate's runs start at this time, so that the attestations below are valid. */
const NOW = () => new Date('2026-06-01T00:00:00.000Z');
const stranger = newSigner();

interface Assessed {
  dir: string;
  store: LocalFolderStore;
  signer: Signer;
  run: AssessResult;
  loaded: LoadedAttestations;
  /** The roll-up `assess` prints, from the loaded attestations. */
  atAssess: FrameworkResult[];
}

/**
 * The demo estate assessed with two attestations of manual AI RMF subcategories: GOVERN 1.2 signed
 * by `attester` (on the trust list as dana-reyes), GOVERN 1.3 by a stranger's key. With `legacy`,
 * the trust list's record is left out, as runs sealed before trust lists hold none.
 */
async function assessWithTrustList(legacy = false): Promise<Assessed> {
  const dir = await temp.make('trust-sealed');
  await mkdir(join(dir, 'attestations'));
  for (const [requirement, signer] of [
    ['GOVERN 1.2', attester],
    ['GOVERN 1.3', stranger],
  ] as const) {
    const file = await signAttestation(attestationOf({ requirement }), signer);
    await writeFile(join(dir, 'attestations', `${requirement.replace(' ', '-')}${ATTESTATION_FILE_SUFFIX}`), JSON.stringify(file));
  }
  await mkdir(join(dir, 'trusted'));
  await writeFile(join(dir, 'trusted', 'dana-reyes.pem'), attester.publicKeyPem);
  const loaded = await loadAttestations(join(dir, 'attestations'), NOW(), { dir: join(dir, 'trusted'), accountId: '111122223333' });
  const store = new LocalFolderStore(join(dir, 'evidence'));
  const { signer } = await loadOrCreateLocalSigner(join(dir, 'key', 'signing-key.pem'));
  const run = await assess({
    store,
    signer,
    scopes: estateScopes(demoEstate),
    clientsFor: (accountId) => estateClients(demoEstate, accountId),
    attestations: legacy ? loaded.records.filter((r) => r.source.collector !== TRUST_LIST_COLLECTOR) : loaded.records,
    now: NOW,
  });
  const judged = asRunAttestations(loaded).attestations;
  const atAssess = frameworks.map((f) => rollUp(f, catalog, run.findings, { attestations: judged, at: run.startedAt }));
  return { dir, store, signer, run, loaded, atAssess };
}

/** The roll-up of a stored run, from what it sealed only. */
async function rollUpOfStoredRun(store: LocalFolderStore, runId: string): Promise<FrameworkResult[]> {
  const sealed = await loadSealedRun(store, runId);
  const { attestations } = attestationsOf(sealed.evidence);
  return frameworks.map((f) =>
    rollUp(
      f,
      catalog,
      sealed.findings.map((s) => s.finding),
      { attestations, at: sealed.manifest.startedAt },
    ),
  );
}

const requirement = (results: FrameworkResult[], id: string) =>
  results.find((r) => r.framework === 'nist-ai-rmf')?.requirements.find((r) => r.id === id);

/** Exports every run of `store` and verifies the bundle; returns its report and OSCAL document. */
async function exportAndVerify(assessed: Assessed) {
  const out = join(assessed.dir, 'bundle.zip');
  await writeBundle(assessed.store, await runsInRange(assessed.store, ALL_TIME.from, ALL_TIME.to), out, ALL_TIME);
  const verified = await verifyBundleFile(out);
  const entries = unzipSync(await readFile(out));
  const text = (name: string) => Buffer.from(entries[name] as Uint8Array).toString('utf8');
  return {
    verified,
    report: text(ROOT_FILES.report),
    oscal: JSON.parse(text(ROOT_FILES.oscal)) as OscalAssessmentResults,
  };
}

/** The manual attestation parts of the OSCAL document's only result, by requirement. */
function attestationParts(doc: OscalAssessmentResults): Map<string, readonly OscalProp[]> {
  const parts = doc['assessment-results'].results[0]?.attestations.slice(1).map((a) => a.parts[0]) ?? [];
  const prop = (props: readonly OscalProp[] | undefined, name: string) => props?.find((p) => p.name === name)?.value;
  return new Map(parts.map((p) => [prop(p?.props, 'requirement') as string, p?.props ?? []]));
}

const propValue = (props: readonly OscalProp[] | undefined, name: string) => props?.find((p) => p.name === name)?.value;

describe('a run sealed with its trust list', () => {
  let assessed: Assessed;
  beforeAll(async () => {
    assessed = await assessWithTrustList();
  }, 60_000);

  it('counts the trusted attestation and not the other, whose key is named', () => {
    // Assess
    expect(requirement(assessed.atAssess, 'GOVERN 1.2')).toMatchObject({ status: 'ATTESTED', attestation: { attester: 'dana-reyes' } });
    expect(requirement(assessed.atAssess, 'GOVERN 1.3')).toMatchObject({
      status: 'ATTESTATION_REQUIRED',
      untrusted: [{ keyId: stranger.keyId, reason: expect.stringContaining(`untrusted key ${stranger.keyId.slice(0, 16)}`) }],
    });
  });

  it('rolls up the same from the stored run after the trust list folder changed: the sealed list decides', async () => {
    // Prepare: trust the stranger now and no longer dana-reyes.
    await rm(join(assessed.dir, 'trusted', 'dana-reyes.pem'));
    await writeFile(join(assessed.dir, 'trusted', 'stranger.pem'), stranger.publicKeyPem);
    // Act
    const again = await rollUpOfStoredRun(assessed.store, assessed.run.runId);
    // Assess
    expect(again).toEqual(assessed.atAssess);
    expect((await verifyStore(assessed.store)).ok).toBe(true);
  });

  it('exports a bundle that verifies, whose report and OSCAL say which attestation counts and why the other does not', async () => {
    // Act
    const { verified, report, oscal } = await exportAndVerify(assessed);
    // Assess
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(report).toContain('trusted: dana-reyes');
    expect(report).toContain(`<strong>not counted</strong>: signed by an untrusted key ${stranger.keyId.slice(0, 16)}`);
    expect(report).toMatch(/on the trust list sealed with the run count \(1 of 2\)/);
    // The report's posture is the roll-up assess printed, from the sealed list (the folder changed since).
    for (const result of assessed.atAssess.filter((r) => r.framework !== 'iso-42001')) {
      const t = result.totals;
      expect(report).toContain(
        `of ${result.requirements.length} requirements, ${t.PASS} pass, ${t.ATTESTED} are attested, ${t.FAIL} fail, ${t.INSUFFICIENT_EVIDENCE} lack evidence; ${t.ATTESTATION_REQUIRED} need an attestation`,
      );
    }
    const parts = attestationParts(oscal);
    expect(propValue(parts.get('GOVERN-1.2'), 'attester-trusted')).toBe('true');
    expect(propValue(parts.get('GOVERN-1.2'), 'trusted-attester')).toBe('dana-reyes');
    expect(propValue(parts.get('GOVERN-1.3'), 'attester-trusted')).toBe('false');
    expect(propValue(parts.get('GOVERN-1.3'), 'trusted-attester')).toBeUndefined();
  });
});

describe('a run sealed before trust lists (no trust list record)', () => {
  let assessed: Assessed;
  beforeAll(async () => {
    assessed = await assessWithTrustList(true);
  }, 60_000);

  it('verifies, and counts none of its attestations, each reported as signed by an untrusted key', async () => {
    // Act
    const results = await rollUpOfStoredRun(assessed.store, assessed.run.runId);
    // Assess
    expect((await verifyStore(assessed.store)).ok).toBe(true);
    for (const id of ['GOVERN 1.2', 'GOVERN 1.3']) {
      expect(requirement(results, id)?.status).toBe('ATTESTATION_REQUIRED');
      expect(requirement(results, id)?.untrusted?.[0]?.reason).toMatch(/the run sealed no trust list of attester keys/);
    }
  });

  it('still exports a bundle that verifies, saying the run sealed no trust list', async () => {
    // Act
    const { verified, report, oscal } = await exportAndVerify(assessed);
    // Assess
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(report).toContain('The run sealed no trust list of attester keys');
    expect([...attestationParts(oscal).values()].map((p) => propValue(p, 'attester-trusted'))).toEqual(['false', 'false']);
  });
});
