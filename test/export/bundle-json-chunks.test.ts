import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../lib/export/json-chunks.js';

describe('jsonChunks', () => {
  it('joins to exactly JSON.stringify(value, null, 2), at any depth of walking', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (value, maxDepth) => {
        expect([...jsonChunks(value, 2, maxDepth)].join('')).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out undefined members as JSON.stringify does, and writes them as null in arrays', () => {
    const value = { a: undefined, b: [undefined, 1, { c: 'line\nbreak' }], d: {}, e: [] };
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });
});
