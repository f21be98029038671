import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsCsv } from '../../lib/export/csv.js';
import { citableEvidence, loadSealedRun, type SealedRunData } from '../../lib/export/load.js';
import { assessmentResults, oscalCatalog, summarize } from '../../lib/export/oscal.js';
import { ReportModel, renderReport } from '../../lib/export/report.js';
import type { ReportRun } from '../../lib/export/report-model.js';
import { parseShardItemKey } from '../../lib/seal/shard.js';
import { TempDirs } from '../helpers/temp.js';
import { twinRuns } from '../helpers/twin-runs.js';
import { oscalValidator } from './oscal-schema.js';

const temp = new TempDirs();
let run1: SealedRunData;
let run2: SealedRunData;

beforeAll(async () => {
  const { v1, v2 } = await twinRuns(await temp.make('report-v2'));
  run1 = await loadSealedRun(v1.store, v1.runId);
  run2 = await loadSealedRun(v2.store, v2.runId);
}, 120_000);
afterAll(() => temp.removeAll());

/** The report model of one run, as renderReport gathers it. */
function reportRun(run: SealedRunData): ReportRun {
  const builder = new ReportModel(1).run(0, run);
  for (const e of run.evidence) builder.addEvidence(e);
  const citable = citableEvidence(run);
  for (const f of run.findings) builder.addFinding(f, citable(f));
  return builder.finish();
}

describe('the report of a sharded (v2) run', () => {
  it('gathers the same counts, shown findings and cited records as the v1 run of the same estate', () => {
    const [a, b] = [reportRun(run1), reportRun(run2)];
    expect(b.evidenceCount).toBe(a.evidenceCount);
    expect(b.findingCount).toBe(a.findingCount);
    expect(b.counts).toEqual(a.counts);
    expect(b.byControl).toEqual(a.byControl);
    expect(b.manifest.coverage.length).toBe(a.manifest.coverage.length);
    expect(b.attestations.map((x) => x.evidenceSha256).sort()).toEqual(a.attestations.map((x) => x.evidenceSha256).sort());
    expect(b.trustList === undefined).toBe(a.trustList === undefined);
    // The same findings shown (their keys differ: v2 names them in their shard) and the same records cited.
    expect(new Set(b.shown.map((f) => f.sha256))).toEqual(new Set(a.shown.map((f) => f.sha256)));
    expect(a.cited.size).toBeGreaterThan(0);
    expect(new Set(b.cited.keys())).toEqual(new Set(a.cited.keys()));
    // Each record cited is named in the shard of a finding that cites it.
    for (const [sha, key] of b.cited) {
      const citing = b.shown.filter((f) => f.finding.evidence.includes(sha)).map((f) => parseShardItemKey(f.key)?.shardId);
      expect(citing).toContain(parseShardItemKey(key)?.shardId);
    }
  });

  it('renders, with the coverage gathered from the shards', () => {
    const html = renderReport([run2], { generatedAt: '2026-12-02T00:00:00.000Z', toolVersion: 'test' });
    const line = (run: SealedRunData) => {
      const complete = run.manifest.coverage.filter((c) => c.status === 'COMPLETE').length;
      return `${complete} of ${run.manifest.coverage.length} collector reads complete`;
    };
    expect(line(run2)).toBe(line(run1));
    expect(html).toContain(line(run2));
    for (const key of reportRun(run2).cited.values()) expect(html).toContain(key);
  });
});

describe('the OSCAL assessment results and findings.csv of a sharded (v2) run', () => {
  it('hold as many observations and findings, of the same statuses, as the v1 run', () => {
    const { controls } = oscalCatalog();
    const [s1, s2] = [summarize(run1, controls), summarize(run2, controls)];
    expect(s2.evidence).toBe(s1.evidence);
    expect(s2.findings).toBe(s1.findings);
    expect(s2.subjects).toBe(s1.subjects);
    expect(s2.statuses).toEqual(s1.statuses);
    expect(s2.oscalFindings).toEqual(s1.oscalFindings);
    const [d1, d2] = [assessmentResults([run1]), assessmentResults([run2])];
    const shape = (d: typeof d1) => {
      const r = d['assessment-results'].results[0];
      return {
        inventory: r?.['local-definitions']?.['inventory-items']?.length,
        observations: r?.observations?.length,
        findings: r?.findings?.length,
      };
    };
    expect(Object.values(shape(d1)).every((n) => typeof n === 'number' && n > 0)).toBe(true);
    expect(shape(d2)).toEqual(shape(d1));
    const validate = oscalValidator();
    expect(validate(d2), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('writes the same findings.csv records but for the run id', () => {
    const records = (run: SealedRunData) => [...findingsCsv([run])].map((r) => r.split(run.runId).join('<run>')).sort();
    expect(records(run1).length).toBeGreaterThan(1);
    expect(records(run2)).toEqual(records(run1));
  });
});
