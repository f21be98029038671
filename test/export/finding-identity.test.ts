import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingIdentity } from '../../lib/controls/identity.js';
import { FINDINGS_CSV_HEADER, findingsCsv } from '../../lib/export/csv.js';
import { loadSealedRun, type SealedRunData } from '../../lib/export/load.js';
import { assessmentResults } from '../../lib/export/oscal.js';
import { renderReport } from '../../lib/export/report.js';
import { asffId } from '../../lib/publish/asff.js';
import { sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let runs: SealedRunData[];

beforeAll(async () => {
  // Two runs of the identical demo estate, from the shared chain.
  const { store, runs: chain } = await sharedDemoStore(await temp.make('identity'), 2);
  runs = await Promise.all(chain.map((r) => loadSealedRun(store, r.runId)));
});
afterAll(() => temp.removeAll());

const run = (i: number) => runs[i] as SealedRunData;

describe('a finding’s identity', () => {
  it('is unique among the findings of a demo run, where control and resource id alone are not', () => {
    // Act
    const findings = run(0).findings.map((f) => f.finding);
    const identities = findings.map(findingIdentity);
    const byResourceOnly = findings.map((f) => `${f.controlId} ${f.resource.id}`);

    // Assess
    expect(new Set(identities).size).toBe(findings.length);
    // The AWS-managed policy ARN is judged once per account: without the account it would collide.
    expect(new Set(byResourceOnly).size).toBeLessThan(findings.length);
  });

  it('is the same for the same judgement in two runs of the identical estate, whose findings are identical but for the times', () => {
    // Act: the evidence digests differ, because each record holds the time it was collected at;
    // all else of a finding is the same bytes.
    const identities = (i: number) =>
      run(i)
        .findings.map((f) => findingIdentity(f.finding))
        .sort();
    const withoutTimes = (i: number) =>
      run(i)
        .findings.map(({ finding: { evidence, ...rest } }) => JSON.stringify({ ...rest, evidence: evidence.length }))
        .sort();

    // Assess
    expect(run(0).runId).not.toBe(run(1).runId);
    expect(identities(1)).toEqual(identities(0));
    expect(withoutTimes(1)).toEqual(withoutTimes(0));
  });

  it('makes the ASFF Id that earlier versions wrote, so Security Hub findings keep updating in place', () => {
    // Prepare
    const finding = run(0).findings[0]?.finding as SealedRunData['findings'][number]['finding'];
    const earlier = createHash('sha256').update(`${finding.accountId}\n${finding.region}\n${finding.resource.id}`).digest('hex');

    // Act / Assess
    expect(asffId(finding)).toBe(`ai-evidence/${finding.controlId}/${earlier}`);
    expect(asffId(finding)).toBe(`ai-evidence/${findingIdentity(finding)}`);
  });

  it('is carried by findings.csv and by every OSCAL finding', () => {
    // Act
    const lines = [...findingsCsv([run(0)])];
    const oscal = assessmentResults([run(0)])['assessment-results'].results[0]?.findings ?? [];

    // Assess
    // finding_id follows finding_sha256; the resource's owner and tags come after it.
    expect(FINDINGS_CSV_HEADER.indexOf('finding_id')).toBe(FINDINGS_CSV_HEADER.indexOf('finding_sha256') + 1);
    const csvIds = lines.slice(1).map((l) => /,[0-9a-f]{64},([a-z0-9_]+\/[0-9a-f]{64}),/.exec(l)?.[1]);
    expect(new Set(csvIds)).toEqual(new Set(run(0).findings.map((f) => findingIdentity(f.finding))));
    expect(oscal.length).toBeGreaterThan(0);
    for (const f of oscal) {
      const prop = (name: string) => f.props.find((p) => p.name === name)?.value;
      expect(prop('finding-id')).toMatch(new RegExp(`^${prop('control-id')}/[0-9a-f]{64}$`));
    }
  });

  it('leaves the report’s changes between two runs of the identical estate empty', () => {
    // Act
    const report = renderReport(runs, { generatedAt: '2026-12-07T12:00:00.000Z', toolVersion: 'ai-evidence/test' });

    // Assess
    expect(report).toContain('Changes since the previous run');
    expect(report).toContain('<h4>Findings that changed (0)</h4>');
    expect(report).toContain('<h4>Coverage that changed (0)</h4>');
    expect(report).toContain('<h4>Requirements whose status changed (0)</h4>');
  });
});
