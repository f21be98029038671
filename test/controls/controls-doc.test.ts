import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectors } from '../../lib/collectors/index.js';
import { renderControlsDoc } from '../../lib/controls/doc.js';
import { catalog, catalogVersion } from '../../lib/controls/index.js';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'CONTROLS.md');

describe('docs/CONTROLS.md', () => {
  it('is what the catalog generates today (run `npm run docs:controls` after changing a control)', () => {
    // Act
    const expected = renderControlsDoc(catalog, collectors, catalogVersion);
    // Assess
    expect(readFileSync(DOC, 'utf8')).toBe(expected);
  });

  it('has one table row per control, with its mappings', () => {
    // Act
    const doc = renderControlsDoc(catalog, collectors, catalogVersion);
    // Assess
    for (const control of catalog) {
      const row = doc.split('\n').find((l) => l.startsWith(`| [${control.id}](#${control.id}) |`));
      expect(row, control.id).toBeDefined();
      for (const id of control.aiRmf) expect(row, `${control.id} ${id}`).toContain(id);
      for (const id of control.cafAi) expect(row, `${control.id} ${id}`).toContain(id);
    }
  });

  it('keeps a pipe in a title from breaking the table', () => {
    // Prepare
    const [first] = catalog;
    if (first === undefined) throw new Error('empty catalog');
    const piped = { ...first, title: 'A | B' };
    // Act
    const doc = renderControlsDoc([piped], collectors, 'sha256:test');
    // Assess
    expect(doc).toContain('A \\| B');
  });
});
