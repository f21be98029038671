import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../lib/controls/evaluate.js';
import { catalog } from '../../lib/controls/index.js';
import { type Control, FINDING_STATUSES, type Finding, type FindingStatus } from '../../lib/controls/types.js';
import { cafAi, type Framework, iso42001, nistAiRmf } from '../../lib/frameworks/definitions.js';
import { rollUp, rollUpCounts, worstStatus } from '../../lib/frameworks/rollup.js';
import { stubControl } from '../fixtures/controls.js';
import {
  complete,
  describedNotebook,
  EVALUATED_AT,
  fullLoggingConfig,
  LOGGING_COLLECTOR,
  loggingEvidence,
  NOTEBOOK_COLLECTOR,
  notebookEvidence,
  SCOPE,
} from '../fixtures/evidence.js';

/** Worst first: the order in which one status beats another when findings are rolled up. */
const PRECEDENCE: readonly FindingStatus[] = ['FAIL', 'INSUFFICIENT_EVIDENCE', 'PASS', 'NOT_APPLICABLE'];

const counts = (partial: Partial<Record<FindingStatus, number>> = {}): Record<FindingStatus, number> => ({
  PASS: 0,
  FAIL: 0,
  NOT_APPLICABLE: 0,
  INSUFFICIENT_EVIDENCE: 0,
  ...partial,
});

function finding(controlId: string, status: FindingStatus, resourceId = `arn:aws:test:::thing/${controlId}`): Finding {
  return {
    schemaVersion: 1,
    controlId,
    status,
    severity: 'LOW',
    ...SCOPE,
    resource: { type: 'AWS::Test::Thing', id: resourceId },
    reason: `${controlId} is ${status}.`,
    evidence: [],
  };
}

/** A small AI RMF-shaped framework whose requirements the tests map controls to. */
const TOY: Framework = {
  id: 'nist-ai-rmf',
  title: 'Toy framework',
  source: 'test',
  groups: ['MEASURE', 'GOVERN'],
  requirements: [
    { id: 'MEASURE 9.1', group: 'MEASURE', text: 'mapped by a and b' },
    { id: 'MEASURE 9.2', group: 'MEASURE', text: 'mapped by c' },
    { id: 'GOVERN 9.1', group: 'GOVERN', text: 'mapped by nothing' },
  ],
};

/** The toy's mapped requirements are decided by their controls alone, as AUTOMATED requirements are. */
const TOY_AUTOMATED = { 'MEASURE 9.1': 'test', 'MEASURE 9.2': 'test' };

const resultOf = (framework: Framework, controls: readonly Control[], findings: readonly Finding[], requirementId: string) =>
  rollUp(framework, controls, findings, framework === TOY ? { fullyAutomated: TOY_AUTOMATED } : {}).requirements.find(
    (r) => r.id === requirementId,
  );

describe('worstStatus', () => {
  it.each([
    ['FAIL beats everything else', counts({ FAIL: 1, INSUFFICIENT_EVIDENCE: 5, PASS: 9, NOT_APPLICABLE: 3 }), 'FAIL'],
    [
      'INSUFFICIENT_EVIDENCE beats PASS and NOT_APPLICABLE',
      counts({ INSUFFICIENT_EVIDENCE: 1, PASS: 9, NOT_APPLICABLE: 3 }),
      'INSUFFICIENT_EVIDENCE',
    ],
    ['PASS beats NOT_APPLICABLE', counts({ PASS: 1, NOT_APPLICABLE: 7 }), 'PASS'],
    ['NOT_APPLICABLE only when nothing else was found', counts({ NOT_APPLICABLE: 2 }), 'NOT_APPLICABLE'],
    ['no finding at all fails closed to INSUFFICIENT_EVIDENCE', counts(), 'INSUFFICIENT_EVIDENCE'],
  ])('%s', (_rule, given, expected) => {
    // Act and Assess
    expect(worstStatus(given)).toBe(expected);
  });

  it('is the highest-precedence status that has a finding, for any counts', () => {
    fc.assert(
      fc.property(fc.record({ PASS: fc.nat(3), FAIL: fc.nat(3), NOT_APPLICABLE: fc.nat(3), INSUFFICIENT_EVIDENCE: fc.nat(3) }), (given) => {
        const expected = PRECEDENCE.find((s) => given[s] > 0) ?? 'INSUFFICIENT_EVIDENCE';
        expect(worstStatus(given)).toBe(expected);
      }),
    );
  });
});

describe('rollUp', () => {
  const a = stubControl('a_control_x', { aiRmf: ['MEASURE 9.1'] });
  const b = stubControl('b_control_x', { aiRmf: ['MEASURE 9.1'] });
  const c = stubControl('c_control_x', { aiRmf: ['MEASURE 9.2'] });
  const controls = [a, b, c];

  it('marks a requirement that no control maps to as ATTESTATION_REQUIRED, whatever the findings', () => {
    // Act
    const result = resultOf(TOY, controls, [finding(a.id, 'FAIL'), finding(c.id, 'PASS')], 'GOVERN 9.1');
    // Assess
    expect(result).toMatchObject({ status: 'ATTESTATION_REQUIRED', controls: [], counts: counts() });
  });

  it('marks a requirement whose controls produced no finding as INSUFFICIENT_EVIDENCE, never PASS', () => {
    // Act
    const result = resultOf(TOY, controls, [finding(c.id, 'PASS')], 'MEASURE 9.1');
    // Assess
    expect(result).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE', controls: [a.id, b.id], counts: counts() });
  });

  it.each<[string, FindingStatus[], FindingStatus]>([
    ['one failing finding among passes is FAIL', ['PASS', 'FAIL', 'PASS'], 'FAIL'],
    ['a finding without evidence among passes is INSUFFICIENT_EVIDENCE', ['PASS', 'INSUFFICIENT_EVIDENCE'], 'INSUFFICIENT_EVIDENCE'],
    ['FAIL beats INSUFFICIENT_EVIDENCE', ['INSUFFICIENT_EVIDENCE', 'FAIL'], 'FAIL'],
    ['passes with some not applicable is PASS', ['NOT_APPLICABLE', 'PASS'], 'PASS'],
    ['only not applicable is NOT_APPLICABLE', ['NOT_APPLICABLE', 'NOT_APPLICABLE'], 'NOT_APPLICABLE'],
  ])('takes the worst finding of the mapped controls: %s', (_rule, statuses, expected) => {
    // Prepare: findings spread over the two controls that map the requirement.
    const findings = statuses.map((status, i) => finding(i % 2 === 0 ? a.id : b.id, status, `arn:aws:test:::thing/${i}`));
    // Act
    const result = resultOf(TOY, controls, findings, 'MEASURE 9.1');
    // Assess
    expect(result?.status).toBe(expected);
  });

  it('counts the findings of every mapped control, and ignores those of controls mapped elsewhere', () => {
    // Prepare
    const findings = [finding(a.id, 'PASS', 'r1'), finding(a.id, 'FAIL', 'r2'), finding(b.id, 'PASS', 'r3'), finding(c.id, 'FAIL', 'r4')];
    // Act
    const result = resultOf(TOY, controls, findings, 'MEASURE 9.1');
    // Assess
    expect(result?.counts).toEqual(counts({ PASS: 2, FAIL: 1 }));
  });

  it('reports every requirement once, in framework order, with totals that add up', () => {
    // Act
    const result = rollUp(TOY, controls, [finding(a.id, 'PASS'), finding(c.id, 'FAIL')], { fullyAutomated: TOY_AUTOMATED });
    // Assess
    expect(result.framework).toBe('nist-ai-rmf');
    expect(result.requirements.map((r) => [r.id, r.group, r.status])).toEqual([
      ['MEASURE 9.1', 'MEASURE', 'PASS'],
      ['MEASURE 9.2', 'MEASURE', 'FAIL'],
      ['GOVERN 9.1', 'GOVERN', 'ATTESTATION_REQUIRED'],
    ]);
    expect(result.totals).toEqual({ ...counts({ PASS: 1, FAIL: 1 }), ATTESTED: 0, ATTESTATION_EXPIRED: 0, ATTESTATION_REQUIRED: 1 });
    expect(result.automation).toEqual({ AUTOMATED: 2, PARTLY_AUTOMATED: 0, MANUAL: 1 });
  });

  it('maps controls to each framework through that framework’s own field', () => {
    // Prepare: one control cites the same id under CAF-AI but not under AI RMF or ISO 42001.
    const control = stubControl('only_caf_x', { aiRmf: ['GOVERN 1.1'], cafAi: ['incident-response'], iso42001: [] });
    const findings = [finding(control.id, 'FAIL')];
    // Act
    const caf = resultOf(cafAi, [control], findings, 'incident-response');
    const rmf = resultOf(nistAiRmf, [control], findings, 'GOVERN 1.1');
    const rmfOther = resultOf(nistAiRmf, [control], findings, 'MEASURE 2.7');
    const iso = rollUp(iso42001, [control], findings);
    // Assess
    expect(caf?.status).toBe('FAIL');
    expect(rmf?.status).toBe('FAIL');
    expect(rmfOther?.status).toBe('ATTESTATION_REQUIRED');
    expect(iso.requirements.every((r) => r.status === 'ATTESTATION_REQUIRED')).toBe(true);
  });
});

describe('rollUpCounts', () => {
  /** Counts per control and status, tallied here rather than by the code under test. */
  function tally(findings: readonly Finding[]): Map<string, Record<FindingStatus, number>> {
    const out = new Map<string, Record<FindingStatus, number>>();
    for (const f of findings) {
      const own = out.get(f.controlId) ?? counts();
      own[f.status] += 1;
      out.set(f.controlId, own);
    }
    return out;
  }

  it('gives exactly what rollUp gives over the findings counted, for any findings of the real catalog', () => {
    const ids = [...catalog.map((c) => c.id), 'not_in_the_catalog'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom(...ids), status: fc.constantFrom(...FINDING_STATUSES) }), { maxLength: 60 }),
        fc.constantFrom(nistAiRmf, cafAi, iso42001),
        (picked, framework) => {
          const findings = picked.map(({ id, status }, i) => finding(id, status, `arn:aws:test:::thing/${i}`));
          expect(rollUpCounts(framework, catalog, tally(findings))).toEqual(rollUp(framework, catalog, findings));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads a control counted with no finding as one with no counts at all: INSUFFICIENT_EVIDENCE, never PASS', () => {
    // Prepare
    const a = stubControl('toy_a_checked', { aiRmf: ['MEASURE 9.1'] });
    // Act
    const zero = rollUpCounts(TOY, [a], new Map([[a.id, counts()]]), { fullyAutomated: TOY_AUTOMATED });
    // Assess
    expect(zero.requirements.find((r) => r.id === 'MEASURE 9.1')?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(zero).toEqual(rollUpCounts(TOY, [a], new Map(), { fullyAutomated: TOY_AUTOMATED }));
  });

  it.each([-1, 1.5, Number.NaN])('refuses a count of %s, naming the control and status', (bad) => {
    // Prepare
    const a = stubControl('toy_a_checked', { aiRmf: ['MEASURE 9.1'] });
    // Act / Assess
    expect(() => rollUpCounts(TOY, [a], new Map([[a.id, counts({ FAIL: bad })]]))).toThrow(/FAIL count of control toy_a_checked/);
  });
});

describe('framework definitions', () => {
  it('AI RMF has the 72 subcategories of AI RMF 1.0 under its four functions', () => {
    // Act
    const ids = nistAiRmf.requirements.map((r) => r.id);
    // Assess
    expect(ids).toHaveLength(72);
    expect(new Set(ids).size).toBe(72);
    expect(nistAiRmf.groups).toEqual(['GOVERN', 'MAP', 'MEASURE', 'MANAGE']);
    for (const r of nistAiRmf.requirements) expect(r.id.startsWith(`${r.group} `), r.id).toBe(true);
  });

  it('CAF-AI has the 9 security capabilities, each in one of its two groups', () => {
    // Act
    const ids = cafAi.requirements.map((r) => r.id);
    // Assess
    expect(ids).toHaveLength(9);
    expect(new Set(ids).size).toBe(9);
    for (const r of cafAi.requirements) expect(cafAi.groups).toContain(r.group);
  });

  it('ISO 42001 Annex A has 38 controls across 9 domains', () => {
    // Assess
    expect(iso42001.requirements).toHaveLength(38);
    expect(iso42001.groups).toHaveLength(9);
  });
});

describe('roll-up of the real catalog', () => {
  it('fails closed: with no findings at all, every mapped requirement is INSUFFICIENT_EVIDENCE and none PASS', () => {
    for (const framework of [nistAiRmf, cafAi, iso42001]) {
      // Act
      const result = rollUp(framework, catalog, []);
      // Assess
      expect(result.totals.PASS, framework.id).toBe(0);
      for (const r of result.requirements) {
        expect(r.status, `${framework.id} ${r.id}`).toBe(r.controls.length === 0 ? 'ATTESTATION_REQUIRED' : 'INSUFFICIENT_EVIDENCE');
      }
    }
  });

  it('turns one notebook with root access into a FAIL of every requirement the root access control maps to', () => {
    // Prepare
    const rootControl = catalog.find((c) => c.id === 'sagemaker_notebook_root_access_disabled');
    const evidence = [
      notebookEvidence(describedNotebook('hardened')),
      notebookEvidence(describedNotebook('rooted', { RootAccess: 'Enabled' })),
      loggingEvidence({ loggingConfig: fullLoggingConfig() }),
    ];
    const coverage = [complete(NOTEBOOK_COLLECTOR, 2), complete(LOGGING_COLLECTOR, 1)];
    // The controls that read these two sources: the rest of the catalog would only add INSUFFICIENT_EVIDENCE.
    const judged = catalog.filter((c) => c.collectors.every((id) => id === NOTEBOOK_COLLECTOR || id === LOGGING_COLLECTOR));
    const findings = evaluate(judged, { scopes: [SCOPE], evaluatedAt: EVALUATED_AT, evidence, coverage });
    // Act
    const rmf = rollUp(nistAiRmf, judged, findings);
    const caf = rollUp(cafAi, judged, findings);
    // Assess
    expect(rootControl).toBeDefined();
    for (const id of rootControl?.aiRmf ?? []) expect(rmf.requirements.find((r) => r.id === id)?.status, id).toBe('FAIL');
    for (const id of rootControl?.cafAi ?? []) expect(caf.requirements.find((r) => r.id === id)?.status, id).toBe('FAIL');
    // Bedrock logging is fully compliant: a requirement only it maps to passes if automated, and
    // otherwise still needs the attestation for the part controls cannot show.
    const loggingOnly = rmf.requirements.filter((r) => r.controls.length > 0 && r.controls.every((id) => id.startsWith('bedrock_')));
    expect(loggingOnly.length).toBeGreaterThan(0);
    for (const r of loggingOnly) expect(r.status, r.id).toBe(r.automation === 'AUTOMATED' ? 'PASS' : 'ATTESTATION_REQUIRED');
  });

  it('covers every status a requirement can have, and no other', () => {
    // Act
    const result = rollUp(nistAiRmf, catalog, []);
    // Assess
    expect(Object.keys(result.totals).sort()).toEqual(
      [...FINDING_STATUSES, 'ATTESTED', 'ATTESTATION_EXPIRED', 'ATTESTATION_REQUIRED'].sort(),
    );
  });
});
