import { readFile, unlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, catalogVersion } from '../../lib/controls/index.js';
import type { Control, Finding } from '../../lib/controls/types.js';
import { storeSealedRun } from '../../lib/pipeline/assess.js';
import { ManifestSchema } from '../../lib/seal/manifest.js';
import { ReEvaluation, sealedControls } from '../../lib/seal/reevaluation.js';
import { verifyStore } from '../../lib/seal/verify.js';
import { runKeys } from '../../lib/store/types.js';
import { type DemoStore, fileOf, replaceByte, resealWith, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

/** A control of the catalog with a finding in every demo run: the one a later catalog changes. */
const CHANGED = 'iam_ai_full_access_policy_unattached';
/** Another control of the demo runs: the one a later catalog removes. */
const REMOVED = 'bedrock_agent_guardrail_attached';

function control(id: string): Control {
  return catalog.find((c) => c.id === id) as Control;
}

/** The demo catalog as a later tool would have it: `changes` applied to one control, a new control added. */
function laterCatalog(change: (c: Control) => Control, options: { remove?: string } = {}): Control[] {
  const added: Control = {
    ...control(CHANGED),
    id: 'iam_new_control_added_later',
    version: 1,
    evaluate: (input) =>
      input.scopes.map(
        (s): Finding => ({
          schemaVersion: 1,
          controlId: 'iam_new_control_added_later',
          status: 'PASS',
          severity: 'LOW',
          accountId: s.accountId,
          region: s.region,
          resource: { type: 'AWS::::Account', id: `arn:aws:::${s.accountId}:region/${s.region}` },
          reason: 'A control the run was not judged with.',
          evidence: [],
        }),
      ),
  };
  return [...catalog.filter((c) => c.id !== options.remove).map((c) => (c.id === CHANGED ? change(c) : c)), added].sort((a, b) =>
    a.id < b.id ? -1 : 1,
  );
}

/** New logic: the same findings with another reason. */
function otherLogic(c: Control): Control['evaluate'] {
  return (input) => c.evaluate(input).map((f) => ({ ...f, reason: `${f.reason} Judged by newer logic.` }));
}

let runId: string;
let sealedVersion: number;

beforeAll(async () => {
  const { store, runs } = await sharedDemoStore(await temp.make('reeval-probe'), 1);
  runId = (runs[0] as { runId: string }).runId;
  const manifest = ManifestSchema.parse(JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')));
  sealedVersion = manifest.controls?.find((c) => c.id === CHANGED)?.version as number;
});

describe('a sealed run verified by a later catalog', () => {
  it('records every control of the catalog with its version in the manifest, sorted by id', async () => {
    // Prepare
    const { store } = await sharedDemoStore(await temp.make('reeval-manifest'), 1);

    // Act
    const manifest = ManifestSchema.parse(JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')));

    // Assess
    expect(manifest.controls).toEqual(sealedControls(catalog));
    expect(manifest.controls?.map((c) => c.id)).toEqual([...catalog.map((c) => c.id)].sort());
  });

  it('verifies when one control changed logic and version and one was added, naming the changed one as not re-evaluated', async () => {
    // Prepare
    const { store } = await sharedDemoStore(await temp.make('reeval-changed'), 1);
    const later = laterCatalog((c) => ({ ...c, version: c.version + 1, evaluate: otherLogic(c) }));

    // Act
    const report = await verifyStore(store, { catalog: later, catalogVersion: 'sha256:later' });

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const run = report.runs[0];
    expect(run?.reEvaluated).toBe(true);
    expect(run?.notReEvaluated).toEqual([{ controlId: CHANGED, sealedVersion, toolVersion: sealedVersion + 1 }]);
    expect(run?.reEvaluatedControls).toEqual(catalog.map((c) => c.id).filter((id) => id !== CHANGED));
    expect(run?.reEvaluatedControls).not.toContain('iam_new_control_added_later');
    const [warning] = report.warnings;
    expect(report.warnings).toHaveLength(1);
    expect(warning?.runId).toBe(runId);
    expect(warning?.message).toContain(`${CHANGED} v${sealedVersion} (this tool has v${sealedVersion + 1})`);
    const manifest = ManifestSchema.parse(JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')));
    expect(warning?.message).toContain(`ai-evidence ${manifest.toolVersion}`);
  });

  it('names a control the later catalog removed as not in this tool', async () => {
    // Prepare
    const { store } = await sharedDemoStore(await temp.make('reeval-removed'), 1);
    const later = laterCatalog((c) => c, { remove: REMOVED });

    // Act
    const report = await verifyStore(store, { catalog: later, catalogVersion: 'sha256:later' });

    // Assess
    expect(report.ok).toBe(true);
    expect(report.runs[0]?.notReEvaluated).toEqual([{ controlId: REMOVED, sealedVersion: control(REMOVED).version, toolVersion: null }]);
    expect(report.warnings[0]?.message).toContain(`${REMOVED} v${control(REMOVED).version} (not in this tool)`);
  });

  it('still fails when a control changed logic without a new version: re-evaluation holds for the controls it runs', async () => {
    // Prepare
    const { store } = await sharedDemoStore(await temp.make('reeval-unversioned'), 1);
    const later = laterCatalog((c) => ({ ...c, evaluate: otherLogic(c) }));

    // Act
    const report = await verifyStore(store, { catalog: later, catalogVersion: 'sha256:later' });

    // Assess
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.message.includes(`gives a finding it does not hold: ${CHANGED}`))).toBe(true);
    expect(report.problems.some((p) => p.message.includes('is not reproduced'))).toBe(true);
  });

  it('still fails on an altered finding of a control it does not re-evaluate: the digests hold for every object', async () => {
    // Prepare
    const { root, store } = await sharedDemoStore(await temp.make('reeval-tampered'), 1);
    const manifest = ManifestSchema.parse(JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')));
    let target: string | undefined;
    for (const item of manifest.items.filter((i) => i.kind === 'finding')) {
      const finding = JSON.parse((await store.get(item.key)).toString('utf8')) as Finding;
      if (finding.controlId === CHANGED) {
        target = item.key;
        break;
      }
    }
    const key = target as string;
    const bytes = await readFile(fileOf(root, key));
    const at = bytes.indexOf('"reason":"') + 12;
    await replaceByte(fileOf(root, key), at, (bytes[at] as number) ^ 0x01);
    const later = laterCatalog((c) => ({ ...c, version: c.version + 1, evaluate: otherLogic(c) }));

    // Act
    const report = await verifyStore(store, { catalog: later, catalogVersion: 'sha256:later' });

    // Assess
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.object === key && p.message.includes('was altered'))).toBe(true);
  });
});

describe('a run sealed before control versions were recorded', () => {
  let oldFormat: DemoStore;

  // The shared run, sealed again (same key, same objects) with a manifest that has no `controls`;
  // both tests only read it.
  beforeAll(async () => {
    oldFormat = await sharedDemoStore(await temp.make('reeval-old'), 1);
    const old = await resealWith(oldFormat.store, runId, oldFormat.signer, true);
    for (const key of [runKeys.manifest(runId), runKeys.proofs(runId), runKeys.statement(runId), runKeys.sigstoreBundle(runId)])
      await unlink(fileOf(oldFormat.root, key));
    await storeSealedRun(oldFormat.store, old);
  });

  it('still verifies with every finding re-evaluated when its catalog is this tool’s', async () => {
    // Prepare
    const { store } = oldFormat;
    const manifest = JSON.parse((await store.get(runKeys.manifest(runId))).toString('utf8')) as Record<string, unknown>;
    expect(manifest).not.toHaveProperty('controls');
    expect(manifest.catalogVersion).toBe(catalogVersion);

    // Act
    const report = await verifyStore(store);

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.runs[0]?.reEvaluated).toBe(true);
    expect(report.runs[0]?.notReEvaluated).toEqual([]);
  });

  it('verifies under another catalog with a warning naming its controls and the tool that made it, none re-evaluated', async () => {
    // Prepare
    const { store } = oldFormat;
    const later = laterCatalog((c) => ({ ...c, version: c.version + 1, evaluate: otherLogic(c) }));

    // Act
    const report = await verifyStore(store, { catalog: later, catalogVersion: 'sha256:later' });

    // Assess
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const run = report.runs[0];
    expect(run?.reEvaluated).toBe(false);
    expect(run?.reEvaluatedControls).toEqual([]);
    expect(run?.notReEvaluated.map((c) => c.controlId)).toContain(CHANGED);
    expect(run?.notReEvaluated.every((c) => c.sealedVersion === null)).toBe(true);
    expect(report.warnings[0]?.message).toMatch(/did not record control versions/);
    expect(report.warnings[0]?.message).toContain(CHANGED);
  });
});

describe('ReEvaluation', () => {
  const run = { runId: 'r', catalogVersion: 'sha256:old', toolVersion: 'ai-evidence/0.0.9' };
  const [a, b] = catalog as [Control, Control];

  it('re-evaluates the controls whose id and version match, and no control the run does not list', () => {
    const plan = new ReEvaluation(
      {
        ...run,
        controls: [
          { id: a.id, version: a.version },
          { id: b.id, version: b.version + 1 },
        ],
      },
      catalog,
      catalogVersion,
    );
    expect(plan.controls.map((c) => c.id)).toEqual([a.id]);
    expect(plan.covers(a.id)).toBe(true);
    expect(plan.covers(b.id)).toBe(false);
    expect(plan.lists(catalog[2]?.id as string)).toBe(false);
    expect(plan.notReEvaluated()).toEqual([{ controlId: b.id, sealedVersion: b.version + 1, toolVersion: b.version }]);
  });

  it('re-evaluates a run without versions whole, or not at all, by its catalog version', () => {
    expect(new ReEvaluation({ ...run, catalogVersion }, catalog, catalogVersion).controls).toBe(catalog);
    const other = new ReEvaluation(run, catalog, catalogVersion);
    expect(other.controls).toEqual([]);
    expect(other.warning()).toBeUndefined();
    expect(other.covers(b.id)).toBe(false);
    expect(other.covers(a.id)).toBe(false);
    expect(other.notReEvaluated().map((c) => c.controlId)).toEqual([a.id, b.id].sort());
  });
});
