import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAttestation, signAttestation } from '../../lib/attestations/attestation.js';
import { catalog } from '../../lib/controls/index.js';
import type { Finding, FindingStatus } from '../../lib/controls/types.js';
import { FULLY_AUTOMATED } from '../../lib/frameworks/automation.js';
import { euAiAct, type Framework, mappedControls, owaspLlm, requirementsOf } from '../../lib/frameworks/definitions.js';
import { rollUp } from '../../lib/frameworks/rollup.js';
import { attestationOf, attester } from '../fixtures/attestations.js';
import { stubControl } from '../fixtures/controls.js';
import { SCOPE } from '../fixtures/evidence.js';

const DATA_DIR = join(import.meta.dirname, '../../lib/frameworks/data');
const readJson = (file: string) => JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8'));

function finding(controlId: string, status: FindingStatus): Finding {
  return {
    schemaVersion: 1,
    controlId,
    status,
    severity: 'LOW',
    ...SCOPE,
    resource: { type: 'AWS::Test::Thing', id: `arn:aws:test:::thing/${controlId}` },
    reason: `${controlId} is ${status}.`,
    evidence: [],
  };
}

const TABLE_FRAMEWORKS: readonly [string, Framework][] = [
  ['OWASP LLM Top 10', owaspLlm],
  ['EU AI Act', euAiAct],
];

describe('frameworks mapped by a table beside the catalog', () => {
  it('lists every OWASP LLM risk and every EU AI Act article of the data files, in their order', () => {
    // Prepare
    const risks = (readJson('owasp-llm-top10-2025.json') as { risks: { id: string }[] }).risks.map((r) => r.id);
    const articles = (readJson('eu-ai-act.json') as { articles: { id: string }[] }).articles.map((a) => a.id);

    // Act and Assess
    expect(owaspLlm.requirements.map((r) => r.id)).toEqual(risks);
    expect(euAiAct.requirements.map((r) => r.id)).toEqual(articles);
    expect(risks).toHaveLength(10);
    expect(articles).toHaveLength(17);
  });

  describe.each(TABLE_FRAMEWORKS)('%s table', (_name, framework) => {
    const table = framework.mapping ?? {};
    const entries = Object.entries(table).flatMap(([requirement, list]) => list.map((m) => ({ requirement, ...m })));
    const known = new Set(catalog.map((c) => c.id));

    it('names only requirements of the framework and controls of the catalog, each once per requirement', () => {
      // Act
      const unknownRequirements = Object.keys(table).filter((id) => !framework.requirements.some((r) => r.id === id));
      const unknownControls = entries.filter((e) => !known.has(e.control)).map((e) => `${e.requirement} ${e.control}`);
      const repeated = Object.entries(table).filter(([, list]) => new Set(list.map((m) => m.control)).size !== list.length);

      // Assess
      expect(unknownRequirements).toEqual([]);
      expect(unknownControls).toEqual([]);
      expect(repeated).toEqual([]);
      expect(entries.length).toBeGreaterThan(0);
    });

    it('gives every mapping a sentence saying how the control bears on the requirement', () => {
      // Act
      const bad = entries.filter((e) => !/^[A-Z].{20,}\.$/u.test(e.rationale)).map((e) => `${e.requirement} ${e.control}`);

      // Assess
      expect(bad).toEqual([]);
    });

    it('automates only requirements that controls map to', () => {
      // Act
      const unmapped = Object.keys(FULLY_AUTOMATED[framework.id]).filter((id) => (table[id] ?? []).length === 0);

      // Assess
      expect(unmapped).toEqual([]);
    });

    it('inverts the table the same way both ways: control to requirements and requirement to controls', () => {
      // Act
      const fromControls = catalog.flatMap((c) => requirementsOf(framework, c).map((r) => `${r} ${c.id}`)).sort();
      const fromRequirements = framework.requirements.flatMap((r) => mappedControls(framework, catalog, r.id).map((c) => `${r.id} ${c}`));

      // Assess
      expect(fromControls).toEqual(fromRequirements.sort());
      expect(fromControls).toHaveLength(entries.length);
    });
  });

  it('names which risk each OWASP mapping reduces', () => {
    // Prepare
    const titles = new Map(owaspLlm.requirements.map((r) => [r.id, r.text.toLowerCase()]));

    // Act: each rationale starts with its risk's title.
    const off = Object.entries(owaspLlm.mapping ?? {}).flatMap(([id, list]) =>
      list.filter((m) => !m.rationale.toLowerCase().startsWith(`${titles.get(id)}:`)).map((m) => `${id} ${m.control}`),
    );

    // Assess
    expect(off).toEqual([]);
  });
});

describe('rollUp of a table-mapped framework', () => {
  const logging = stubControl('logging_control_x');
  const capture = stubControl('capture_control_x');
  const TABLE: Framework = {
    id: 'eu-ai-act',
    title: 'Toy act',
    source: 'test',
    groups: ['Articles'],
    requirements: [
      { id: 'Art. 12', group: 'Articles', text: 'Record-keeping' },
      { id: 'Art. 4', group: 'Articles', text: 'AI literacy' },
      { id: 'Art. 72', group: 'Articles', text: 'Monitoring' },
    ],
    mapping: {
      'Art. 12': [
        { control: 'logging_control_x', rationale: 'Logs are kept.' },
        { control: 'capture_control_x', rationale: 'Captures are kept.' },
      ],
      'Art. 72': [{ control: 'capture_control_x', rationale: 'Captures are analysed.' }],
    },
  };
  const options = { fullyAutomated: { 'Art. 12': 'test' } };

  it('fails a requirement when any control its table maps fails, and carries each mapping rationale', () => {
    // Act
    const result = rollUp(TABLE, [logging, capture], [finding(logging.id, 'PASS'), finding(capture.id, 'FAIL')], options);

    // Assess
    const art12 = result.requirements.find((r) => r.id === 'Art. 12');
    expect(art12).toMatchObject({ status: 'FAIL', automation: 'AUTOMATED', controls: [logging.id, capture.id] });
    expect(art12?.rationales).toEqual({ [logging.id]: 'Logs are kept.', [capture.id]: 'Captures are kept.' });
  });

  it('passes an automated requirement whose mapped controls all pass, and leaves the metadata mappings aside', () => {
    // Prepare: the stubs' AI RMF metadata names GOVERN 1.1; the table is what counts here.
    const result = rollUp(TABLE, [logging, capture], [finding(logging.id, 'PASS'), finding(capture.id, 'PASS')], options);

    // Assess
    expect(result.requirements.map((r) => [r.id, r.status, r.automation])).toEqual([
      ['Art. 12', 'PASS', 'AUTOMATED'],
      ['Art. 4', 'ATTESTATION_REQUIRED', 'MANUAL'],
      ['Art. 72', 'ATTESTATION_REQUIRED', 'PARTLY_AUTOMATED'],
    ]);
  });

  it('is INSUFFICIENT_EVIDENCE when a mapped control produced no finding, and ignores a table entry the catalog lacks', () => {
    // Act: the catalog here holds only the logging control.
    const result = rollUp(TABLE, [logging], [], options);

    // Assess
    const art12 = result.requirements.find((r) => r.id === 'Art. 12');
    expect(art12).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE', controls: [logging.id] });
    expect(result.requirements.find((r) => r.id === 'Art. 72')).toMatchObject({ automation: 'MANUAL', controls: [] });
  });
});

describe('attestations of the new frameworks', () => {
  it.each([
    ['eu-ai-act', 'Art. 4'],
    ['owasp-llm', 'LLM06:2025'],
  ] as const)('accepts %s requirement %s', async (framework, requirement) => {
    // Act
    const file = await signAttestation(attestationOf({ framework, requirement }), attester);

    // Assess
    expect(openAttestation(file, 'test.attestation.json').attestation).toMatchObject({ framework, requirement });
  });

  it.each([
    ['eu-ai-act', 'Art. 5'],
    ['owasp-llm', 'LLM11:2025'],
  ] as const)('refuses %s requirement %s, which the framework does not have', async (framework, requirement) => {
    // Act and Assess
    await expect(signAttestation(attestationOf({ framework, requirement }), attester)).rejects.toThrow(/is not a requirement of/);
  });
});
