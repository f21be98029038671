import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../lib/controls/index.js';
import type { FindingStatus } from '../../lib/controls/types.js';
import { loadSealedRun, type SealedRunData } from '../../lib/export/load.js';
import {
  assessmentResults,
  LEGACY_OSCAL_FRAMEWORK_IDS,
  markdownText,
  NO_ASSESSMENT_PLAN_HREF,
  OSCAL_VERSION,
  type OscalAssessmentResults,
  type OscalProp,
  objectiveId,
  objectiveIdOf,
  PROP_NS,
} from '../../lib/export/oscal.js';
import { euAiAct, owaspLlm, requirementsOf } from '../../lib/frameworks/definitions.js';
import { runKeys } from '../../lib/store/types.js';
import { TOOL_VERSION } from '../../lib/version.js';
import { type DemoStore, sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';
import { oscalValidator } from './oscal-schema.js';

const temp = new TempDirs();
let demo: DemoStore;
let runs: SealedRunData[];
let doc: OscalAssessmentResults;

beforeAll(async () => {
  demo = await sharedDemoStore(await temp.make('oscal'), 2);
  runs = await Promise.all(demo.runs.map((r) => loadSealedRun(demo.store, r.runId)));
  doc = assessmentResults(runs);
});
afterAll(() => temp.removeAll());

function propOf(props: readonly OscalProp[] | undefined, name: string): string | undefined {
  return props?.find((p) => p.name === name && p.ns === PROP_NS)?.value;
}

function expectValid(document: unknown): void {
  const validate = oscalValidator();
  const ok = validate(document);
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

describe('assessmentResults over the demo estate', () => {
  it('validates against the OSCAL 1.1.2 assessment-results schema', () => {
    expectValid(doc);
    // And as it is written out: JSON round trip changes nothing the schema sees.
    expectValid(JSON.parse(JSON.stringify(doc)));
  });

  it('has the metadata, the placeholder assessment plan and one result per run', () => {
    const ar = doc['assessment-results'];
    expect(ar.metadata['oscal-version']).toBe(OSCAL_VERSION);
    expect(ar.metadata.version).toBe(TOOL_VERSION);
    expect(ar.metadata['last-modified']).toBe(demo.runs[1]?.finishedAt);
    expect(ar['import-ap'].href).toBe(NO_ASSESSMENT_PLAN_HREF);
    expect(ar['import-ap'].remarks).toContain('placeholder');
    expect(ar.results).toHaveLength(2);
    for (const [i, result] of ar.results.entries()) {
      const run = runs[i] as SealedRunData;
      expect(result.start).toBe(run.manifest.startedAt);
      expect(result.end).toBe(run.manifest.finishedAt);
      expect(propOf(result.props, 'run-id')).toBe(run.runId);
      expect(propOf(result.props, 'merkle-root')).toBe(run.manifest.merkle.root);
      expect(propOf(result.props, 'statement-sha256')).toBe(run.statementSha256);
    }
  });

  it("attests each result with the run's signed statement", () => {
    for (const [i, result] of doc['assessment-results'].results.entries()) {
      const run = runs[i] as SealedRunData;
      const part = result.attestations[0]?.parts[0];
      expect(part?.links.map((l) => l.href)).toContain(runKeys.statement(run.runId));
      expect(propOf(part?.props, 'statement-sha256')).toBe(run.statementSha256);
      expect(propOf(part?.props, 'signer-key-id')).toBe(run.manifest.signer.keyId);
    }
  });

  it('carries each signed manual attestation of the run as an attestation of its own, with owner, validity and links', () => {
    for (const [i, result] of doc['assessment-results'].results.entries()) {
      const run = runs[i] as SealedRunData;
      const sealed = run.evidence.filter((e) => e.record.source.collector === 'attestations');
      const parts = result.attestations.slice(1).map((a) => a.parts[0]);
      // The demo seals eight attestations with every run.
      expect(sealed).toHaveLength(8);
      expect(parts.map((p) => p?.name)).toEqual(sealed.map(() => 'manual-attestation'));
      expect(parts.map((p) => propOf(p?.props, 'evidence-sha256')).sort()).toEqual(sealed.map((e) => e.sha256).sort());
      // Each is signed by the key on the demo's sealed trust list, so each counts.
      expect(parts.map((p) => [propOf(p?.props, 'attester-trusted'), propOf(p?.props, 'trusted-attester')])).toEqual(
        sealed.map(() => ['true', 'acme-ai-governance-office']),
      );
      const governance = parts.find((p) => propOf(p?.props, 'requirement') === 'GOVERN-1.1');
      expect(propOf(governance?.props, 'owner')).toContain('Dana Reyes');
      expect(propOf(governance?.props, 'valid-until')).toBe('2027-08-31');
      expect(governance?.links.map((l) => l.href)).toContain('https://wiki.acme-insurance.example/ai/regulatory-register');
      const expired = parts.find((p) => propOf(p?.props, 'requirement') === 'GOVERN-4.1');
      expect(propOf(expired?.props, 'state-at-run-start')).toBe(run.manifest.startedAt > '2026-10-31T23:59:59.999Z' ? 'EXPIRED' : 'VALID');
    }
  });

  it('reviews exactly the AI RMF subcategories, OWASP LLM risks and EU AI Act articles of the controls that judged the run', () => {
    const expected = [
      [...new Set(catalog.flatMap((c) => c.aiRmf))].map(objectiveId).sort(),
      [...new Set(catalog.flatMap((c) => requirementsOf(owaspLlm, c)))].map((id) => objectiveIdOf('owasp-llm', id)).sort(),
      [...new Set(catalog.flatMap((c) => requirementsOf(euAiAct, c)))].map((id) => objectiveIdOf('eu-ai-act', id)).sort(),
    ];
    for (const result of doc['assessment-results'].results) {
      const selected = result['reviewed-controls']['control-selections'].map((s) => s['include-controls'].map((c) => c['control-id']));
      expect(selected).toEqual(expected);
      expect(selected[0]).toContain('MEASURE-2.7');
      // Every OWASP risk has a control in the demo's catalog; the articles without one rest on attestations.
      expect(selected[1]).toHaveLength(10);
      expect(selected[2]).toContain('EU-AI-Act-Art.12');
      expect(selected[2]).not.toContain('EU-AI-Act-Art.4');
    }
  });

  it('targets AI RMF subcategories only when asked for the legacy frameworks, as exports made before OWASP LLM and the EU AI Act did', () => {
    const legacy = assessmentResults(runs, { frameworks: LEGACY_OSCAL_FRAMEWORK_IDS });
    expectValid(legacy);
    for (const result of legacy['assessment-results'].results) {
      expect(result['reviewed-controls']['control-selections']).toHaveLength(1);
      expect(result['reviewed-controls'].description).toContain('NIST AI RMF 1.0 subcategories');
      expect((result.findings ?? []).every((f) => /^(GOVERN|MAP|MEASURE|MANAGE)-/u.test(f.target['target-id']))).toBe(true);
    }
    // The AI RMF findings are the same ones, UUIDs included, in both documents.
    const rmfOf = (d: OscalAssessmentResults) =>
      d['assessment-results'].results.flatMap((r) => (r.findings ?? []).filter((f) => propOf(f.target.props, 'ai-rmf-subcategory')));
    expect(rmfOf(doc)).toEqual(rmfOf(legacy));
  });

  it('describes each OWASP and EU AI Act target with the rationale of its mapping', () => {
    const targets = doc['assessment-results'].results.flatMap((r) => r.findings ?? []);
    for (const [framework, prop] of [
      [owaspLlm, 'owasp-llm-risk'],
      [euAiAct, 'eu-ai-act-article'],
    ] as const) {
      const mine = targets.filter((f) => propOf(f.target.props, prop) !== undefined);
      expect(mine.length).toBeGreaterThan(0);
      for (const f of mine) {
        const requirement = propOf(f.target.props, prop) as string;
        const control = propOf(f.props, 'control-id');
        expect(f.target.title).toBe(`${framework.title} ${requirement}`);
        expect(f.target.description).toBe(framework.mapping?.[requirement]?.find((m) => m.control === control)?.rationale);
      }
    }
  });

  it('makes every evidence record an observation carrying its key and SHA-256', () => {
    for (const [i, result] of doc['assessment-results'].results.entries()) {
      const run = runs[i] as SealedRunData;
      expect(run.evidence.length).toBeGreaterThan(0);
      for (const evidence of run.evidence) {
        const matches = (result.observations ?? []).filter((o) => propOf(o.props, 'evidence-sha256') === evidence.sha256);
        expect(matches).toHaveLength(1);
        const observation = matches[0];
        const relevant = observation?.['relevant-evidence']?.[0];
        expect(relevant?.href).toBe(evidence.key);
        expect(propOf(relevant?.props, 'sha256')).toBe(evidence.sha256);
        expect(observation?.collected).toBe(evidence.record.collectedAt);
        expect(observation?.methods).toEqual(['EXAMINE']);
        expect(propOf(observation?.props, 'source-service')).toBe(evidence.record.source.service);
        expect(propOf(observation?.props, 'source-operation')).toBe(evidence.record.source.operation);
        expect(propOf(observation?.props, 'account-id')).toBe(evidence.record.accountId);
        expect(propOf(observation?.props, 'region')).toBe(evidence.record.region);
        // Its subject is an inventory item of the result.
        const items = new Set(result['local-definitions']?.['inventory-items'].map((item) => item.uuid));
        expect(items.has(observation?.subjects?.[0]?.['subject-uuid'] as string)).toBe(true);
      }
    }
  });

  it('lists each AWS resource the evidence names once in the inventory, in the order the records first name it', () => {
    for (const [i, result] of doc['assessment-results'].results.entries()) {
      const run = runs[i] as SealedRunData;
      const named = [...new Set(run.evidence.map((e) => `${e.record.accountId}/${e.record.region}/${e.record.resource.id}`))];
      // The demo's records name some resources more than once: the inventory is not one per record.
      expect(named.length).toBeLessThan(run.evidence.length);
      const items = result['local-definitions']?.['inventory-items'] ?? [];
      expect(items.map((item) => ['account-id', 'region', 'resource-id'].map((n) => propOf(item.props, n)).join('/'))).toEqual(named);
      expect(new Set(items.map((item) => item.uuid)).size).toBe(items.length);
    }
  });

  it('makes every finding one OSCAL finding per AI RMF subcategory, OWASP risk and EU article of its control, with the right state', () => {
    const states: Record<FindingStatus, string> = {
      PASS: 'satisfied',
      FAIL: 'not-satisfied',
      INSUFFICIENT_EVIDENCE: 'not-satisfied',
      NOT_APPLICABLE: 'satisfied',
    };
    const seen = new Set<FindingStatus>();
    for (const [i, result] of doc['assessment-results'].results.entries()) {
      const run = runs[i] as SealedRunData;
      const findings = result.findings ?? [];
      const targetsOf = (id: string) => {
        const control = catalog.find((c) => c.id === id);
        if (control === undefined) return [];
        return [
          ...control.aiRmf.map(objectiveId),
          ...requirementsOf(owaspLlm, control).map((r) => objectiveIdOf('owasp-llm', r)),
          ...requirementsOf(euAiAct, control).map((r) => objectiveIdOf('eu-ai-act', r)),
        ];
      };
      expect(findings).toHaveLength(run.findings.reduce((n, f) => n + targetsOf(f.finding.controlId).length, 0));
      for (const sealed of run.findings) {
        seen.add(sealed.finding.status);
        const mine = findings.filter((f) => propOf(f.props, 'finding-sha256') === sealed.sha256);
        expect(mine.map((f) => f.target['target-id']).sort()).toEqual(targetsOf(sealed.finding.controlId).sort());
        for (const f of mine) {
          expect(f.target.type).toBe('objective-id');
          expect(f.target.status.state).toBe(states[sealed.finding.status]);
          expect(propOf(f.props, 'status')).toBe(sealed.finding.status);
          expect(f.description).toBe(markdownText(sealed.finding.reason));
          if (sealed.finding.status === 'INSUFFICIENT_EVIDENCE' || sealed.finding.status === 'NOT_APPLICABLE') {
            expect(f.target.status.reason).toBe('other');
            expect(f.target.status.remarks).toContain(sealed.finding.status);
          }
        }
      }
    }
    // The demo estate exercises every status.
    expect([...seen].sort()).toEqual(['FAIL', 'INSUFFICIENT_EVIDENCE', 'NOT_APPLICABLE', 'PASS']);
  });

  it('points related-observations at the observations of the evidence each finding cites', () => {
    for (const [i, result] of doc['assessment-results'].results.entries()) {
      const run = runs[i] as SealedRunData;
      const observations = new Map((result.observations ?? []).map((o) => [o.uuid, o]));
      for (const f of result.findings ?? []) {
        const sealed = run.findings.find((s) => s.sha256 === propOf(f.props, 'finding-sha256'));
        const related = (f['related-observations'] ?? []).map((r) => observations.get(r['observation-uuid']));
        // Every reference resolves within the result.
        expect(related.every((o) => o !== undefined)).toBe(true);
        const cited = related.map((o) => propOf(o?.props, 'evidence-sha256')).filter((s) => s !== undefined);
        expect(cited.sort()).toEqual([...(sealed?.finding.evidence ?? [])].sort());
      }
    }
  });

  it('reports coverage gaps as observations that insufficient-evidence findings point to', () => {
    const result = doc['assessment-results'].results[0];
    const run = runs[0] as SealedRunData;
    const gaps = (result?.observations ?? []).filter((o) => o.types.includes('coverage-gap'));
    expect(gaps).toHaveLength(run.manifest.coverage.filter((c) => c.status !== 'COMPLETE').length);
    expect(gaps.length).toBeGreaterThan(0);
    const gapIds = new Set(gaps.map((g) => g.uuid));
    const insufficient = (result?.findings ?? []).filter((f) => propOf(f.props, 'status') === 'INSUFFICIENT_EVIDENCE');
    expect(insufficient.some((f) => (f['related-observations'] ?? []).some((r) => gapIds.has(r['observation-uuid'])))).toBe(true);
  });

  it('gives unique UUIDs that are the same in a second export, whatever the order of the runs', () => {
    const uuids = JSON.stringify(doc).match(/"(?:uuid|subject-uuid)":"[^"]+"/g) ?? [];
    const defined = [doc['assessment-results'].uuid];
    for (const result of doc['assessment-results'].results) {
      defined.push(result.uuid);
      for (const o of result.observations ?? []) defined.push(o.uuid);
      for (const f of result.findings ?? []) defined.push(f.uuid);
      for (const item of result['local-definitions']?.['inventory-items'] ?? []) defined.push(item.uuid);
      for (const a of result.attestations) for (const part of a.parts) defined.push(part.uuid);
    }
    expect(uuids.length).toBeGreaterThan(defined.length);
    expect(new Set(defined).size).toBe(defined.length);
    const again = assessmentResults([...runs].reverse());
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  });

  it('keeps strings from AWS as data: markup in a resource id is escaped in Markdown fields and kept whole in props', () => {
    const run = runs[0] as SealedRunData;
    const hostile = '<script>alert(1)</script>\n# *x* [y](javascript:z) &amp; | ~';
    const evidence = run.evidence.map((e, i) =>
      i === 0 ? { ...e, record: { ...e.record, resource: { ...e.record.resource, id: hostile } } } : e,
    );
    const exported = assessmentResults([{ ...run, evidence }]);
    expectValid(exported);
    const observation = exported['assessment-results'].results[0]?.observations?.find(
      (o) => propOf(o.props, 'evidence-sha256') === evidence[0]?.sha256,
    );
    expect(observation?.title).not.toContain('<script>');
    expect(observation?.title).toContain('\\<script\\>');
    expect(observation?.description).not.toMatch(/\n/);
    expect(propOf(observation?.props, 'resource-id')).toBe('<script>alert(1)</script> # *x* [y](javascript:z) &amp; | ~');
  });

  it('refuses an empty list of runs', () => {
    expect(() => assessmentResults([])).toThrow(/at least one run/);
  });

  it('maps a run judged with another catalog, naming the controls of another version and leaving unmapped those it lacks', () => {
    // Prepare: a later catalog in which one control of the run changed version and another was removed.
    const run = runs[0] as SealedRunData;
    const ids = [...new Set(run.findings.map((f) => f.finding.controlId))].sort();
    const [changedId, removedId] = ids as [string, string];
    const later = catalog.filter((c) => c.id !== removedId).map((c) => (c.id === changedId ? { ...c, version: c.version + 1 } : c));
    const changed = catalog.find((c) => c.id === changedId) as (typeof catalog)[number];

    // Act
    const exported = assessmentResults([run], { catalog: later, catalogVersion: 'sha256:later' });

    // Assess
    expectValid(exported);
    const result = exported['assessment-results'].results[0];
    expect(result?.remarks).toContain(`${changedId} v${changed.version} (this catalog has v${changed.version + 1})`);
    expect(result?.remarks).toContain(`not mapped to any requirement: ${removedId}.`);
    const mappedControls = new Set((result?.findings ?? []).map((f) => propOf(f.props, 'control-id')));
    expect(mappedControls.has(changedId)).toBe(true);
    expect(mappedControls.has(removedId)).toBe(false);
    // The same run mapped with its own catalog says nothing of the kind.
    expect(assessmentResults([run])['assessment-results'].results[0]?.remarks).not.toContain('catalog');
  });

  it('refuses a finding that cites evidence the run does not hold', () => {
    const run = runs[0] as SealedRunData;
    const cited = run.findings.find((f) => f.finding.evidence.length > 0) as (typeof run.findings)[number];
    const broken: SealedRunData = { ...run, evidence: run.evidence.filter((e) => !cited.finding.evidence.includes(e.sha256)) };
    expect(() => assessmentResults([broken])).toThrow(cited.key);
  });
});

describe('markdownText and objectiveId', () => {
  it('escapes what Markdown or HTML would read as markup and flattens whitespace', () => {
    expect(markdownText('a_b *c* <d> [e] `f` \\ & | ~\n\tg')).toBe('a\\_b \\*c\\* \\<d\\> \\[e\\] \\`f\\` \\\\ \\& \\| \\~ g');
    expect(markdownText('arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/x')).toBe(
      'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/x',
    );
  });

  it('turns AI RMF subcategory ids into OSCAL tokens', () => {
    expect(objectiveId('MEASURE 2.7')).toBe('MEASURE-2.7');
    expect(objectiveId('GOVERN 1.4')).toBe('GOVERN-1.4');
    expect(() => objectiveId('2 bad')).toThrow();
  });

  it('turns every OWASP LLM risk and EU AI Act article id into a distinct OSCAL token', () => {
    const tokens = [
      ...owaspLlm.requirements.map((r) => objectiveIdOf('owasp-llm', r.id)),
      ...euAiAct.requirements.map((r) => objectiveIdOf('eu-ai-act', r.id)),
    ];
    expect(tokens.slice(0, 2)).toEqual(['LLM01-2025', 'LLM02-2025']);
    expect(tokens).toContain('EU-AI-Act-Art.12');
    expect(tokens.every((t) => /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u.test(t))).toBe(true);
    expect(new Set(tokens).size).toBe(27);
  });
});
