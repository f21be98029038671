import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../lib/controls/index.js';
import { renderParityDoc, securityHubCoverage } from '../../lib/parity/doc.js';
import { PEER_SECTIONS, SECURITY_HUB_AI_STANDARD, SECURITY_HUB_GAPS } from '../../lib/parity/peers.js';
import { stubControl } from '../fixtures/controls.js';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'PARITY.md');

/** The AI Security Best Practices v1.0.0 standard: Bedrock.1, BedrockAgentCore.1-7, SageMaker.1-5 and 8-25. */
const STANDARD = [
  'Bedrock.1',
  ...Array.from({ length: 7 }, (_, i) => `BedrockAgentCore.${i + 1}`),
  ...[1, 2, 3, 4, 5, ...Array.from({ length: 18 }, (_, i) => i + 8)].map((n) => `SageMaker.${n}`),
];

describe('docs/PARITY.md', () => {
  it('is what lib/parity/peers.ts and the catalog generate today (run `npm run docs:parity` after changing either)', () => {
    // Act
    const expected = renderParityDoc(catalog);
    // Assess
    expect(readFileSync(DOC, 'utf8')).toBe(expected);
  });

  it('lists all 31 controls of the Security Hub AI standard, each with our controls or a reason', () => {
    // Act
    const coverage = securityHubCoverage(catalog);
    // Assess
    expect(STANDARD).toHaveLength(31);
    expect(Object.keys(SECURITY_HUB_AI_STANDARD)).toEqual(STANDARD);
    expect(coverage.filter((h) => h.controls.length === 0 && h.gap === undefined).map((h) => h.id)).toEqual([]);
    // Taken from the controls' metadata: every control that names one of these ids is listed against it.
    for (const control of catalog) {
      for (const id of control.securityHubControls.filter((x) => STANDARD.includes(x))) {
        expect(coverage.find((h) => h.id === id)?.controls, `${control.id} ${id}`).toContain(control.id);
      }
    }
  });

  it('keeps no reason for a Security Hub control that a control of ours now carries', () => {
    // Act
    const stale = Object.keys(SECURITY_HUB_GAPS).filter((id) => catalog.some((c) => c.securityHubControls.includes(id)));
    // Assess
    expect(stale).toEqual([]);
    expect(Object.keys(SECURITY_HUB_GAPS).every((id) => STANDARD.includes(id))).toBe(true);
  });

  it('shows a control added for a Security Hub id in place of its reason', () => {
    // Prepare
    const added = stubControl('sagemaker_monitoring_schedule_network_isolated');
    const without = catalog.filter((c) => !c.securityHubControls.includes('SageMaker.25'));
    const withAdded = [...without, { ...added, securityHubControls: ['SageMaker.25'] }];
    // Act
    const row = securityHubCoverage(withAdded).find((h) => h.id === 'SageMaker.25');
    // Assess
    expect(row).toEqual({ id: 'SageMaker.25', title: SECURITY_HUB_AI_STANDARD['SageMaker.25'], controls: [added.id] });
    expect(renderParityDoc(withAdded)).toContain(`| SageMaker.25 | ${row?.title} | \`${added.id}\` |  |`);
  });

  it.each(PEER_SECTIONS.map((s) => [s.title, s] as const))(
    '%s: every row names our controls or a reason, and only controls that exist',
    (_t, section) => {
      // Prepare
      const known = new Set(catalog.map((c) => c.id));
      // Act
      const empty = section.rows.filter((r) => (r.controls ?? []).length === 0 && r.gap === undefined).map((r) => r.concept);
      const unknown = section.rows.flatMap((r) => (r.controls ?? []).filter((id) => !known.has(id)).map((id) => `${r.concept}: ${id}`));
      const repeated = section.rows.map((r) => r.concept).filter((c, i, all) => all.indexOf(c) !== i);
      // Assess
      expect(empty).toEqual([]);
      expect(unknown).toEqual([]);
      expect(repeated).toEqual([]);
    },
  );
});
