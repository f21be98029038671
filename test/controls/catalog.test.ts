import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectors } from '../../lib/collectors/index.js';
import { eachFinding, evaluate } from '../../lib/controls/evaluate.js';
import { catalog, metadataOf } from '../../lib/controls/index.js';
import { ControlMetadataSchema } from '../../lib/controls/types.js';
import type { CoverageEntry, Scope } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import {
  accessDenied,
  complete,
  describedNotebook,
  EVALUATED_AT,
  failed,
  fullLoggingConfig,
  LOGGING_COLLECTOR,
  loggingEvidence,
  NOTEBOOK_COLLECTOR,
  notebookArn,
  notebookEvidence,
  OTHER_SCOPE,
  partial,
  SCOPE,
  throttled,
} from '../fixtures/evidence.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CONTROLS_DIR = join(ROOT, 'lib/controls');
const DATA_DIR = join(ROOT, 'lib/frameworks/data');
const REFERENCE_DIR = resolve(ROOT, '../shared/reference');

/** Control modules are named like control ids (`<service>_<resource>_<state>.ts`); helpers are not. */
const controlModuleNames = () =>
  readdirSync(CONTROLS_DIR)
    .filter((f) => /^[a-z0-9]+(_[a-z0-9]+)+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

/** Every control module in lib/controls: the catalog must hold exactly these. */
const EXPECTED_IDS = controlModuleNames();

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Framework ids read straight from the data files, not through lib/frameworks/definitions.ts. */
function frameworkIds() {
  const aiRmf = readJson(join(DATA_DIR, 'nist-ai-rmf-1.0.json')) as { subcategories: { id: string }[] };
  const cafAi = readJson(join(DATA_DIR, 'caf-ai-security.json')) as { capabilities: { id: string }[] };
  const iso = readJson(join(DATA_DIR, 'iso-42001-annex-a.json')) as { domains: { controls: { id: string }[] }[] };
  return {
    aiRmf: new Set(aiRmf.subcategories.map((s) => s.id)),
    cafAi: new Set(cafAi.capabilities.map((c) => c.id)),
    iso42001: new Set(iso.domains.flatMap((d) => d.controls.map((c) => c.id))),
  };
}

/** A third scope: read completely, and nothing in it. */
const EMPTY_SCOPE: Scope = { accountId: '777788889999', region: 'ap-southeast-2' };

/** A run that exercises every status in three accounts. */
function mixedRun(): { scopes: Scope[]; evidence: SealedEvidence[]; coverage: CoverageEntry[] } {
  const notebooks = [
    describedNotebook('hardened'),
    describedNotebook('open-to-internet', { DirectInternetAccess: 'Enabled', SubnetId: undefined }),
    describedNotebook('root-and-default-key', { RootAccess: 'Enabled', KmsKeyId: undefined }),
    describedNotebook('half-described', { RootAccess: undefined, DirectInternetAccess: undefined }),
    // The same notebook read twice with different answers (a listing that shifted between pages):
    // two findings with the same resource, whose order must not depend on arrival order.
    describedNotebook('hardened', { NotebookInstanceStatus: 'Updating', RootAccess: 'Enabled' }),
  ];
  const evidence = [
    ...notebooks.map((n) => notebookEvidence(n, SCOPE)),
    loggingEvidence({ loggingConfig: fullLoggingConfig({ textDataDeliveryEnabled: false }) }, SCOPE),
    notebookEvidence(describedNotebook('survivor', {}, OTHER_SCOPE), OTHER_SCOPE),
    loggingEvidence({}, EMPTY_SCOPE),
  ];
  const coverage = [
    partial(NOTEBOOK_COLLECTOR, [accessDenied('DescribeNotebookInstance', notebookArn('secret', SCOPE))], notebooks.length, SCOPE),
    complete(LOGGING_COLLECTOR, 1, SCOPE),
    failed(NOTEBOOK_COLLECTOR, throttled('ListNotebookInstances'), 1, OTHER_SCOPE),
    failed(LOGGING_COLLECTOR, accessDenied('GetModelInvocationLoggingConfiguration'), 0, OTHER_SCOPE),
    complete(NOTEBOOK_COLLECTOR, 0, EMPTY_SCOPE),
    complete(LOGGING_COLLECTOR, 1, EMPTY_SCOPE),
  ];
  return { scopes: [SCOPE, OTHER_SCOPE, EMPTY_SCOPE], evidence, coverage };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('control catalog', () => {
  it('holds one control per control module, sorted by id and without duplicates', () => {
    // Act
    const ids = catalog.map((c) => c.id);
    // Assess: a module left out of its area-<name>.ts, or listed twice, shows here.
    expect(ids).toEqual(EXPECTED_IDS);
  });

  it('has one module per control, named as its id', async () => {
    // Prepare
    const modules = controlModuleNames();
    // Act
    const idsByModule = await Promise.all(
      modules.map(async (name) => [name, ((await import(join(CONTROLS_DIR, `${name}.ts`))) as { control: { id: string } }).control.id]),
    );
    // Assess
    expect(modules).toEqual(EXPECTED_IDS);
    for (const [name, id] of idsByModule) expect(id, `lib/controls/${name}.ts`).toBe(name);
  });

  it.each(EXPECTED_IDS)('%s has metadata that validates against the schema', (id) => {
    // Prepare
    const control = catalog.find((c) => c.id === id);
    // Act
    const parsed = ControlMetadataSchema.safeParse(control === undefined ? undefined : metadataOf(control));
    // Assess
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(control?.title.trim()).not.toBe('');
    expect(control?.remediation.trim()).not.toBe('');
  });

  it.each(EXPECTED_IDS)('%s cites only AI RMF, CAF-AI and ISO 42001 ids that exist in lib/frameworks/data', (id) => {
    // Prepare
    const known = frameworkIds();
    const control = catalog.find((c) => c.id === id);
    // Act
    const unknown = [
      ...(control?.aiRmf ?? []).filter((x) => !known.aiRmf.has(x)).map((x) => `AI RMF ${x}`),
      ...(control?.cafAi ?? []).filter((x) => !known.cafAi.has(x)).map((x) => `CAF-AI ${x}`),
      ...(control?.iso42001 ?? []).filter((x) => !known.iso42001.has(x)).map((x) => `ISO 42001 ${x}`),
    ];
    // Assess
    expect(control).toBeDefined();
    expect(unknown).toEqual([]);
  });

  it('names only collectors that exist', () => {
    // Prepare
    const collectorIds = new Set(collectors.map((c) => c.id));
    // Act
    const unknown = catalog.flatMap((c) => c.collectors.filter((id) => !collectorIds.has(id)).map((id) => `${c.id} -> ${id}`));
    // Assess
    expect(unknown).toEqual([]);
  });

  describe('evaluation is pure', () => {
    it('gives identical findings for the same input twice', () => {
      // Prepare
      const run = mixedRun();
      const data = { ...run, evaluatedAt: EVALUATED_AT };
      // Act
      const first = evaluate(catalog, data);
      const second = evaluate(catalog, data);
      // Assess
      expect(first.length).toBeGreaterThan(0);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    });

    it('exercises every status in the mixed run (so the purity checks cover them all)', () => {
      // Act
      const findings = evaluate(catalog, { ...mixedRun(), evaluatedAt: EVALUATED_AT });
      // Assess
      expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['PASS', 'FAIL', 'NOT_APPLICABLE', 'INSUFFICIENT_EVIDENCE']));
    });

    it('gives the same findings whatever order evidence and coverage arrive in', () => {
      // Prepare
      const run = mixedRun();
      const expected = JSON.stringify(evaluate(catalog, { ...run, evaluatedAt: EVALUATED_AT }));
      // Act and Assess
      fc.assert(
        fc.property(
          fc.shuffledSubarray(run.evidence, { minLength: run.evidence.length }),
          fc.shuffledSubarray(run.coverage, { minLength: run.coverage.length }),
          (evidence, coverage) => {
            const findings = evaluate(catalog, { scopes: run.scopes, evaluatedAt: EVALUATED_AT, evidence, coverage });
            expect(JSON.stringify(findings)).toBe(expected);
          },
        ),
        { numRuns: 50 },
      );
    });

    it('gives the same findings one at a time (eachFinding, as verification reads them) as in order (evaluate)', () => {
      // Prepare
      const data = { ...mixedRun(), evaluatedAt: EVALUATED_AT };
      const sorted = (texts: string[]) => [...texts].sort();
      // Act
      const inOrder = evaluate(catalog, data).map((f) => JSON.stringify(f));
      const oneByOne = [...eachFinding(catalog, data)].map((f) => JSON.stringify(f));
      // Assess
      expect(oneByOne.length).toBe(inOrder.length);
      expect(sorted(oneByOne)).toEqual(sorted(inOrder));
    });

    it('neither changes its input nor reads the clock', () => {
      // Prepare
      const run = deepFreeze(mixedRun());
      const before = JSON.stringify(evaluate(catalog, { ...run, evaluatedAt: EVALUATED_AT }));
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2031-12-31T23:59:59.000Z'));
      // Act
      const later = JSON.stringify(evaluate(catalog, { ...run, evaluatedAt: EVALUATED_AT }));
      // Assess
      expect(later).toBe(before);
    });
  });
});

describe('framework data', () => {
  const hasReference = existsSync(REFERENCE_DIR);
  it.skipIf(!hasReference)(
    hasReference
      ? 'lib/frameworks/data/*.json are byte-identical to ../shared/reference/*.json'
      : `SKIPPED: ${REFERENCE_DIR} is absent, so lib/frameworks/data/*.json cannot be compared with ../shared/reference`,
    () => {
      // Prepare
      const files = readdirSync(DATA_DIR).filter((f) => f.endsWith('.json'));
      // Act
      const differing = files.filter(
        (f) => !existsSync(join(REFERENCE_DIR, f)) || !readFileSync(join(DATA_DIR, f)).equals(readFileSync(join(REFERENCE_DIR, f))),
      );
      // Assess
      expect(files.sort()).toEqual([
        'caf-ai-security.json',
        'eu-ai-act.json',
        'iso-42001-annex-a.json',
        'nist-ai-rmf-1.0.json',
        'owasp-llm-top10-2025.json',
      ]);
      expect(differing).toEqual([]);
    },
  );
});
